#include <adgen/adgen.h>

#if __cplusplus < 202002L
#error "adgen should parse this file as C++20, the target's CXX_STANDARD"
#endif
#if defined(ADGEN_TOOL) && !defined(ADGEN_OPTIONS_EXTRA)
#error "EXTRA_ARGS should reach adgen (and only adgen)"
#endif

ADGEN_DIFFERENTIABLE double scaled(double x) { return SCALE * x * x; }
