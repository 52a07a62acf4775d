// A planar arm of `links` revolute joints: the pose of its tip (x, y and
// the heading) from its joint angles q. adgen reads arm.cpp and, because
// arm_pose is marked ADGEN_MULTI_SEED, generates arm_pose_vjp_multi<K>:
// the three rows of the pose's Jacobian from one forward sweep.
#pragma once
#include <adgen/adgen.h>

namespace arm {

ADGEN_DIFFERENTIABLE ADGEN_MULTI_SEED void pose(const double* q, ADGEN_NO_GRAD const double* lengths,
                                                int links, double* tip);

} // namespace arm
