#!/usr/bin/env bash
# Runs on the GPU machine (docs/benchmarks.md, "How the GPU figures are
# taken"): unpacks the carried Vulkan loader, then runs the e2e GoogleTests,
# the two examples and vyre-run on the kernels from bench/compile.sh under
# each memory placement and doorbell setting. Everything goes to one log,
# $OUT/device-check.log (the device tool returns a limited number of files);
# a step that hangs is killed by its own timeout so the others still run.
set -u
cd "$(dirname "$0")/.."
for f in .gl/*.deb; do dpkg -x "$f" /; done; ldconfig
export LD_LIBRARY_PATH=$PWD/build/lib
K=build/bench/kernels
O=${OUT:-/tmp/out}; mkdir -p "$O"
LOG=$O/device-check.log
mkdir -p /work && ln -sfn "$PWD" /work/main 2>/dev/null  # the tests' kernel dir
for i in $(seq 2000); do echo nop; echo wait; done > /tmp/rt.workload
RUN=build/bin/vyre-run
step() { # NAME COMMAND...; T=timeout s, N=lines of tail (else the summary)
  local name=$1; shift; echo "== $name: $*" >> "$LOG"
  timeout "${T:-40}" "$@" > /tmp/step.txt 2>&1; echo "rc=$?" >> /tmp/step.txt
  if [ -n "${N:-}" ]; then tail -"$N" /tmp/step.txt
  else grep -E "^(kernel|ran|latency|check|rc=)|rror|FAIL|timed out" /tmp/step.txt | head -12; fi >> "$LOG"; }
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version --format=csv,noheader >> "$LOG"

# Correctness first, on the default placement.
[ -x build/unittests/VyreRuntimeTests ] && T=240 N=12 step gtest build/unittests/VyreRuntimeTests
step histogram $RUN $K/histogram.spv --workload test/e2e/Inputs/histogram.workload \
  --dump-buffer hist:4 --expect-observable 1=12 --expect-observable 2=3 --expect-faults 2
rm -f /tmp/big.txt; for i in $(seq 100); do cat LICENSE.TXT >> /tmp/big.txt; done
python3 examples/dfa/prepare.py License /tmp/big.txt /tmp/dfa --chunk 1024 > /tmp/dfa.args
step dfa_scan $RUN $K/dfa_scan.spv $(cat /tmp/dfa.args)

SLOTS=${SLOTS:-1000000}
# RING:CONTROL:DOORBELL (device = device-local host-visible, host = system)
for p in ${CONFIGS:-device:device:1 device:device:0 host:device:1 device:host:1}; do
  IFS=: read -r ring control bell <<< "$p"
  export VYRE_RING_MEMORY=$ring VYRE_CONTROL_MEMORY=$control VYRE_DOORBELL=$bell
  tag=ring-$ring.control-$control.doorbell-$bell
  echo "#### $tag" >> "$LOG"
  step "$tag.rt_4096" $RUN $K/trivial.spv --workload /tmp/rt.workload --no-progress
  if [ "$control" = host ]; then continue; fi  # measured to hang: one step shows it
  step "$tag.rt_256" $RUN $K/trivial_small.spv --workload /tmp/rt.workload --no-progress
  step "$tag.rt_wide" $RUN $K/trivial_wide.spv --workload /tmp/rt.workload --no-progress
  step "$tag.rt_one_wg" $RUN $K/trivial_one.spv --workload /tmp/rt.workload --no-progress
  step "$tag.tp_nop" $RUN $K/trivial.spv --generate $SLOTS --gen "nop 1" --no-progress
  step "$tag.tp_atomic" $RUN $K/trivial.spv --generate $SLOTS --gen "atomic_add 1 1 160-191" --no-progress
  step "$tag.tp_wide" $RUN $K/trivial_wide.spv --generate $SLOTS --gen "nop 1" --no-progress
  if [ "$bell" = 1 ] && [ "$ring" = device ]; then
    step "$tag.once_rt" $RUN $K/trivial_once.spv --workload /tmp/rt.workload --no-progress
    step "$tag.once_tp" $RUN $K/trivial_once.spv --generate $SLOTS --gen "nop 1" --no-progress
  fi
done
echo "#### done" >> "$LOG"
