#!/usr/bin/env bash
# Builds and runs adgen's benchmarks (bench/README.md). Installs libtorch-dev
# (Debian's libtorch 1.13, about 700 MB, for bench_tensor's libtorch
# competitors) if missing, like scripts/install-deps.sh installs the rest;
# set ADGEN_BENCH_NO_TORCH=1 to skip that (bench_tensor then runs without
# libtorch).
#
#   scripts/bench.sh [build-dir] [-- extra Google Benchmark arguments]
#
# Defaults: build dir `build`, and 5 repetitions reported as aggregates (the
# tables use the medians), which is what bench/README.md's numbers use.
# OpenBLAS and libtorch are set to one thread inside bench_tensor;
# OPENBLAS_NUM_THREADS=1 is also exported for every benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."

build=build
if [ $# -gt 0 ] && [ "$1" != "--" ]; then
  build=$1
  shift
fi
[ "${1:-}" = "--" ] && shift
args=("$@")
if [ ${#args[@]} -eq 0 ]; then
  args=(--benchmark_repetitions=5 --benchmark_report_aggregates_only=true)
fi

if [ "${ADGEN_BENCH_NO_TORCH:-0}" != 1 ] &&
   ! dpkg-query -W -f='${Status}' libtorch-dev 2>/dev/null | grep -q "install ok installed"; then
  echo "adgen: installing libtorch-dev (about 700 MB) for bench_tensor's libtorch competitors"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends \
    -o DPkg::Lock::Timeout=300 libtorch-dev
fi

if [ -f "$build/CMakeCache.txt" ]; then
  cmake -S . -B "$build" -DADGEN_BUILD_BENCHMARKS=ON >/dev/null
else
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DADGEN_BUILD_BENCHMARKS=ON >/dev/null
fi
targets=(bench_scalar bench_loops bench_tensor bench_tensor_breakdown)
cmake --build "$build" --target "${targets[@]}"

export OPENBLAS_NUM_THREADS=1
echo "== $(uptime)"
grep -m1 "model name" /proc/cpuinfo || true
echo "cores: $(nproc)"
for b in bench_scalar bench_loops tensor/bench_tensor; do
  echo
  echo "== $b ${args[*]}"
  "$build/bench/$b" "${args[@]}"
done
echo
echo "== tensor/bench_tensor_breakdown"
"$build/bench/tensor/bench_tensor_breakdown"
