// Translation unit for adgen: `adgen gmm/gmm.cpp -o gmm.grad.h` generates
// adb::gmm_double::gmm_objective_grad / _vjp from gmm.h.
#include "gmm/gmm.h"
