// ADGEN_GRADIENT names a function whose body adgen cannot see: include the header that defines it.
#include <adgen/adgen.h>
double external(double x);
// ERROR@+1:1: ADGEN_GRADIENT names 'external', whose body adgen cannot see;
ADGEN_GRADIENT(external, x);
