// Uses the gradient adgen generated at build time.
#include "pendulum.h"
#include "pendulum.grad.h"

#include <cmath>
#include <cstdio>

int main() {
  double l = 2.0, a = 0.5, v = 3.0;
  double dl = 0, da = 0, dv = 0;
  double e = pendulum::energy_grad(l, a, v, &dl, &da, &dv);
  std::printf("energy %.6f (primal %.6f)\n", e, pendulum::energy(l, a, v));
  std::printf("d/dlength %.6f d/dangle %.6f d/dspeed %.6f\n", dl, da, dv);
  // By hand: g (1 - cos a), g l sin a, v.
  std::printf("by hand   %.6f           %.6f           %.6f\n", 9.81 * (1 - std::cos(a)),
              9.81 * l * std::sin(a), v);
}
