// Statement attributes ([[likely]], [[unlikely]]) change
// nothing in the gradient; adgen refused them ("statement 'AttributedStmt'
// is not supported", found by the bad-input corpus). Checked against central
// differences in long double.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %adgen %s -o %t/statement-attributes.grad.h -- -std=c++20
// RUN: %cxx -std=c++20 -I%t %s -o %t/gcc && %t/gcc | FileCheck %s
// RUN: %clangxx -std=c++20 -I%t %s -o %t/clang && %t/clang | FileCheck %s

#include <adgen/adgen.h>
#include <cmath>

#define FUNCTIONS(T, MARK)                                                      \
  MARK T hinted(T x) {                                                          \
    if (x > 0) {                                                                \
      [[likely]] return x * x;                                                  \
    } else {                                                                    \
      [[unlikely]] return std::sin(x);                                          \
    }                                                                           \
  }

FUNCTIONS(double, ADGEN_DIFFERENTIABLE)
FUNCTIONS(float, ADGEN_DIFFERENTIABLE)

#ifndef ADGEN_TOOL
#include "statement-attributes.grad.h"
#include "inout.h"

using LongDouble = long double;
FUNCTIONS(LongDouble, )

using inout::check;

template <class T> void checks() {
  const std::vector<T> none{};
  for (T x : {T(0.7), T(-0.4)})
    INOUT_SCALAR(hinted, (x[0]), (x[0], s, dx), {x});
}

int main() {
  checks<double>();
  checks<float>();
}
#endif

// CHECK-COUNT-4: ok
// CHECK-NOT: MISMATCH
