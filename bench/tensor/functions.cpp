// The translation unit adgen reads to generate functions.grad.h.
#include "functions.h"
