// Owns the six headers adgen generates from the suite's objectives
// (<p>/<p>.cpp -> <p>.grad.h), so that every program of bench/adbench uses
// one copy; compiling them here also checks that they build on their own.
// A generated header calls its primal (recursive calls, helpers): the
// problem's header comes first.
#include "ba/ba.h"
#include "det/det.h"
#include "gmm/gmm.h"
#include "lse/lse.h"
#include "lstm/lstm.h"
#include "ode/ode.h"

#include "ba.grad.h"
#include "det.grad.h"
#include "gmm.grad.h"
#include "lse.grad.h"
#include "lstm.grad.h"
#include "ode.grad.h"
