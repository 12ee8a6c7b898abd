#!/usr/bin/env bash
# The soak (docs/reliability.md): random slots of every kind at every
# priority, with a JIT-fused variant swapped in and out, each completion
# checked against the reference model, for SECONDS seconds (default 3600)
# or SLOTS slots, whichever ends first, on the default Vulkan device. Prints
# slots/s, faults, mismatches (must be 0), requeues and hand-overs.
#   bash scripts/soak.sh [SECONDS] [SLOTS]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
[ -x "$BUILD_DIR/unittests/VyreRuntimeTests" ] || bash "$ROOT/scripts/build.sh"
VYRE_SOAK_SECONDS="${1:-3600}" VYRE_SOAK_SLOTS="${2:-100000000000}" \
  "$BUILD_DIR/unittests/VyreRuntimeTests" --gtest_also_run_disabled_tests \
  --gtest_filter='SoakTest.*' --gtest_brief=1
