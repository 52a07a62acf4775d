// Trigonometric functions of <cmath>: sin cos tan asin acos atan atan2, alone
// and in small compositions, in float and double.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/trigonometric.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/trigonometric.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <cmath>

// Each body is written once; the oracle instantiates it for long double.
#define FUNCTIONS(T, MARK)                                                      \
  MARK T sine(T x) { return std::sin(x); }                                      \
  MARK T cosine(T x) { return std::cos(x); }                                    \
  MARK T tangent(T x) { return std::tan(x); }                                   \
  MARK T arcsine(T x) { return std::asin(x); }                                  \
  MARK T arccosine(T x) { return std::acos(x); }                                \
  MARK T arctangent(T x) { return std::atan(x); }                               \
  MARK T arctangent2(T y, T x) { return std::atan2(y, x); }                     \
  MARK T sin_times_cos(T x, T y) { return std::sin(x) * std::cos(y); }          \
  MARK T sin_of_cos(T x) { return std::sin(std::cos(x)); }                      \
  MARK T pythagoras(T x) {                                                      \
    return std::sin(x) * std::sin(x) + std::cos(x) * std::cos(x);               \
  }                                                                             \
  MARK T asin_plus_acos(T x) { return std::asin(x) + std::acos(x); }            \
  MARK T atan_of_tan(T x) { return std::atan(std::tan(x)); }                    \
  MARK T angle_of(T t) { return std::atan2(std::sin(t), std::cos(t)); }         \
  MARK T polar(T r, T theta, T phi) {                                           \
    T s = r * std::sin(theta);                                                  \
    return s * std::cos(phi) + s * std::sin(phi) + r * std::cos(theta);         \
  }                                                                             \
  MARK T scaled_arg(T x, T y) { return std::tan(x * y) / (2 + std::cos(x)); }

FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

// CHECK-LABEL: inline double sine_grad(double x, double* d_x) {
// CHECK-NEXT:    if (d_x) *d_x += std::cos(x);
// CHECK-NEXT:    return std::sin(x);
// CHECK-LABEL: inline void sine_vjp(double x, double d_ret, double* d_x) {
// CHECK-NEXT:    if (d_x) *d_x += d_ret * std::cos(x);

// CHECK-LABEL: inline double cosine_grad(
// CHECK-NEXT:    if (d_x) *d_x += -std::sin(x);
// CHECK-LABEL: inline void cosine_vjp(
// CHECK-NEXT:    if (d_x) *d_x += -(d_ret * std::sin(x));

// tan' = 1 + tan^2, reusing the value.
// CHECK-LABEL: inline double tangent_grad(
// CHECK-NEXT:    const double out = std::tan(x);
// CHECK-NEXT:    if (d_x) *d_x += 1.0 + out * out;
// CHECK-NEXT:    return out;

// CHECK-LABEL: inline double arcsine_grad(
// CHECK-NEXT:    if (d_x) *d_x += 1.0 / std::sqrt(1.0 - x * x);
// CHECK-LABEL: inline void arcsine_vjp(
// CHECK-NEXT:    if (d_x) *d_x += d_ret / std::sqrt(1.0 - x * x);
// CHECK-LABEL: inline double arccosine_grad(
// CHECK-NEXT:    if (d_x) *d_x += -(1.0 / std::sqrt(1.0 - x * x));
// CHECK-LABEL: inline double arctangent_grad(
// CHECK-NEXT:    if (d_x) *d_x += 1.0 / (1.0 + x * x);

// atan2(y, x): the common denominator y^2 + x^2 is computed once.
// CHECK-LABEL: inline double arctangent2_grad(double y, double x, double* d_y, double* d_x) {
// CHECK-NEXT:    const double t0 = y * y + x * x;
// CHECK-NEXT:    if (d_y) *d_y += x / t0;
// CHECK-NEXT:    if (d_x) *d_x += -(y / t0);
// CHECK-NEXT:    return std::atan2(y, x);

