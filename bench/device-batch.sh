#!/usr/bin/env bash
# On the GPU machine (device tool; carry .gl, build/bin,
# build/lib/libvyre_runtime.so, build/bench/kernels, build/unittests):
# a fused static batch vs the same items through the interpreter
# (vyre-batch-bench; it fails unless the results are equal), then the
# variant tests on the GPU (FusedBatchTest needs vyre-opt, not carried).
# Figures and JSON go to $OUT; docs/benchmarks.md records them.
set -uo pipefail
cd "$(dirname "$0")/.."
source bench/device-setup.sh batch.log
export LD_LIBRARY_PATH=$PWD/build/lib
build/bin/vyre-batch-bench --kernels build/bench/kernels --repeat 50 \
  --json "$O/batch.json"
build/unittests/VyreRuntimeTests \
  --gtest_filter='VariantTest.*' 2>&1 | tail -8
