// Placeholder: the runtime math tests are written separately.
