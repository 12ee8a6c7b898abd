#!/usr/bin/env bash
# The load benchmark (docs/benchmarks.md, "Latency under load"): builds what
# it needs, then on the default device (VYRE_DEVICE picks another), in one
# run: vyre's persistent megakernel and Vulkan dynamic batching under
# seeded Poisson load, every task kind, to each side's saturation; the
# pre-filled 1M-slot drain; the single-slot round trip and its parts.
# Prints the ratio table, writes JSON (raw samples) and a PNG into
# build/bench/results/ (VYRE_BENCH_OUT overrides).
#
#   bash bench/load.sh [vyre-load-bench options]
#
# A CPU device (lavapipe) gets --preset quick unless options are given.
# CUDA_JSON=FILE adds bench/cuda/load.cu's results to the table and plot.
# On a machine without the MLIR toolchain (the GPU machine), carry build/bin,
# build/lib and build/bench and set VYRE_BENCH_PREBUILT=1.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${VYRE_BENCH_PREBUILT:-}" ]; then
  bash scripts/build.sh >/dev/null
  bash bench/compile.sh build/bench/kernels >/dev/null
fi
export LD_LIBRARY_PATH=$PWD/build/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
out=${VYRE_BENCH_OUT:-build/bench/results}
mkdir -p "$out"
stamp=$(date +%Y%m%d-%H%M%S)
json=$out/load-$stamp.json
args=("$@")
# Only CPU devices listed: the default device is lavapipe.
if [ ${#args[@]} -eq 0 ] && ! build/bin/vyre-run --list-devices 2>/dev/null |
     grep -qv "(CPU)"; then
  args=(--preset quick)
fi
build/bin/vyre-load-bench --json "$json" "${args[@]}"
jsons=("$json")
[ -n "${CUDA_JSON:-}" ] && jsons+=("$CUDA_JSON")
# Debian's python3 has matplotlib (scripts/setup.sh); a pyenv one may not.
for py in /usr/bin/python3 python3; do
  if "$py" -c "import matplotlib" 2>/dev/null; then
    "$py" bench/load/report.py --png "${json%.json}.png" "${jsons[@]}"
    exit 0
  fi
done
python3 bench/load/report.py "${jsons[@]}"
echo "matplotlib not found: no PNG (bench/load/report.py --png OUT.png $json)"
