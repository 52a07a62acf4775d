// A template parameter list with a missing comma: Clang's error. Write 'template <class T, class U>'.
#include <adgen/adgen.h>
// ERROR@+1:19: cannot combine with previous 'class' declaration specifier
template <class T class U> T scale(T x, U k) { return x * k; }
ADGEN_DIFFERENTIABLE double f(double x) { return scale(x, 2.0); }
