// ADGEN_CUSTOM_VJP names a vjp that is not declared: Clang's error. Declare lib_fn_vjp first.
#include <adgen/adgen.h>
double lib_fn(double x);
// ERROR@+1:26: use of undeclared identifier 'lib_fn_vjp'
ADGEN_CUSTOM_VJP(lib_fn, lib_fn_vjp);
