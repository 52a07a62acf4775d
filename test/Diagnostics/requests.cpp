// Requests that cannot be honoured are refused at the request.
//
// RUN: rm -f %t.h
// RUN: not %adgen %s -o %t.h -- -std=c++17 2>&1 | FileCheck %s
// RUN: test ! -e %t.h

#include <adgen/adgen.h>

double declared_only(double x);
template <class T> T twice(T x, int n) { return 2 * x * n; }

// ADGEN_CUSTOM_VJP checks the vjp against the function's signature.
double lib_fn(double x, double y);
void lib_fn_vjp(double x, double d_ret, double *d_x);
// CHECK: requests.cpp:[[@LINE+1]]:1: error: ADGEN_CUSTOM_VJP: 'lib_fn_vjp' must have the type 'void (double, double, double, double *, double *)' (the parameters of 'lib_fn', the seed, then one pointer per floating parameter), not 'void (double, double, double *)'
ADGEN_CUSTOM_VJP(lib_fn, lib_fn_vjp);
double by_pointer(const double *x);
void by_pointer_vjp(const double *x, double d_ret, double *d_x);
// CHECK: requests.cpp:[[@LINE+1]]:1: error: ADGEN_CUSTOM_VJP: 'by_pointer' must take and return float, double or integral values
ADGEN_CUSTOM_VJP(by_pointer, by_pointer_vjp);
// (Reported before the requests: adgen reads custom derivatives first.)

// CHECK: requests.cpp:[[@LINE+1]]:1: error: 'twice' has no parameter named 'y'
ADGEN_GRADIENT(twice<double>, x, y);
// CHECK: requests.cpp:[[@LINE+1]]:1: error: ADGEN_GRADIENT names 'declared_only', whose body adgen cannot see; include the header that defines it
ADGEN_GRADIENT(declared_only, x);
// Reported at the parameter, in the template:
// CHECK: requests.cpp:10:{{[0-9]+}}: error: parameter 'n' was requested by ADGEN_GRADIENT but is not floating point
ADGEN_GRADIENT(twice<float>, n);

