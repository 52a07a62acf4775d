// A marked function that falls off its end without a return: end it with 'return expr;'.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) {
  x = x * 2;
// ERROR@+1:1: a differentiable function must return a value on every path
}
