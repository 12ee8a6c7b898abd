#!/usr/bin/env bash
# vyre-producer-bench on the GPU machine (docs/benchmarks.md, "Several
# publishing threads"): unpacks the carried Vulkan loader and runs the
# carried prebuilt bench and kernels; JSON and the log go to $OUT.
#   PRODUCER_ARGS: extra options (default: --threads 1,2,4,8,12).
set -u
cd "$(dirname "$0")/.."
source bench/device-setup.sh device-producer.log
export LD_LIBRARY_PATH=$PWD/build/lib
nproc
# shellcheck disable=SC2086 # option list
timeout 540 build/bin/vyre-producer-bench --json "$O/producer.json" \
  ${PRODUCER_ARGS:---threads 1,2,4,8,12}
