// try/catch in a differentiable function: handle errors outside it.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:3: exceptions ('try', 'catch', 'throw') cannot be differentiated; handle
  try {
    x = x * 2;
  } catch (...) {
  }
  return x;
}
