// --emit=dag prints each function's backward graph, from the output back to
// the inputs, each node named by its PyTorch backward function.
//
// RUN: %adgen %s --emit=dag -- -std=c++17 | FileCheck %s

#include <adgen/adgen.h>
#include <cmath>

ADGEN_DIFFERENTIABLE double f(double x, double y, int n) {
  double a = std::sin(x) * y;
  double b = std::pow(a, 2.0) + std::pow(y, x);
  return b / n - std::fabs(x);
}

// CHECK:      dag f(double x, double y, int n) -> double  [emit-dag.cpp:9:29]
// CHECK-NEXT:   out = t3 - t4                    SubBackward0 <- t3, t4  line 12
// CHECK-NEXT:   t4 = std::fabs(x)                AbsBackward0 <- x       line 12
// CHECK-NEXT:   t3 = b / static_cast<double>(n)  DivBackward0 <- b       line 12
// CHECK-NEXT:   b = t1 + t2                      AddBackward0 <- t1, t2  line 11
// CHECK-NEXT:   t2 = std::pow(y, x)              PowBackward1 <- y, x    line 11
// CHECK-NEXT:   t1 = std::pow(a, 2.0)            PowBackward0 <- a       line 11
// CHECK-NEXT:   a = t0 * y                       MulBackward0 <- t0, y   line 10
// CHECK-NEXT:   t0 = std::sin(x)                 SinBackward0 <- x       line 10
// CHECK-NEXT:   y = (input)                      AccumulateGrad
// CHECK-NEXT:   x = (input)                      AccumulateGrad
