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
# Device-bound runs three times over (their spread between invocations is
# larger than within one).
# At 4096 rounds the deferred variant reaches the host's publish rate, so
# 16384 and 65536 rounds measure the device alone.
run() { # ROUNDS NAME [--wide]
  build/bin/vyre-jit-bench --kernels build/bench/kernels --slots "${SLOTS:-400000}" \
    --rounds "$1" --repeat "${REPEAT:-5}" ${3:-} --json "$O/jit-$2.json"
}
run 16 r16
run 16 r16-wide --wide
for i in 1 2 3; do run 4096 "r4096-run$i"; done
run 4096 r4096-wide --wide
for i in 1 2; do SLOTS=100000 run 16384 "r16384-run$i"; done
SLOTS=50000 REPEAT=3 run 65536 r65536
build/unittests/VyreRuntimeTests \
  --gtest_filter='VariantTest.*:DifferentialTest.*' 2>&1 | tail -25
