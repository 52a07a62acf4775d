// A struct parameter with a std::vector member: pass the vector as a parameter of its own.
#include <adgen/adgen.h>
#include <vector>
struct Data { std::vector<double> v; };
// ERROR@+1:31: member 'Data::v' has type 'std::vector<double>', which adgen cannot
ADGEN_DIFFERENTIABLE double f(const Data &d) { return d.v[0]; }
