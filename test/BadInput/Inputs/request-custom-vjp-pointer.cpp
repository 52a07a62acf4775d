// ADGEN_CUSTOM_VJP for a function with a pointer parameter is not supported yet: write the function so adgen can see its body.
#include <adgen/adgen.h>
double total(const double *x);
void total_vjp(const double *x, double d_ret, double *d_x);
// ERROR@+1:1: ADGEN_CUSTOM_VJP: 'total' must take and return float, double
ADGEN_CUSTOM_VJP(total, total_vjp);
