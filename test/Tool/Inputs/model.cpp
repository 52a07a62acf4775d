// Marked functions defined in their own translation unit.
#include "model.h"

#include <adgen/adgen.h>
#include <cmath>

namespace physics {
ADGEN_DIFFERENTIABLE double spring_energy(double x, double k) { return 0.5 * k * x * x; }
namespace detail {
ADGEN_DIFFERENTIABLE float damped(float v, float c) { return std::exp(-c * v) * v; }
} // namespace detail
} // namespace physics
