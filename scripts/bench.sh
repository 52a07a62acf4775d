#!/usr/bin/env bash
# Builds and runs adgen's benchmarks (bench/README.md): bench_scalar,
# bench_loops, bench_tensor (+ its breakdown) and the ADBench/GradBench suite
# bench_adbench, whose report goes to <build-dir>/adbench-results/
# (results.md, results.json, ratio-<problem>.png). Installs the competitors
# from Debian if missing, like scripts/install-deps.sh installs the rest:
# libtorch-dev (libtorch 1.13, about 700 MB, for bench_tensor) and
# libadolc-dev (ADOL-C, for bench_adbench); set ADGEN_BENCH_NO_TORCH=1 or
# ADGEN_BENCH_NO_ADOLC=1 to skip one (that competitor is then left out).
#
#   scripts/bench.sh [build-dir] [-- extra Google Benchmark arguments]
#
# ADGEN_BENCH_ONLY=adbench (or tensor, scalar, loops) runs one of them;
# ADGEN_BENCH_ADBENCH_ARGS passes options to bench_adbench (--quick, --data
# DIR, --fd-budget SECONDS). Defaults: build dir `build`, and 5 repetitions
# reported as aggregates (the tables use the medians; bench_adbench uses 3).
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

missing=()
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
if [ "${ADGEN_BENCH_NO_TORCH:-0}" != 1 ] && ! installed libtorch-dev; then
  echo "adgen: installing libtorch-dev (about 700 MB) for bench_tensor's libtorch competitors"
  missing+=(libtorch-dev)
fi
if [ "${ADGEN_BENCH_NO_ADOLC:-0}" != 1 ] && ! installed libadolc-dev; then
  echo "adgen: installing libadolc-dev for bench_adbench's ADOL-C competitor"
  missing+=(libadolc-dev)
fi
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends \
    -o DPkg::Lock::Timeout=300 "${missing[@]}"
fi

if [ -f "$build/CMakeCache.txt" ]; then
  cmake -S . -B "$build" -DADGEN_BUILD_BENCHMARKS=ON >/dev/null
else
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DADGEN_BUILD_BENCHMARKS=ON >/dev/null
fi
only=${ADGEN_BENCH_ONLY:-all}
case "$only" in
  all) targets=(bench_scalar bench_loops bench_tensor bench_tensor_breakdown bench_adbench) ;;
  scalar) targets=(bench_scalar) ;;
  loops) targets=(bench_loops) ;;
  tensor) targets=(bench_tensor bench_tensor_breakdown) ;;
  adbench) targets=(bench_adbench) ;;
  *) echo "scripts/bench.sh: ADGEN_BENCH_ONLY must be all, scalar, loops, tensor or adbench" >&2
     exit 2 ;;
esac
cmake --build "$build" --target "${targets[@]}"

export OPENBLAS_NUM_THREADS=1
echo "== $(uptime)"
grep -m1 "model name" /proc/cpuinfo || true
echo "cores: $(nproc)"
for b in bench_scalar bench_loops tensor/bench_tensor; do
  case "$only:$b" in
    all:*|scalar:bench_scalar|loops:bench_loops|tensor:tensor/bench_tensor) ;;
    *) continue ;;
  esac
  echo
  echo "== $b ${args[*]}"
  "$build/bench/$b" "${args[@]}"
done
if [ "$only" = all ] || [ "$only" = tensor ]; then
  echo
  echo "== tensor/bench_tensor_breakdown"
  "$build/bench/tensor/bench_tensor_breakdown"
fi
if [ "$only" = all ] || [ "$only" = adbench ]; then
  echo
  # shellcheck disable=SC2086 # (options, split on purpose)
  echo "== adbench/bench_adbench --out $build/adbench-results ${ADGEN_BENCH_ADBENCH_ARGS:-}"
  "$build/bench/adbench/bench_adbench" --out "$build/adbench-results" ${ADGEN_BENCH_ADBENCH_ARGS:-}
fi
