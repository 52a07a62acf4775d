#!/usr/bin/env bash
# Quick start, first command: installs the dependencies (apt), builds adgen,
# and runs the seed demo (PyTorch's autograd tutorial with gradients
# generated at build time). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
echo
./build/examples/seed/seed_demo
