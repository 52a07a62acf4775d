// Code that does not compile: Clang's own error, exit 1, no output file.
//
// RUN: rm -f %t.h
// RUN: not %adgen %s -o %t.h -- -std=c++17 2>&1 | FileCheck %s
// RUN: test ! -e %t.h

#include <adgen/adgen.h>

ADGEN_DIFFERENTIABLE double f(double x) {
  // CHECK: compile-error.cpp:[[@LINE+1]]:10: error: use of undeclared identifier 'y'
  return y * x;
}
