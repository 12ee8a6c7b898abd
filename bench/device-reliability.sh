#!/usr/bin/env bash
# The reliability runs on the GPU machine (docs/reliability.md): the
# device-loss tests, the thousand-kernel lifetime test with the validation
# layer's object counts (the layer carried in .vl: libVkLayer_khronos_
# validation.so and its json with a relative library_path), then the soak
# with injected losses and a quota for what is left of SECONDS (default 560).
# Carry .gl, .vl, build/lib and build/unittests.
#   bash bench/device-reliability.sh [SECONDS]
set -u
cd "$(dirname "$0")/.."
source bench/device-setup.sh device-reliability.log
export VK_DRIVER_FILES=${VK_DRIVER_FILES:-/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json}
mkdir -p /work && ln -sfn "$PWD" /work/main # the tests' kernels' paths
export LD_LIBRARY_PATH=$PWD/build/lib
T=build/unittests/VyreRuntimeTests
t0=$(date +%s)
timeout 60 $T --gtest_filter='DeviceLoss*:Rescue*:*Rebuild*'; echo "loss tests rc=$?"
VK_LAYER_PATH=$PWD/.vl VYRE_VALIDATION=1 timeout 120 $T --gtest_filter='*Lifetime*'
echo "lifetime rc=$?"
left=$(( ${1:-560} - ($(date +%s) - t0) ))
VYRE_SOAK_SECONDS=$(( left - 20 )) VYRE_SOAK_SLOTS=100000000000 \
  VYRE_SOAK_LOSS_EVERY=1000000 timeout $left $T \
  --gtest_also_run_disabled_tests --gtest_filter='SoakTest.*' | grep -E "soak|OK|FAIL"
echo "soak rc=${PIPESTATUS[0]}"
