#!/usr/bin/env bash
# The libFuzzer targets (fuzz/): builds them in an instrumented tree (every
# vyre source with ASan, UBSan and libFuzzer's coverage) and runs each for
# SECONDS (default 60) on seed corpora from the repository, then prints
# libFuzzer's last status line per target. A crash, a sanitizer error, a
# leak or an input that takes too long fails the script, and libFuzzer
# leaves the input as crash-* / timeout-* / leak-* in the fuzz tree.
#   bash scripts/fuzz.sh [SECONDS] [TARGET...]
# FUZZ_DIR: the instrumented tree (default build-fuzz).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FUZZ_DIR="${FUZZ_DIR:-$ROOT/build-fuzz}"
SECONDS_EACH="${1:-60}"
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(manifest workload packed dialect)
LLVM=/usr/lib/llvm-22
SAN="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g"
# The runtime is a shared library, which LLVM's options link with -z defs:
# it takes the sanitizers' runtime from their shared library.
RT_DIR=$LLVM/lib/clang/22/lib/linux
LINK="-fuse-ld=lld -fsanitize=address,undefined -shared-libsan -Wl,-rpath,$RT_DIR"

if [ ! -f "$FUZZ_DIR/build.ninja" ]; then
  cmake -G Ninja -S "$ROOT" -B "$FUZZ_DIR" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER="$LLVM/bin/clang" \
    -DCMAKE_CXX_COMPILER="$LLVM/bin/clang++" \
    -DCMAKE_C_FLAGS="$SAN" -DCMAKE_CXX_FLAGS="$SAN" \
    -DCMAKE_EXE_LINKER_FLAGS="$LINK" -DCMAKE_SHARED_LINKER_FLAGS="$LINK" \
    -DMLIR_DIR="$LLVM/lib/cmake/mlir" \
    -DVYRE_FUZZ=ON -DVYRE_BUILD_TESTS=OFF -DVYRE_BUILD_PYTHON=OFF >/dev/null
fi
cmake --build "$FUZZ_DIR" --target $(printf 'vyre-fuzz-%s ' "${TARGETS[@]}")

# Seed corpora: what the tests and examples already hold.
SEEDS="$FUZZ_DIR/seeds"
rm -rf "$SEEDS" && mkdir -p "$SEEDS"/{manifest,workload,packed,dialect}
find "$ROOT/test" "$ROOT/examples" "$ROOT/unittests" -name '*.mlir' \
  -exec cp -t "$SEEDS/dialect" {} + 2>/dev/null || true
cp "$ROOT"/test/e2e/Inputs/*.workload "$SEEDS/workload/" 2>/dev/null || true
printf 'a 1 2 3\nwait\nb 0x10 -1 tenant=1 priority=2 x=3\n' > "$SEEDS/workload/seed"
for j in "$ROOT"/build/unittests/kernels/*.json; do
  [ -f "$j" ] && cp "$j" "$SEEDS/manifest/"
done
printf '{"abi_version": 9, "kernel": "k"}' > "$SEEDS/manifest/seed"
printf '\x02\x00\x00\x00\x02\x00\x00\x00\x01\x00\x00\x00\xa0\x00\x00\x00' \
  > "$SEEDS/packed/seed"

# With -shared-libsan the ASan runtime must be the first library loaded:
# preloaded into the fuzzers only (not into grep and tail below).
PRELOAD="$RT_DIR/libclang_rt.asan-x86_64.so"
# allow_user_poisoning=0: LLVM's allocators, inlined from its headers into
# the instrumented vyre code, poison their slabs, and the uninstrumented
# libMLIR.so then writes into them (a false use-after-poison).
export ASAN_OPTIONS="detect_container_overflow=0:detect_leaks=1:abort_on_error=1:allow_user_poisoning=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
status=0
for t in "${TARGETS[@]}"; do
  corpus="$FUZZ_DIR/corpus/$t"
  mkdir -p "$corpus"
  log="$FUZZ_DIR/fuzz-$t.log"
  echo "== vyre-fuzz-$t, ${SECONDS_EACH} s"
  if (cd "$FUZZ_DIR" && LD_PRELOAD="$PRELOAD" "$FUZZ_DIR/bin/vyre-fuzz-$t" "$corpus" "$SEEDS/$t" \
        -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2560 \
        -max_len=16384 -print_final_stats=1 >"$log" 2>&1); then
    grep -E '^#[0-9]+.*(DONE|pulse)' "$log" | tail -1
    grep -E '^stat::number_of_executed_units' "$log" || true
  else
    echo "vyre-fuzz-$t FAILED: $log"
    grep -E 'ERROR|SUMMARY|abort|runtime error' "$log" | head -5
    status=1
  fi
done
exit $status
