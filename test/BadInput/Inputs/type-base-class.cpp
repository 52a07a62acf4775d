// A parameter of a class with a base class: make the base a member instead.
#include <adgen/adgen.h>
struct Base { double m = 1; };
struct Derived : Base { double k; };
// ERROR@+1:31: class 'Derived' has base classes, which adgen does not support
ADGEN_DIFFERENTIABLE double f(const Derived &d, double x) { return d.k * x; }
