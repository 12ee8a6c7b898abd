#!/usr/bin/env bash
# The main job: set up, build, and run vyre on an example megakernel.
# Until the runtime lands this verifies the example and prints its parsed,
# verified form; then it will run the example on the default Vulkan device.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
bash "$ROOT/scripts/setup.sh"
bash "$ROOT/scripts/build.sh"
EXAMPLE="${1:-$ROOT/examples/histogram.mlir}"
echo "== vyre-opt $EXAMPLE"
"$BUILD_DIR/bin/vyre-opt" "$EXAMPLE"
