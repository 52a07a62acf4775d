// Another translation unit: sees only the declarations and the generated header.
#include "model.h"
#include "model.grad.h"

#include <cmath>
#include <cstdio>

int main() {
  double dx = 0, dk = 0;
  double e = physics::spring_energy_grad(2.0, 3.0, &dx, &dk);
  // Hand-derived: d/dx = k x = 6, d/dk = x^2 / 2 = 2.
  std::printf("energy %g dx %g dk %g primal %g\n", e, dx, dk, physics::spring_energy(2.0, 3.0));
  float dv = 0, dc = 0;
  physics::detail::damped_grad(0.5f, 2.0f, &dv, &dc);
  // d/dv = e^{-cv} (1 - c v) = e^{-1} * 0 = 0; d/dc = -v^2 e^{-cv} = -0.25 e^{-1}.
  std::printf("damped dv %.6f dc %.6f want %.6f\n", dv, dc, -0.25 * std::exp(-1.0));
}
