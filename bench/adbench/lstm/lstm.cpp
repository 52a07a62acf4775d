// Translation unit for adgen: `adgen lstm/lstm.cpp -o lstm.grad.h` generates
// adb::lstm_double::lstm_objective_grad / _vjp from lstm.h.
#include "lstm/lstm.h"
