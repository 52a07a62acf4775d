// The model's functions, as the rest of the program sees them.
#pragma once

namespace pendulum {
double energy(double length, double angle, double speed);
}