// The primal's sin(x) and cos(y) are shared with the gradient.
// CHECK-LABEL: inline double sin_times_cos_grad(
// CHECK-NEXT:    const double t0 = std::sin(x);
// CHECK-NEXT:    const double t1 = std::cos(y);
// CHECK-NEXT:    if (d_x) *d_x += t1 * std::cos(x);
// CHECK-NEXT:    if (d_y) *d_y += -(t0 * std::sin(y));
// CHECK-NEXT:    return t0 * t1;

// CHECK-LABEL: inline double sin_of_cos_grad(
// CHECK-NEXT:    const double t0 = std::cos(x);
// CHECK-NEXT:    if (d_x) *d_x += -(std::cos(t0) * std::sin(x));
// CHECK-NEXT:    return std::sin(t0);

// The float versions compute in float: float literals, no promotion.
// CHECK-LABEL: inline float sine_grad(float x, float* d_x) {
// CHECK-NEXT:    if (d_x) *d_x += std::cos(x);
// CHECK-LABEL: inline float tangent_grad(float x, float* d_x) {
// CHECK-NEXT:    const float out = std::tan(x);
// CHECK-NEXT:    if (d_x) *d_x += 1.0f + out * out;
// CHECK-LABEL: inline float arcsine_grad(float x, float* d_x) {
// CHECK-NEXT:    if (d_x) *d_x += 1.0f / std::sqrt(1.0f - x * x);
// CHECK-LABEL: inline float arctangent2_grad(float y, float x, float* d_y, float* d_x) {
// CHECK-NEXT:    const float t0 = y * y + x * x;
// CHECK-NEXT:    if (d_y) *d_y += x / t0;
// CHECK-NEXT:    if (d_x) *d_x += -(y / t0);

#ifndef ADGEN_TOOL
#include "trigonometric.grad.h"
#include "oracle.h"

FUNCTIONS(long double, )

int main() {
#define CHECKS(T)                                                               \
  ORACLE_CHECK1(T, sine, 0.5);                                                  \
  ORACLE_CHECK1(T, sine, -2);                                                   \
  ORACLE_CHECK1(T, sine, 0);                                                    \
  ORACLE_CHECK1(T, cosine, 0.5);                                                \
  ORACLE_CHECK1(T, cosine, 3);                                                  \
  ORACLE_CHECK1(T, cosine, 0);                                                  \
  ORACLE_CHECK1(T, tangent, 0.5);                                               \
  ORACLE_CHECK1(T, tangent, -1.25);                                             \
  ORACLE_CHECK1(T, tangent, 0);                                                 \
  ORACLE_CHECK1(T, arcsine, 0.5);                                               \
  ORACLE_CHECK1(T, arcsine, -0.75);                                             \
  ORACLE_CHECK1(T, arcsine, 0);                                                 \
  ORACLE_CHECK1(T, arccosine, 0.5);                                             \
  ORACLE_CHECK1(T, arccosine, -0.75);                                           \
  ORACLE_CHECK1(T, arccosine, 0);                                               \
  ORACLE_CHECK1(T, arctangent, 1);                                              \
  ORACLE_CHECK1(T, arctangent, -3);                                             \
  ORACLE_CHECK1(T, arctangent, 0);                                              \
  ORACLE_CHECK2(T, arctangent2, 1, 1);                                          \
  ORACLE_CHECK2(T, arctangent2, 1, -1);                                         \
  ORACLE_CHECK2(T, arctangent2, -1, -1);                                        \
  ORACLE_CHECK2(T, arctangent2, -1, 1);                                         \
  ORACLE_CHECK2(T, arctangent2, 0.5, 0);                                        \
  ORACLE_CHECK2(T, arctangent2, 2, -0.5);                                       \
  ORACLE_CHECK2(T, sin_times_cos, 0.5, -1);                                     \
  ORACLE_CHECK2(T, sin_times_cos, 2, 3);                                        \
  ORACLE_CHECK1(T, sin_of_cos, 0.75);                                           \
  ORACLE_CHECK1(T, sin_of_cos, -2.5);                                           \
  ORACLE_CHECK1(T, pythagoras, 0.75);                                           \
  ORACLE_CHECK1(T, asin_plus_acos, 0.25);                                       \
  ORACLE_CHECK1(T, atan_of_tan, 0.5);                                           \
  ORACLE_CHECK1(T, atan_of_tan, -1);                                            \
  ORACLE_CHECK1(T, angle_of, 2.5);                                              \
  ORACLE_CHECK1(T, angle_of, -2.5);                                             \
  ORACLE_CHECK1(T, angle_of, 0.25);                                             \
  ORACLE_CHECK3(T, polar, 2, 0.5, -1);                                          \
  ORACLE_CHECK3(T, polar, 0.5, 2.5, 1.5);                                       \
  ORACLE_CHECK2(T, scaled_arg, 0.5, 1.5);                                       \
  ORACLE_CHECK2(T, scaled_arg, -1, 0.25);
  CHECKS(double)
  CHECKS(float)
}
#endif

