#!/usr/bin/env bash
# The libFuzzer targets (fuzz/): builds them in an instrumented tree (every
# vyre source with ASan, UBSan and libFuzzer's coverage) and runs each for
# SECONDS (default 60) on seed corpora from the repository, then prints
# libFuzzer's last status line per target. A crash, a sanitizer error, a
# leak or an input that takes too long fails the script, and libFuzzer
# leaves the input as crash-* / timeout-* / leak-* in the fuzz tree.
#   bash scripts/fuzz.sh [SECONDS] [TARGET...]
# SAN_DIR: the instrumented tree (default build-san, scripts/instrumented.sh).
set -euo pipefail
SECONDS_EACH="${1:-60}"
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(manifest workload packed graph dialect pipeline slots)
SAN_TARGETS="$(printf 'vyre-fuzz-%s ' "${TARGETS[@]}")"
source "$(dirname "${BASH_SOURCE[0]}")/instrumented.sh"
FUZZ_DIR="$SAN_DIR"

# Seed corpora: what the tests and examples already hold.
SEEDS="$FUZZ_DIR/seeds"
rm -rf "$SEEDS" && mkdir -p "$SEEDS"/{manifest,workload,packed,graph,dialect,pipeline,slots}
find "$ROOT/test" "$ROOT/examples" "$ROOT/unittests" -name '*.mlir' \
  -exec cp -t "$SEEDS/dialect" {} + 2>/dev/null || true
cp "$SEEDS"/dialect/* "$SEEDS/pipeline/"
cp "$ROOT"/test/e2e/Inputs/*.workload "$SEEDS/workload/" 2>/dev/null || true
printf 'a 1 2 3\nwait\nb 0x10 -1 tenant=1 priority=2 x=3\n' > "$SEEDS/workload/seed"
for j in "$ROOT"/build/unittests/kernels/*.json; do
  [ -f "$j" ] && cp "$j" "$SEEDS/manifest/"
done
printf '{"abi_version": 10, "kernel": "k"}' > "$SEEDS/manifest/seed"
# A diamond and a chain: 8 counters, 4 tasks, edges 0-1 0-2 1-3 2-3.
printf '\x08\x04\x00\x01\x00\x02\x01\x03\x02\x03' > "$SEEDS/graph/diamond"
printf '\x04\x05\x00\x01\x01\x02\x02\x03\x03\x04' > "$SEEDS/graph/chain"
printf '\x02\x00\x00\x00\x02\x00\x00\x00\x01\x00\x00\x00\xa0\x00\x00\x00' \
  > "$SEEDS/packed/seed"

# Slot records (fuzz/slots.cpp): one of each opcode the decoder picks,
# arguments folded into 0-255, then a counter add into observable 3.
python3 - "$SEEDS/slots/seed" <<'PY'
import struct, sys
records = b""
for pick in range(14):
    records += bytes([pick, 0, 2, 0x0F]) + struct.pack("<12I", 1, 163, 4, *[0] * 9)
open(sys.argv[1], "wb").write(records)
PY
# The slot fuzzer runs the test build's builtins kernel on the device.
export VYRE_FUZZ_KERNEL="${VYRE_FUZZ_KERNEL:-$ROOT/build/unittests/kernels/builtins_persistent}"
# What the Vulkan loader and lavapipe keep for the process (sanitize.sh).
export LSAN_OPTIONS="suppressions=$ROOT/scripts/sanitize.supp:print_suppressions=0"

status=0
for t in "${TARGETS[@]}"; do
  corpus="$FUZZ_DIR/corpus/$t"
  mkdir -p "$corpus"
  log="$FUZZ_DIR/fuzz-$t.log"
  echo "== vyre-fuzz-$t, ${SECONDS_EACH} s"
  if (cd "$FUZZ_DIR" && "$FUZZ_DIR/bin/vyre-fuzz-$t" "$corpus" "$SEEDS/$t" \
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
