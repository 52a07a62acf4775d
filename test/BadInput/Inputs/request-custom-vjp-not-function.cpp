// ADGEN_CUSTOM_VJP given something that is not a function: name two functions, ADGEN_CUSTOM_VJP(f, f_vjp).
#include <adgen/adgen.h>
double lib_fn(double x);
constexpr int not_a_function = 0;
// ERROR@+1:1: ADGEN_CUSTOM_VJP must name two functions: ADGEN_CUSTOM_VJP(f, f_vjp)
ADGEN_CUSTOM_VJP(lib_fn, not_a_function);
