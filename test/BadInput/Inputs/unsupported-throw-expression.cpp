// 'throw' inside an expression: check the input before calling the function.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:23: exceptions ('throw') cannot be differentiated; handle errors outside
  return x >= 0 ? x : throw 1;
}
