// A parameter of a class with private data: make the members public, or pass the values.
#include <adgen/adgen.h>
class Box {
  double w = 1;
public:
  double width() const { return w; }
};
// ERROR@+1:31: class 'Box' has private or protected members, which generated
ADGEN_DIFFERENTIABLE double f(const Box &b, double x) { return b.width() * x; }
