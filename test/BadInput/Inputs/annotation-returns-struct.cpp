// A marked function returning a struct: return a double, or write the results through output parameters.
#include <adgen/adgen.h>
struct Vec2 { double x, y; };
// ERROR@+1:22: cannot differentiate a function returning 'Vec2'; a differentiable
ADGEN_DIFFERENTIABLE Vec2 f(const Vec2 &v) { return {2 * v.x, 2 * v.y}; }
