#!/usr/bin/env bash
# Configures (once) and builds vyre with clang-22, lld, Ninja and ccache
# against Debian's LLVM/MLIR 22. BUILD_DIR overrides the build directory,
# SOURCE_DIR the source tree (bench/compare.sh: another revision's
# worktree), BUILD_TARGET builds those targets (space-separated) instead of
# all. Arguments are further cmake options for the first configure
# (scripts/instrumented.sh, scripts/tsan.sh: sanitizer trees).
set -euo pipefail
ROOT="${SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
LLVM=/usr/lib/llvm-22

if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -G Ninja -S "$ROOT" -B "$BUILD_DIR" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER="$LLVM/bin/clang" \
    -DCMAKE_CXX_COMPILER="$LLVM/bin/clang++" \
    -DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld \
    -DCMAKE_SHARED_LINKER_FLAGS=-fuse-ld=lld \
    -DMLIR_DIR="$LLVM/lib/cmake/mlir" \
    -DLLVM_EXTERNAL_LIT="$LLVM/bin/lit" "$@"
fi
# shellcheck disable=SC2086 # BUILD_TARGET is a list
cmake --build "$BUILD_DIR" ${BUILD_TARGET:+--target $BUILD_TARGET}
