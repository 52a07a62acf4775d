// A range-based for loop: write an index loop.
#include <adgen/adgen.h>
#include <vector>
ADGEN_DIFFERENTIABLE double f(const std::vector<double> &v) {
  double s = 0;
  // ERROR@+1:3: range-based for loops are not supported yet; write an index
  for (double e : v)
    s += e;
  return s;
}
