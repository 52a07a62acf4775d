#include <adgen/adgen.h>

ADGEN_DIFFERENTIABLE float cube(float x) { return x * x * x; }
