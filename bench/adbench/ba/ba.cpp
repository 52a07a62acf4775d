// Translation unit for adgen: `adgen ba/ba.cpp -o ba.grad.h` generates
// adb::ba_double::ba_project_vjp and ba_weight_vjp from ba.h.
#include "ba/ba.h"
