// ADGEN_CUSTOM_VJP for a function returning a pointer: custom derivatives take and return float, double or integers.
#include <adgen/adgen.h>
const double *pick(double x);
void pick_vjp(double x, double d_ret, double *d_x);
// ERROR@+1:1: ADGEN_CUSTOM_VJP: 'pick' must take and return float, double
ADGEN_CUSTOM_VJP(pick, pick_vjp);
