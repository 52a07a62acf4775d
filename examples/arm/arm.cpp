// The arm's forward kinematics, the function adgen differentiates.
#include "arm.h"

#include <cmath>

namespace arm {

ADGEN_DIFFERENTIABLE ADGEN_MULTI_SEED void pose(const double* q, ADGEN_NO_GRAD const double* lengths,
                                                int links, double* tip) {
  double heading = 0, x = 0, y = 0;
  for (int i = 0; i < links; ++i) {
    heading += q[i];
    x += lengths[i] * std::cos(heading);
    y += lengths[i] * std::sin(heading);
  }
  tip[0] = x;
  tip[1] = y;
  tip[2] = heading;
}

} // namespace arm
