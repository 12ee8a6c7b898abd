#!/usr/bin/env bash
# The main job: set up, build, then run the DFA-scanner example on the
# default Vulkan device (the GPU if there is one, else lavapipe): count a
# pattern in a text file on the device and check it against a CPU scan.
#   bash scripts/demo.sh [PATTERN [TEXTFILE]]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
bash "$ROOT/scripts/setup.sh"
bash "$ROOT/scripts/build.sh"

PATTERN="${1:-License}"
TEXT="${2:-$ROOT/LICENSE.TXT}"
OUT="$BUILD_DIR/demo"
mkdir -p "$OUT"
echo "== counting \"$PATTERN\" in $TEXT on the device (examples/dfa_scan.mlir)"
ARGS=$(python3 "$ROOT/examples/dfa/prepare.py" "$PATTERN" "$TEXT" "$OUT/dfa")
echo "== CPU scan finds $(cat "$OUT/dfa/expected.txt") occurrences"
# shellcheck disable=SC2086 # ARGS is a list of options
"$BUILD_DIR/bin/vyre-run" "$ROOT/examples/dfa_scan.mlir" $ARGS
