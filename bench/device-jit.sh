#!/usr/bin/env bash
# On the GPU machine (device tool; carry .gl, build/bin,
# build/lib/libvyre_runtime.so, build/bench/kernels, build/unittests):
# JIT-fused variants vs the interpreter (vyre-jit-bench) at two handler
# costs and two geometries, then the JIT correctness tests on the GPU.
# Figures and JSON go to $OUT; docs/benchmarks.md records them.
set -uo pipefail
cd "$(dirname "$0")/.."
source bench/device-setup.sh jit.log
export LD_LIBRARY_PATH=$PWD/build/lib
# 16 rounds: the host's publish path bounds throughput; 4096 rounds on
# 4 workgroups: the device does, and SIMD divergence shows.
run() { # ROUNDS [--wide]
  build/bin/vyre-jit-bench --kernels build/bench/kernels --slots 400000 \
    --rounds "$1" --repeat 3 ${2:-} --json "$O/jit-r$1${2:+-wide}.json"
}
run 16
run 16 --wide
run 4096
build/unittests/VyreRuntimeTests \
  --gtest_filter='VariantTest.*:DifferentialTest.*' 2>&1 | tail -25
