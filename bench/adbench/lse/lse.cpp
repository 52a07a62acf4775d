// The translation unit adgen reads to generate lse.grad.h (logsumexp_grad for
// adb::lse_double). Nothing to link: the objective is inline in lse.h.
#include "lse/lse.h"
