#!/usr/bin/env bash
# The benchmark harness (issue 5): builds what it needs, then measures on the
# default device (VYRE_DEVICE picks another) in one run, side by side:
# single-task round trips (persistent megakernel, once megakernel, one
# vkQueueSubmit + fence per task) and batched throughput (persistent, once,
# command buffers of ordinary dispatches) for trivial tasks and a mix.
# Prints the ratio table, writes JSON (raw samples kept) and, where
# matplotlib is installed, a PNG next to it.
#
#   bash bench/run.sh [vyre-bench options]     (see build/bin/vyre-bench --help)
#
# On a machine without the MLIR toolchain (the GPU machine), carry
# build/bin/vyre-bench, build/lib, build/bench and set VYRE_BENCH_PREBUILT=1.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${VYRE_BENCH_PREBUILT:-}" ]; then
  bash scripts/build.sh
  bash bench/compile.sh build/bench/kernels > /dev/null
fi
export LD_LIBRARY_PATH=$PWD/build/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
out=${VYRE_BENCH_OUT:-build/bench/results}
mkdir -p "$out"
json=$out/bench-$(date +%Y%m%d-%H%M%S).json
build/bin/vyre-bench --json "$json" "$@"
# Debian's python3 has matplotlib (scripts/setup.sh); a pyenv one may not.
for py in /usr/bin/python3 python3; do
  if "$py" -c "import matplotlib" 2>/dev/null; then
    "$py" bench/plot.py "$json" "${json%.json}.png"
    exit 0
  fi
done
echo "matplotlib not found: no PNG (bench/plot.py $json OUT.png draws it)"
