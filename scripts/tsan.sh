#!/usr/bin/env bash
# The runtime's threading under ThreadSanitizer: the runtime library and
# VyreRuntimeTests built with -fsanitize=thread in build-tsan (VYRE_TSAN;
# the compiler that builds the test kernels is not instrumented), then the
# tests that use threads as runtime.h's rules allow (several producers
# beside the owner's publish and reap; the IO service thread beside the
# host's calls; a reaper beside a publisher), on the default Vulkan device.
# A data race stops the run with TSan's report.
#   bash scripts/tsan.sh [GTEST_FILTER]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TSAN_DIR="${TSAN_DIR:-$ROOT/build-tsan}"
FILTER="${1:-ProducerTest.*:IoTest.*:ThreadingTest.*}"
BUILD_DIR="$TSAN_DIR" BUILD_TARGET=VyreRuntimeTests bash "$ROOT/scripts/build.sh" \
  -DVYRE_TSAN=ON -DVYRE_BUILD_PYTHON=OFF
export TSAN_OPTIONS="suppressions=$ROOT/scripts/tsan.supp:halt_on_error=1:second_deadlock_stack=1${TSAN_EXTRA:+:$TSAN_EXTRA}"
"$TSAN_DIR/unittests/VyreRuntimeTests" --gtest_brief=1 --gtest_filter="$FILTER"
echo "tsan: no data race reported"
