// A thread_local local keeps state between calls: make it a parameter or a constant.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:23: static local variable 'last' keeps state between calls and
  thread_local double last = 1;
  return x * last;
}
