// Hyperbolic functions of <cmath>: sinh cosh tanh asinh acosh atanh, alone and
// in small compositions, in float and double.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/hyperbolic.grad.h -- -std=c++17
// RUN: FileCheck %s < %t/hyperbolic.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s --check-prefix=EXEC
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s --check-prefix=EXEC

#include <adgen/adgen.h>
#include <cmath>

// Each body is written once; the oracle instantiates it for long double.
#define FUNCTIONS(T, MARK)                                                      \
  MARK T hsine(T x) { return std::sinh(x); }                                    \
  MARK T hcosine(T x) { return std::cosh(x); }                                  \
  MARK T htangent(T x) { return std::tanh(x); }                                 \
  MARK T area_hsine(T x) { return std::asinh(x); }                              \
  MARK T area_hcosine(T x) { return std::acosh(x); }                            \
  MARK T area_htangent(T x) { return std::atanh(x); }                           \
  MARK T cosh2_minus_sinh2(T x) {                                               \
    return std::cosh(x) * std::cosh(x) - std::sinh(x) * std::sinh(x);           \
  }                                                                             \
  MARK T asinh_of_sinh(T x) { return std::asinh(std::sinh(x)); }                \
  MARK T atanh_of_tanh(T x) { return std::atanh(std::tanh(x)); }                \
  MARK T acosh_of_cosh(T x) { return std::acosh(std::cosh(x)); }                \
  MARK T tanh_layer(T w, T x, T b) { return std::tanh(w * x + b); }             \
  MARK T mixed(T x, T y) { return std::sinh(x) * std::tanh(y) + std::cosh(x * y); }

FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

// CHECK-LABEL: inline double hsine_grad(double x, double* d_x) {
// CHECK-NEXT:    if (d_x) *d_x += std::cosh(x);
// CHECK-NEXT:    return std::sinh(x);
// CHECK-LABEL: inline void hsine_vjp(double x, double d_ret, double* d_x) {
// CHECK-NEXT:    if (d_x) *d_x += d_ret * std::cosh(x);
// CHECK-LABEL: inline double hcosine_grad(
// CHECK-NEXT:    if (d_x) *d_x += std::sinh(x);

// tanh' = 1 - tanh^2, reusing the value.
// CHECK-LABEL: inline double htangent_grad(
// CHECK-NEXT:    const double out = std::tanh(x);
// CHECK-NEXT:    if (d_x) *d_x += 1.0 - out * out;
// CHECK-NEXT:    return out;
// CHECK-LABEL: inline void htangent_vjp(
// CHECK:           *d_x += d_ret * (1.0 - out * out);

// CHECK-LABEL: inline double area_hsine_grad(
// CHECK-NEXT:    if (d_x) *d_x += 1.0 / std::sqrt(x * x + 1.0);
// CHECK-LABEL: inline double area_hcosine_grad(
// CHECK-NEXT:    if (d_x) *d_x += 1.0 / std::sqrt(x * x - 1.0);
// CHECK-LABEL: inline double area_htangent_grad(
// CHECK-NEXT:    if (d_x) *d_x += 1.0 / (1.0 - x * x);
// CHECK-LABEL: inline void area_htangent_vjp(
// CHECK-NEXT:    if (d_x) *d_x += d_ret / (1.0 - x * x);

// A tanh unit: 1 - tanh^2 is computed once and shared by the three inputs.
// CHECK-LABEL: inline double tanh_layer_grad(
// CHECK-NEXT:    const double out = std::tanh(w * x + b);
// CHECK-NEXT:    const double t0 = 1.0 - out * out;
// CHECK-NEXT:    if (d_w) *d_w += t0 * x;
// CHECK-NEXT:    if (d_x) *d_x += t0 * w;
// CHECK-NEXT:    if (d_b) *d_b += t0;
// CHECK-NEXT:    return out;

// The float versions compute in float.
// CHECK-LABEL: inline float htangent_grad(float x, float* d_x) {
// CHECK-NEXT:    const float out = std::tanh(x);
// CHECK-NEXT:    if (d_x) *d_x += 1.0f - out * out;
// CHECK-LABEL: inline float area_hcosine_grad(float x, float* d_x) {
// CHECK-NEXT:    if (d_x) *d_x += 1.0f / std::sqrt(x * x - 1.0f);

