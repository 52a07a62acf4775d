// A switch without braces: put the cases in a { } block.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x, int k) {
  // ERROR@+1:3: a 'switch' without braces is not supported
  switch (k) case 0: return x;
  return 2 * x;
}
