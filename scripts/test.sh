#!/usr/bin/env bash
# Sets up, builds and runs every test (GoogleTest and the lit suite) through
# ctest, then, in the instrumented tree (scripts/instrumented.sh), each
# fuzzer for VYRE_FUZZ_SECONDS (default 30) and the runtime tests under
# ASan and UBSan (scripts/sanitize.sh). VYRE_SKIP_INSTRUMENTED=1 stops after
# ctest.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
bash "$ROOT/scripts/setup.sh"
bash "$ROOT/scripts/build.sh"
(cd "$BUILD_DIR" && ctest --output-on-failure -j"$(nproc)")
[ -n "${VYRE_SKIP_INSTRUMENTED:-}" ] && exit 0
bash "$ROOT/scripts/fuzz.sh" "${VYRE_FUZZ_SECONDS:-30}"
bash "$ROOT/scripts/sanitize.sh"
