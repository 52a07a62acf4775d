// A local of a class with virtual functions (for a virtual call): use a struct without virtual functions.
#include <adgen/adgen.h>
struct Shape {
  virtual double area(double s) const { return s * s; }
};
ADGEN_DIFFERENTIABLE double f(double x) {
  // ERROR@+1:9: class 'Shape' has virtual functions, which adgen cannot
  Shape s;
  return s.area(x);
}
