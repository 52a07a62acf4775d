// The vjp given to ADGEN_CUSTOM_VJP has the wrong signature: use the type the message gives.
#include <adgen/adgen.h>
double lib_fn(double x, double y);
void lib_fn_vjp(double x, double d_ret, double *d_x);
// ERROR@+1:1: ADGEN_CUSTOM_VJP: 'lib_fn_vjp' must have the type 'void (double,
ADGEN_CUSTOM_VJP(lib_fn, lib_fn_vjp);
