// 'throw' in a differentiable function: check the input before calling it.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) {
  if (x < 0)
    // ERROR@+1:5: exceptions ('try', 'catch', 'throw') cannot be differentiated; handle
    throw 1;
  return x;
}