#ifndef ADGEN_TOOL
#include "hyperbolic.grad.h"
#include "oracle.h"

FUNCTIONS(long double, )

int main() {
#define CHECKS(T)                                                               \
  ORACLE_CHECK1(T, hsine, 0.5);                                                 \
  ORACLE_CHECK1(T, hsine, -2);                                                  \
  ORACLE_CHECK1(T, hsine, 0);                                                   \
  ORACLE_CHECK1(T, hcosine, 0.5);                                               \
  ORACLE_CHECK1(T, hcosine, -2);                                                \
  ORACLE_CHECK1(T, hcosine, 0);                                                 \
  ORACLE_CHECK1(T, htangent, 0.5);                                              \
  ORACLE_CHECK1(T, htangent, -2);                                               \
  ORACLE_CHECK1(T, htangent, 0);                                                \
  ORACLE_CHECK1(T, area_hsine, 0.75);                                           \
  ORACLE_CHECK1(T, area_hsine, -3);                                             \
  ORACLE_CHECK1(T, area_hsine, 0);                                              \
  ORACLE_CHECK1(T, area_hcosine, 1.25);                                         \
  ORACLE_CHECK1(T, area_hcosine, 2);                                            \
  ORACLE_CHECK1(T, area_hcosine, 10);                                           \
  ORACLE_CHECK1(T, area_htangent, 0.5);                                         \
  ORACLE_CHECK1(T, area_htangent, -0.75);                                       \
  ORACLE_CHECK1(T, area_htangent, 0);                                           \
  ORACLE_CHECK1(T, cosh2_minus_sinh2, 0.75);                                    \
  ORACLE_CHECK1(T, asinh_of_sinh, 0.5);                                         \
  ORACLE_CHECK1(T, asinh_of_sinh, -1.5);                                        \
  ORACLE_CHECK1(T, atanh_of_tanh, 0.5);                                         \
  ORACLE_CHECK1(T, atanh_of_tanh, -1.5);                                        \
  ORACLE_CHECK1(T, acosh_of_cosh, 0.5);                                         \
  ORACLE_CHECK1(T, acosh_of_cosh, 1.5);                                         \
  ORACLE_CHECK3(T, tanh_layer, 0.5, 2, -0.25);                                  \
  ORACLE_CHECK3(T, tanh_layer, -1.5, 0.75, 0.5);                                \
  ORACLE_CHECK2(T, mixed, 0.5, -1);                                             \
  ORACLE_CHECK2(T, mixed, 1.25, 0.75);
  CHECKS(double)
  CHECKS(float)
}
#endif

