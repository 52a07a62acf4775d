// The translation unit adgen reads to generate ode.grad.h (ode_solve_vjp for
// adb::ode_double). Nothing to link: the objective is inline in ode.h.
#include "ode/ode.h"
