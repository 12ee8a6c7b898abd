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
LLVM=/usr/lib/llvm-22
if [ ! -f "$TSAN_DIR/build.ninja" ]; then
  cmake -G Ninja -S "$ROOT" -B "$TSAN_DIR" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER="$LLVM/bin/clang" \
    -DCMAKE_CXX_COMPILER="$LLVM/bin/clang++" \
    -DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld \
    -DCMAKE_SHARED_LINKER_FLAGS=-fuse-ld=lld \
    -DMLIR_DIR="$LLVM/lib/cmake/mlir" -DLLVM_EXTERNAL_LIT="$LLVM/bin/lit" \
    -DVYRE_TSAN=ON -DVYRE_BUILD_PYTHON=OFF >/dev/null
fi
cmake --build "$TSAN_DIR" --target VyreRuntimeTests
export TSAN_OPTIONS="suppressions=$ROOT/scripts/tsan.supp:halt_on_error=1:second_deadlock_stack=1${TSAN_EXTRA:+:$TSAN_EXTRA}"
"$TSAN_DIR/unittests/VyreRuntimeTests" --gtest_brief=1 --gtest_filter="$FILTER"
echo "tsan: no data race reported"
