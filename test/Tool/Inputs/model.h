// Declarations of the marked functions of model.cpp.
#pragma once
namespace physics {
double spring_energy(double x, double k);
namespace detail {
float damped(float v, float c);
}
} // namespace physics
