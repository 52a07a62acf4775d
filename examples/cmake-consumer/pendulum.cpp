// The model: the energy of a pendulum of unit mass. adgen differentiates it.
#include "pendulum.h"

#include <adgen/adgen.h>
#include <units.h>

#include <cmath>

namespace pendulum {

ADGEN_DIFFERENTIABLE double energy(double length, double angle, double speed) {
  double height = length * (1.0 - std::cos(angle));
  return units::half * speed * speed + units::gravity * height;
}

} // namespace pendulum
