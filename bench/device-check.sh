#!/usr/bin/env bash
# Runs on the GPU machine (see docs/benchmarks.md, "How the GPU figures are
# taken"): unpacks the carried Vulkan loader, then runs the e2e GoogleTests
# and vyre-run on the kernels from bench/compile.sh under each memory
# placement. Every step writes $OUT/<step>.txt; a step that hangs is killed
# by its own timeout so the others still run.
set -u
cd "$(dirname "$0")/.."
for f in .gl/*.deb; do dpkg -x "$f" /; done; ldconfig
export LD_LIBRARY_PATH=$PWD/build/lib
K=build/bench/kernels
O=${OUT:-/tmp/out}; mkdir -p "$O"
mkdir -p /work && ln -sfn "$PWD" /work/main 2>/dev/null  # the tests' kernel dir
for i in $(seq 2000); do echo nop; echo wait; done > /tmp/rt.workload
step() { local name=$1; shift; echo "== $name"; timeout "${T:-60}" "$@" > "$O/$name.txt" 2>&1; echo "rc=$?" >> "$O/$name.txt"; tail -"${N:-6}" "$O/$name.txt"; }
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
for p in ${PLACEMENTS:-"device host" "device device" "host host"}; do
  set -- $p; export VYRE_RING_MEMORY=$1 VYRE_CONTROL_MEMORY=$2; tag=ring-$1.control-$2
  echo "#### $tag"
  N=4 step "$tag.persistent_rt" build/bin/vyre-run $K/trivial.spv --workload /tmp/rt.workload --no-progress
  N=4 step "$tag.once_rt" build/bin/vyre-run $K/trivial_once.spv --workload /tmp/rt.workload --no-progress
  N=4 step "$tag.persistent_tp" build/bin/vyre-run $K/trivial.spv --generate 4000000 --gen "nop 1" --no-progress
  N=4 step "$tag.persistent_atomic" build/bin/vyre-run $K/trivial.spv --generate 4000000 --gen "atomic_add 1 1 160-191" --no-progress
  N=4 step "$tag.wide_tp" build/bin/vyre-run $K/trivial_wide.spv --generate 4000000 --gen "nop 1" --no-progress
  N=4 step "$tag.one_rt" build/bin/vyre-run $K/trivial_one.spv --workload /tmp/rt.workload --no-progress
  N=4 step "$tag.once_tp" build/bin/vyre-run $K/trivial_once.spv --generate 4000000 --gen "nop 1" --no-progress
done
unset VYRE_RING_MEMORY VYRE_CONTROL_MEMORY
[ -x build/unittests/VyreRuntimeTests ] && T=300 N=25 step gtest build/unittests/VyreRuntimeTests