// Hand-derived where it is short (sinh' = cosh, asinh'(0.75) = 1 / 1.25,
// acosh'(1.25) = 1 / 0.75, atanh'(0.5) = 1 / 0.75, identities whose derivative is
// 1 or 0); every line is also checked against long-double central differences ("ok").
// EXEC: hsine<double>(0.5): value 0.521095 grad [1.12763] ok
// EXEC: hsine<double>(-2): value -3.62686 grad [3.7622] ok
// EXEC: hsine<double>(0): value 0 grad [1] ok
// EXEC: hcosine<double>(0.5): value 1.12763 grad [0.521095] ok
// EXEC: hcosine<double>(-2): value 3.7622 grad [-3.62686] ok
// EXEC: hcosine<double>(0): value 1 grad [0] ok
// EXEC: htangent<double>(0.5): value 0.462117 grad [0.786448] ok
// EXEC: htangent<double>(-2): value -0.964028 grad [0.0706508] ok
// EXEC: htangent<double>(0): value 0 grad [1] ok
// EXEC: area_hsine<double>(0.75): value 0.693147 grad [0.8] ok
// EXEC: area_hsine<double>(-3): value -1.81845 grad [0.316228] ok
// EXEC: area_hsine<double>(0): value 0 grad [1] ok
// EXEC: area_hcosine<double>(1.25): value 0.693147 grad [1.33333] ok
// EXEC: area_hcosine<double>(2): value 1.31696 grad [0.57735] ok
// EXEC: area_hcosine<double>(10): value 2.99322 grad [0.100504] ok
// EXEC: area_htangent<double>(0.5): value 0.549306 grad [1.33333] ok
// EXEC: area_htangent<double>(-0.75): value -0.972955 grad [2.28571] ok
// EXEC: area_htangent<double>(0): value 0 grad [1] ok
// EXEC: cosh2_minus_sinh2<double>(0.75): value 1 grad [{{.*}}] ok
// EXEC: asinh_of_sinh<double>(0.5): value 0.5 grad [1] ok
// EXEC: asinh_of_sinh<double>(-1.5): value -1.5 grad [1] ok
// EXEC: atanh_of_tanh<double>(0.5): value 0.5 grad [1] ok
// EXEC: atanh_of_tanh<double>(-1.5): value -1.5 grad [1] ok
// EXEC: acosh_of_cosh<double>(0.5): value 0.5 grad [1] ok
// EXEC: acosh_of_cosh<double>(1.5): value 1.5 grad [1] ok
// EXEC: tanh_layer<double>(0.5, 2, -0.25): value 0.635149 grad [1.19317, 0.298293, 0.596586] ok
// EXEC: tanh_layer<double>(-1.5, 0.75, 0.5): value -0.5546 grad [0.519314, -1.03863, 0.692419] ok
// EXEC: mixed<double>(0.5, -1): value 0.730763 grad [-0.337698, -0.041701] ok
// EXEC: mixed<double>(1.25, 0.75): value 2.49005 grad [2.01017, 2.30692] ok
// EXEC: hsine<float>(0.5): value 0.521095 grad [1.12763] ok
// EXEC: hsine<float>(-2): value -3.62686 grad [3.7622] ok
// EXEC: hsine<float>(0): value 0 grad [1] ok
// EXEC: hcosine<float>(0.5): value 1.12763 grad [0.521095] ok
// EXEC: hcosine<float>(-2): value 3.7622 grad [-3.62686] ok
// EXEC: hcosine<float>(0): value 1 grad [0] ok
// EXEC: htangent<float>(0.5): value 0.462117 grad [0.786448] ok
// EXEC: htangent<float>(-2): value -0.964028 grad [0.0706508] ok
// EXEC: htangent<float>(0): value 0 grad [1] ok
// EXEC: area_hsine<float>(0.75): value 0.693147 grad [0.8] ok
// EXEC: area_hsine<float>(-3): value -1.81845 grad [0.316228] ok
// EXEC: area_hsine<float>(0): value 0 grad [1] ok
// EXEC: area_hcosine<float>(1.25): value 0.693147 grad [1.33333] ok
// EXEC: area_hcosine<float>(2): value 1.31696 grad [0.57735] ok
// EXEC: area_hcosine<float>(10): value 2.99322 grad [0.100504] ok
// EXEC: area_htangent<float>(0.5): value 0.549306 grad [1.33333] ok
// EXEC: area_htangent<float>(-0.75): value -0.972955 grad [2.28571] ok
// EXEC: area_htangent<float>(0): value 0 grad [1] ok
// EXEC: cosh2_minus_sinh2<float>(0.75): value 1 grad [{{.*}}] ok
// EXEC: asinh_of_sinh<float>(0.5): value 0.5 grad [1] ok
// EXEC: asinh_of_sinh<float>(-1.5): value -1.5 grad [1] ok
// EXEC: atanh_of_tanh<float>(0.5): value 0.5 grad [1] ok
// EXEC: atanh_of_tanh<float>(-1.5): value -1.5 grad [1] ok
// EXEC: acosh_of_cosh<float>(0.5): value 0.5 grad [1] ok
// EXEC: acosh_of_cosh<float>(1.5): value 1.5 grad [1] ok
// EXEC: tanh_layer<float>(0.5, 2, -0.25): value 0.635149 grad [1.19317, 0.298293, 0.596586] ok
// EXEC: tanh_layer<float>(-1.5, 0.75, 0.5): value -0.5546 grad [0.519314, -1.03863, 0.692419] ok
// EXEC: mixed<float>(0.5, -1): value 0.730763 grad [-0.337698, -0.041701] ok
// EXEC: mixed<float>(1.25, 0.75): value 2.49005 grad [2.01017, 2.30692] ok
