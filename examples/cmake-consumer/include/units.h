// A header of a library the model includes: editing it regenerates the gradients.
#pragma once

namespace units {
// Defined by the `units` target (UNITS_GRAVITY), which adgen sees too.
constexpr double gravity = UNITS_GRAVITY;
constexpr double half = 0.5;
} // namespace units
