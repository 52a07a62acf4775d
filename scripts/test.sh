#!/usr/bin/env bash
# Quick start, second command: runs the whole test suite (lit golden and
# execution tests, GoogleTest unit tests) through CTest. Builds first if
# needed, so it also works on a fresh clone. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
ctest --test-dir build --output-on-failure "$@"
