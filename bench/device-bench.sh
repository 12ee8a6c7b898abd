#!/usr/bin/env bash
# The benchmark harness on the GPU machine (docs/benchmarks.md): unpacks the
# carried Vulkan loader, runs bench/run.sh on the carried prebuilt binaries
# and kernels (JSON into $OUT), then builds and runs the CUDA baselines with
# nvcc there. Everything printed goes to $OUT/device-bench.log too.
set -u
cd "$(dirname "$0")/.."
source bench/device-setup.sh device-bench.log
echo "== vyre-bench (latency: 256-slot kernel; throughput: 4096 slots, 4 x 64 lanes)"
VYRE_BENCH_PREBUILT=1 VYRE_BENCH_OUT=$O timeout 200 bash bench/run.sh --tasks ${TASKS:-1000000}
echo "== vyre-bench, throughput on 132 x 64 lanes"
VYRE_BENCH_PREBUILT=1 VYRE_BENCH_OUT=$O timeout 200 bash bench/run.sh --tasks ${TASKS:-1000000} \
  --samples 500 --throughput-kernel trivial_wide
echo "== CUDA baselines"
export PATH=$PATH:/usr/local/cuda/bin
if command -v nvcc >/dev/null; then
  nvcc -O2 -o /tmp/cuda-baseline bench/cuda/baseline.cu && timeout 120 /tmp/cuda-baseline 2000 4096
else
  echo "nvcc not found"
fi
