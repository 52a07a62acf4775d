// Regression test (a bug noted in the previous session's report; the comment
// below describes it as it was).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/branch-value-written-back.grad.h -- -std=c++17
// RUN: FileCheck %s --check-prefix=GEN < %t/branch-value-written-back.grad.h
// RUN: %cxx -I%t %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -I%t %s -o %t/clang && %t/clang | FileCheck %s
//
// A value computed in a branch from array reads and then written back into
// the array did not compile: "'r' was not declared in this scope". The
// forward if was printed after the write `b[0] = r`, because the 0.0 of a
// frozen phi (the reverse keeps t1 = b[0] from the then branch, 0 on the
// other path) is a constant the reverse sweep made, with a late id, and the
// if was placed after every node of the region it reads, constants too.
#include <adgen/adgen.h>

#define FUNCTIONS(T, MARK)                                                      \
  MARK T write_back(const T *a, int n) {                                        \
    T b[2] = {a[0], a[1]};                                                      \
    T r = n == 1 ? b[0] * b[0] : b[1];                                          \
    b[0] = r;                                                                   \
    return b[0] * a[1];                                                         \
  }                                                                             \
  MARK T write_back_if(const T *a, int n) {                                     \
    T b[3] = {a[0], a[1], a[2]};                                                \
    T r = b[2];                                                                 \
    if (n > 1)                                                                  \
      r = b[0] * b[1];                                                          \
    b[n % 3] = r;                                                               \
    return b[0] + b[1] * b[2];                                                  \
  }

FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

// GEN-LABEL: inline double write_back_grad(
// GEN:         double r;
// GEN:         b[0] = r;

#ifndef ADGEN_TOOL
#include "branch-value-written-back.grad.h"
#include "oracle.h"

using LongDouble = long double;
FUNCTIONS(LongDouble, )

template <class T> void checks() {
  for (int n = 1; n <= 3; ++n) {
    oracle::check<T, 2>(
        "write_back", [n](auto v) { return write_back(v.data(), n); },
        [n](const T *x, T *d) { return write_back_grad(x, n, d); },
        [n](const T *x, T s, T *d) { write_back_vjp(x, n, s, d); }, {T(0.7), T(-1.3)});
    oracle::check<T, 3>(
        "write_back_if", [n](auto v) { return write_back_if(v.data(), n); },
        [n](const T *x, T *d) { return write_back_if_grad(x, n, d); },
        [n](const T *x, T s, T *d) { write_back_if_vjp(x, n, s, d); }, {T(0.7), T(-1.3), T(0.4)});
  }
}

int main() {
  checks<double>();
  checks<float>();
}
#endif

// CHECK-COUNT-12: ok
// CHECK-NOT: MISMATCH
