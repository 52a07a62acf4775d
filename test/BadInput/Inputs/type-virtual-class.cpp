// A parameter of a polymorphic class: use a struct without virtual functions.
#include <adgen/adgen.h>
struct Shape {
  virtual double area() const { return 1; }
  virtual ~Shape() = default;
};
// ERROR@+1:31: class 'Shape' has virtual functions, which adgen cannot
ADGEN_DIFFERENTIABLE double f(const Shape &s, double k) { return k * s.area(); }
