// The translation unit adgen reads to generate det.grad.h (det_by_minors_grad
// for adb::det_double). Nothing to link: the objective is inline in det.h.
#include "det/det.h"
