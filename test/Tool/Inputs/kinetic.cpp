// A second translation unit with marked functions of its own.
#include "model.h"

#include <adgen/adgen.h>

namespace physics {
ADGEN_DIFFERENTIABLE double kinetic_energy(double m, double v) { return 0.5 * m * v * v; }
} // namespace physics
