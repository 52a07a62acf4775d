// A pointer used as a condition: compare numbers instead.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x, const double *p) {
  // ERROR@+1:7: conversion 'PointerToBoolean' is not supported in a differentiable
  if (p)
    return x * p[0];
  return x;
}
