#!/usr/bin/env bash
# Installs adgen's build and test dependencies from Debian 12's own packages.
# Idempotent: installs only what is missing, and needs no network when nothing is.
set -euo pipefail

# libclang-rt-16-dev: clang++-16's sanitizer runtimes (the lit-sanitized tests);
# libopenblas-dev: CBLAS for the tensor runtime's matrix products;
# valgrind: adgen itself under memcheck (test/Regression/fuzz-2422.cpp, fuzz.py --valgrind).
packages=(clang-16 libclang-16-dev libclang-rt-16-dev llvm-16-dev llvm-16-tools libfmt-dev
          libgtest-dev libgmock-dev libbenchmark-dev cmake ninja-build python3 g++ ccache make
          graphviz valgrind libopenblas-dev)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "adgen: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends \
  -o DPkg::Lock::Timeout=300 "${missing[@]}"
