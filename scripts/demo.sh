#!/usr/bin/env bash
# The main job: set up, build, then run the DFA-scanner example on the
# default Vulkan device (the GPU if there is one, else lavapipe): count a
# pattern in a text file on the device and check it against a CPU scan.
# Then why a megakernel: the same device serves a stream of small tasks
# through vyre's persistent kernel and through the ordinary way (dynamic
# batching, one dispatch per batch), side by side under the same load:
# throughput, p50/p99 latency, the ratio, and a PNG in build/demo/.
#   bash scripts/demo.sh [PATTERN [TEXTFILE]]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
# VYRE_DEMO_NO_BUILD=1 runs the demo on the build there is (the test suite
# does, test/Docs/readme.test, while its own build must not change).
# VYRE_DEMO_PREBUILT=1 also takes the kernels as compiled before into
# $BUILD_DIR/demo/kernels (bash scripts/demo.sh once, or VYRE_DEMO_COMPILE_ONLY=1,
# which stops there): for a GPU machine without the MLIR toolchain, where
# build/bin, build/lib, build/bench and build/demo/kernels are carried.
[ -n "${VYRE_DEMO_PREBUILT:-}" ] && VYRE_DEMO_NO_BUILD=1
if [ -z "${VYRE_DEMO_NO_BUILD:-}" ]; then
  bash "$ROOT/scripts/setup.sh"
  bash "$ROOT/scripts/build.sh"
fi

PATTERN="${1:-License}"
TEXT="${2:-$ROOT/LICENSE.TXT}"
OUT="$BUILD_DIR/demo"
KERNELS="$OUT/kernels"
mkdir -p "$OUT"
if [ -z "${VYRE_DEMO_PREBUILT:-}" ]; then
  BENCH_KERNELS="dfa_scan load load_wg32 load_rt" bash "$ROOT/bench/compile.sh" \
    "$KERNELS" >/dev/null
fi
[ -n "${VYRE_DEMO_COMPILE_ONLY:-}" ] && exit 0
echo "== counting \"$PATTERN\" in $TEXT on the device (examples/dfa_scan.mlir)"
ARGS=$(python3 "$ROOT/examples/dfa/prepare.py" "$PATTERN" "$TEXT" "$OUT/dfa")
echo "== CPU scan finds $(cat "$OUT/dfa/expected.txt") occurrences"
# shellcheck disable=SC2086 # ARGS is a list of options
"$BUILD_DIR/bin/vyre-run" "$KERNELS/dfa_scan.spv" $ARGS

echo
echo "== why a megakernel: a stream of small tasks (atomic_add) on the same device,"
echo "   vyre's persistent kernel against dynamic batching (one dispatch per batch),"
echo "   under the same seeded Poisson load (bench/load, docs/benchmarks.md)"
"$BUILD_DIR/bin/vyre-load-bench" --kernels "$KERNELS" \
  --batch-spv "$BUILD_DIR/bench/load-batch.spv" --preset quick \
  --sections load,rtt --kinds atomic_add --json "$OUT/load.json" > "$OUT/load.log"
PY=python3
/usr/bin/python3 -c "import matplotlib" 2>/dev/null && PY=/usr/bin/python3
PNG=()
"$PY" -c "import matplotlib" 2>/dev/null && PNG=(--png "$OUT/load.png")
"$PY" "$ROOT/bench/load/report.py" "${PNG[@]}" "$OUT/load.json"
echo "every figure: $OUT/load.log (raw samples: $OUT/load.json)"
if "$BUILD_DIR/bin/vyre-run" --list-devices | grep -q "(CPU)" &&
   ! "$BUILD_DIR/bin/vyre-run" --list-devices | grep -qv "(CPU)"; then
  echo "This ran on a CPU device (lavapipe): a dispatch costs little more than its"
  echo "work on this machine's cores, and batching wins. On a GPU every dispatch is a"
  echo "queue submission and a fence; docs/benchmarks.md (\"Latency under load\", \"The"
  echo "host path, issue 21\") has the H200 runs of this comparison, with the rates"
  echo "where vyre's p99 wins and those where batching or a CUDA graph does."
fi

