#include "data.h"

#include <cmath>

namespace mlp {

Spirals make_spirals(int64_t n, uint64_t seed, double turns, double noise) {
  const double pi = 3.14159265358979323846;
  adgen::Generator gen(seed);
  // Standard normal noise from the generator: Box-Muller on two uniforms.
  auto normal = [&gen, pi]() {
    double u1 = 1.0 - gen.uniform<double>(); // (0, 1]
    double u2 = gen.uniform<double>();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2 * pi * u2);
  };
  Spirals s;
  s.x = adgen::zeros<float>({2 * n, 2});
  s.y.resize(static_cast<size_t>(2 * n));
  float *p = s.x.data();
  for (int64_t i = 0; i < n; ++i) {
    // Along the arm: radius r in [0.05, 1], the angle growing with it.
    double r = 0.05 + 0.95 * (n > 1 ? static_cast<double>(i) / static_cast<double>(n - 1) : 0.0);
    for (int64_t c = 0; c < 2; ++c) {
      double angle = 2 * pi * turns * r + pi * static_cast<double>(c); // class 1: rotated by pi
      int64_t k = 2 * i + c;
      p[2 * k] = static_cast<float>(r * std::cos(angle) + noise * normal());
      p[2 * k + 1] = static_cast<float>(r * std::sin(angle) + noise * normal());
      s.y[static_cast<size_t>(k)] = c;
    }
  }
  return s;
}

} // namespace mlp