// Hand-derived where it is short (sin' = cos, atan'(x) = 1 / (1 + x^2), atan2's
// gradient (x, -y) / (x^2 + y^2) in each quadrant, identities whose derivative is
// 1 or 0); every line is also checked against long-double central differences ("ok").
// EXEC: sine<double>(0.5): value 0.479426 grad [0.877583] ok
// EXEC: sine<double>(-2): value -0.909297 grad [-0.416147] ok
// EXEC: sine<double>(0): value 0 grad [1] ok
// EXEC: cosine<double>(0.5): value 0.877583 grad [-0.479426] ok
// EXEC: cosine<double>(3): value -0.989992 grad [-0.14112] ok
// EXEC: cosine<double>(0): value 1 grad [0] ok
// EXEC: tangent<double>(0.5): value 0.546302 grad [1.29845] ok
// EXEC: tangent<double>(-1.25): value -3.00957 grad [10.0575] ok
// EXEC: tangent<double>(0): value 0 grad [1] ok
// EXEC: arcsine<double>(0.5): value 0.523599 grad [1.1547] ok
// EXEC: arcsine<double>(-0.75): value -0.848062 grad [1.51186] ok
// EXEC: arcsine<double>(0): value 0 grad [1] ok
// EXEC: arccosine<double>(0.5): value 1.0472 grad [-1.1547] ok
// EXEC: arccosine<double>(-0.75): value 2.41886 grad [-1.51186] ok
// EXEC: arccosine<double>(0): value 1.5708 grad [-1] ok
// EXEC: arctangent<double>(1): value 0.785398 grad [0.5] ok
// EXEC: arctangent<double>(-3): value -1.24905 grad [0.1] ok
// EXEC: arctangent<double>(0): value 0 grad [1] ok
// EXEC: arctangent2<double>(1, 1): value 0.785398 grad [0.5, -0.5] ok
// EXEC: arctangent2<double>(1, -1): value 2.35619 grad [-0.5, -0.5] ok
// EXEC: arctangent2<double>(-1, -1): value -2.35619 grad [-0.5, 0.5] ok
// EXEC: arctangent2<double>(-1, 1): value -0.785398 grad [0.5, 0.5] ok
// EXEC: arctangent2<double>(0.5, 0): value 1.5708 grad [0, -2] ok
// EXEC: arctangent2<double>(2, -0.5): value 1.81577 grad [-0.117647, -0.470588] ok
// EXEC: sin_times_cos<double>(0.5, -1): value 0.259035 grad [0.47416, 0.403423] ok
// EXEC: sin_times_cos<double>(2, 3): value -0.900198 grad [0.411982, -0.12832] ok
// EXEC: sin_of_cos<double>(0.75): value 0.668127 grad [-0.507171] ok
// EXEC: sin_of_cos<double>(-2.5): value -0.718152 grad [0.416468] ok
// EXEC: pythagoras<double>(0.75): value 1 grad [{{.*}}] ok
// EXEC: asin_plus_acos<double>(0.25): value 1.5708 grad [0] ok
// EXEC: atan_of_tan<double>(0.5): value 0.5 grad [1] ok
// EXEC: atan_of_tan<double>(-1): value -1 grad [1] ok
// EXEC: angle_of<double>(2.5): value 2.5 grad [1] ok
// EXEC: angle_of<double>(-2.5): value -2.5 grad [1] ok
// EXEC: angle_of<double>(0.25): value 0.25 grad [1] ok
// EXEC: polar<double>(2, 0.5, -1): value 1.46639 grad [0.733195, -1.48745, 1.32491] ok
// EXEC: polar<double>(0.5, 2.5, 1.5): value -0.0809182 grad [-0.161836, -0.72714, -0.277319] ok
// EXEC: scaled_arg<double>(0.5, 1.5): value 0.323743 grad [1.02761, 0.324556] ok
// EXEC: scaled_arg<double>(-1, 0.25): value -0.100516 grad [0.138126, -0.41932] ok
// EXEC: sine<float>(0.5): value 0.479426 grad [0.877583] ok
// EXEC: sine<float>(-2): value -0.909297 grad [-0.416147] ok
// EXEC: sine<float>(0): value 0 grad [1] ok
// EXEC: cosine<float>(0.5): value 0.877583 grad [-0.479426] ok
// EXEC: cosine<float>(3): value -0.989992 grad [-0.14112] ok
// EXEC: cosine<float>(0): value 1 grad [0] ok
// EXEC: tangent<float>(0.5): value 0.546302 grad [1.29845] ok
// EXEC: tangent<float>(-1.25): value -3.00957 grad [10.0575] ok
// EXEC: tangent<float>(0): value 0 grad [1] ok
// EXEC: arcsine<float>(0.5): value 0.523599 grad [1.1547] ok
// EXEC: arcsine<float>(-0.75): value -0.848062 grad [1.51186] ok
// EXEC: arcsine<float>(0): value 0 grad [1] ok
// EXEC: arccosine<float>(0.5): value 1.0472 grad [-1.1547] ok
// EXEC: arccosine<float>(-0.75): value 2.41886 grad [-1.51186] ok
// EXEC: arccosine<float>(0): value 1.5708 grad [-1] ok
// EXEC: arctangent<float>(1): value 0.785398 grad [0.5] ok
// EXEC: arctangent<float>(-3): value -1.24905 grad [0.1] ok
// EXEC: arctangent<float>(0): value 0 grad [1] ok
// EXEC: arctangent2<float>(1, 1): value 0.785398 grad [0.5, -0.5] ok
// EXEC: arctangent2<float>(1, -1): value 2.35619 grad [-0.5, -0.5] ok
// EXEC: arctangent2<float>(-1, -1): value -2.35619 grad [-0.5, 0.5] ok
// EXEC: arctangent2<float>(-1, 1): value -0.785398 grad [0.5, 0.5] ok
// EXEC: arctangent2<float>(0.5, 0): value 1.5708 grad [0, -2] ok
// EXEC: arctangent2<float>(2, -0.5): value 1.81577 grad [-0.117647, -0.470588] ok
// EXEC: sin_times_cos<float>(0.5, -1): value 0.259035 grad [0.47416, 0.403423] ok
// EXEC: sin_times_cos<float>(2, 3): value -0.900198 grad [0.411982, -0.12832] ok
// EXEC: sin_of_cos<float>(0.75): value 0.668127 grad [-0.507171] ok
// EXEC: sin_of_cos<float>(-2.5): value -0.718152 grad [0.416468] ok
// EXEC: pythagoras<float>(0.75): value 1 grad [{{.*}}] ok
// EXEC: asin_plus_acos<float>(0.25): value 1.5708 grad [0] ok
// EXEC: atan_of_tan<float>(0.5): value 0.5 grad [1] ok
// EXEC: atan_of_tan<float>(-1): value -1 grad [1] ok
// EXEC: angle_of<float>(2.5): value 2.5 grad [1] ok
// EXEC: angle_of<float>(-2.5): value -2.5 grad [1] ok
// EXEC: angle_of<float>(0.25): value 0.25 grad [1] ok
// EXEC: polar<float>(2, 0.5, -1): value 1.46639 grad [0.733195, -1.48745, 1.32491] ok
// EXEC: polar<float>(0.5, 2.5, 1.5): value -0.0809182 grad [-0.161836, -0.72714, -0.277319] ok
// EXEC: scaled_arg<float>(0.5, 1.5): value 0.323743 grad [1.02761, 0.324556] ok
// EXEC: scaled_arg<float>(-1, 0.25): value -0.100516 grad [0.138126, -0.41932] ok
