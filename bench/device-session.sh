#!/usr/bin/env bash
# Every check a runtime change owes the GPU, in one device call (a call
# that finds no warm machine costs minutes, and device time is short), in
# order of need, each step bounded by its own timeout so that the later
# ones still run; one log per step under $OUT (the device tool returns a
# few files only, so JSON stays in /tmp):
#   1. VyreRuntimeTests, every test in one process (leaks and cross-test
#      state that ctest's process per test hides);
#   2. A B A B of two carried compare builds (bench/device-compare.sh);
#   3. the demo as a user runs it (VYRE_DEMO_PREBUILT: kernels carried);
#   4. vyre-io-bench;
#   5. the loss, rebuild and lifetime tests under the validation layer
#      (object counts; carried in .vl);
#   6. the soak with injected losses and its default tenant-1 quota (40 s).
# STEPS (default all, in this order) picks some: gtest-all compare demo io
# validation soak. SOAK_SECONDS=N runs the soak instead in the background
# for N seconds from the start, beside the correctness steps (gtest-all,
# validation), which share the GPU with it; the figures' steps (compare,
# demo, io) want the GPU alone and should not be picked with it.
# Carry .gl, .vl, build/lib, build/bin, build/unittests, build/bench and
# build/compare/<A>, build/compare/<B> (built with COMPARE_BUILD_ONLY=1).
#   [STEPS="..."] [SOAK_SECONDS=N] bash bench/device-session.sh REV_A REV_B
set -u
cd "$(dirname "$0")/.."
for f in .gl/*.deb; do dpkg -x "$f" /; done; ldconfig
export VK_DRIVER_FILES=${VK_DRIVER_FILES:-/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json}
mkdir -p /work && ln -sfn "$PWD" /work/main # the tests' kernels' paths
export LD_LIBRARY_PATH=$PWD/build/lib
O=${OUT:-/tmp/out}; mkdir -p "$O"
T=build/unittests/VyreRuntimeTests
step() { # NAME SECONDS COMMAND...: its output into $O/NAME.log
  local name=$1 limit=$2; shift 2
  local t0=$(date +%s)
  timeout "$limit" "$@" > "$O/$name.log" 2>&1
  echo "== $name: rc=$? in $(( $(date +%s) - t0 )) s" | tee -a "$O/$name.log"
}
want() { [[ " ${STEPS:-gtest-all compare demo io validation soak} " == *" $1 "* ]]; }
# The soak: a loss injected every 10^6 slots, its default tenant-1 quota.
SOAK=(env VYRE_SOAK_SLOTS=100000000000 VYRE_SOAK_LOSS_EVERY=1000000 $T
      --gtest_also_run_disabled_tests --gtest_filter='SoakTest.*')
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
if [ -n "${SOAK_SECONDS:-}" ]; then
  step soak $((SOAK_SECONDS + 30)) env VYRE_SOAK_SECONDS="$SOAK_SECONDS" "${SOAK[@]}" &
  background=$!
fi
# FusedBatchTest compiles kernels at run time with vyre-opt, which needs
# libMLIR (250 MB with libLLVM): not carried; it runs in CI on lavapipe.
want gtest-all && step gtest-all 200 $T --gtest_brief=1 --gtest_filter='-SoakTest.*:FusedBatchTest.*'
# Without LD_LIBRARY_PATH: it outranks the harness's RUNPATH, and until
# 2026-12-08 each side's harness ran this build's runtime, not its own
# (the sixth session's A B A B compared one runtime with itself). The
# harness is now linked with RPATH (compare.sh), which outranks it too.
want compare && step compare 150 env -u LD_LIBRARY_PATH COMPARE_OUT=/tmp/compare bash bench/device-compare.sh "$1" "$2" 2
if want demo; then
  mkdir -p build/demo && cp -r build/bench/kernels build/demo/kernels
  step demo 50 env VYRE_DEMO_PREBUILT=1 bash scripts/demo.sh
fi
want io && step io 50 build/bin/vyre-io-bench --kernels build/bench/kernels --json /tmp/io.json
# The object counts of KernelLifetimeTest and the loss tests; the thousand
# runtimes of LifetimeTest run in gtest-all (under the layer they take
# minutes). Not brief: a step cut by its timeout shows where it was.
want validation && step validation 200 env VK_LAYER_PATH="$PWD/.vl" VYRE_VALIDATION=1 $T \
  --gtest_filter='KernelLifetimeTest.*:DeviceLoss*:Rescue*:*Rebuild*'
if [ -n "${SOAK_SECONDS:-}" ]; then
  wait "$background"
elif want soak; then
  step soak 50 env VYRE_SOAK_SECONDS=40 "${SOAK[@]}"
fi
