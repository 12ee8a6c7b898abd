#!/usr/bin/env bash
# Sourced by scripts/fuzz.sh and scripts/sanitize.sh: configures (once) the
# instrumented tree SAN_DIR (default build-san) and builds the targets in
# SAN_TARGETS. Every vyre source gets ASan and UBSan (LLVM's own
# LLVM_USE_SANITIZER, which also drops -z defs so the runtime library takes
# the sanitizers' symbols from the executable that loads it) and
# libFuzzer's coverage (-fsanitize=fuzzer-no-link), so one tree serves the
# fuzzers and the sanitized tests.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SAN_DIR="${SAN_DIR:-$ROOT/build-san}"
# What ASan must allow wherever instrumented code meets uninstrumented
# libraries: allow_user_poisoning=0, since LLVM's allocators, inlined from
# its headers into instrumented code (vyre-compile's parse, the tests),
# poison their slabs and the uninstrumented libMLIR.so then writes into
# them (a false use-after-poison); detect_container_overflow=0, since
# libstdc++ is not instrumented.
ASAN_ALLOWANCES="allow_user_poisoning=0:detect_container_overflow=0"
# The tools that compile the test kernels at build time are instrumented
# too: leaks in them are MLIR's, not what this tree checks.
ASAN_OPTIONS="detect_leaks=0:$ASAN_ALLOWANCES" \
  BUILD_DIR="$SAN_DIR" BUILD_TARGET="$SAN_TARGETS" \
  bash "$ROOT/scripts/build.sh" \
  -DCMAKE_C_FLAGS="-fsanitize=fuzzer-no-link -g" \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link -g" \
  -DLLVM_USE_SANITIZER="Address;Undefined" \
  -DVYRE_FUZZ=ON -DVYRE_BUILD_TESTS=ON -DVYRE_BUILD_PYTHON=OFF

# At run time: the same allowances, leaks reported, stop at the first error.
export ASAN_OPTIONS="$ASAN_ALLOWANCES:detect_leaks=1:abort_on_error=1${ASAN_EXTRA:+:$ASAN_EXTRA}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
