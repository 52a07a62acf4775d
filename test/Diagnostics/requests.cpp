// Requests that cannot be honoured are refused at the request.
//
// RUN: rm -f %t.h
// RUN: not %adgen %s -o %t.h -- -std=c++17 2>&1 | FileCheck %s
// RUN: test ! -e %t.h

#include <adgen/adgen.h>

double declared_only(double x);
template <class T> T twice(T x, int n) { return 2 * x * n; }

// CHECK: requests.cpp:[[@LINE+1]]:1: error: 'twice' has no parameter named 'y'
ADGEN_GRADIENT(twice<double>, x, y);
// CHECK: requests.cpp:[[@LINE+1]]:1: error: ADGEN_GRADIENT names 'declared_only', whose body adgen cannot see; include the header that defines it
ADGEN_GRADIENT(declared_only, x);
// Reported at the parameter, in the template:
// CHECK: requests.cpp:10:{{[0-9]+}}: error: parameter 'n' was requested by ADGEN_GRADIENT but is not floating point
ADGEN_GRADIENT(twice<float>, n);
