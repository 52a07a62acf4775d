// The data set: two interleaved spirals in the plane, one per class, made
// deterministically from a seed (adgen's Generator, the same numbers on every
// platform).
#pragma once
#include <adgen/tensor.h>

#include <cstdint>
#include <vector>

namespace mlp {

struct Spirals {
  adgen::Tensor x;             // [N, 2], the points, within about [-1, 1]^2
  std::vector<int64_t> y;      // [N], their classes: 0 or 1
};

/// n points per class (2 n in all, the classes alternating), each arm turning
/// `turns` times around the origin from radius 0.05 to 1, with Gaussian noise
/// of standard deviation `noise` added to both coordinates.
Spirals make_spirals(int64_t n, uint64_t seed, double turns, double noise);

} // namespace mlp
