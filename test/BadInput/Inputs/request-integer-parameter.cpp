// ADGEN_GRADIENT names an integer parameter: the error is at the parameter,
// with a note at the request.
#include <adgen/adgen.h>
namespace m {
// ERROR@+1:24: parameter 'k' was requested by ADGEN_GRADIENT but is not floating point
double scale(double x, int k) { return x * k; }
} // namespace m
// NOTE@+1:1: 'm::scale' is differentiated for this ADGEN_GRADIENT
ADGEN_GRADIENT(m::scale, k);
