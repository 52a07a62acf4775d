// The GNU 'a ?: b' extension: write 'a ? a : b'.
#include <adgen/adgen.h>
ADGEN_DIFFERENTIABLE double f(double x, double y) {
  // ERROR@+1:10: the GNU '?:' extension is not supported; write 'a ? a :
  return x ?: y;
}
