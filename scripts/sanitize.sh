#!/usr/bin/env bash
# The runtime's GoogleTests, the dialect's GoogleTests and vyre-run's
# end-to-end check under ASan (leaks included) and UBSan, in the
# instrumented tree (scripts/instrumented.sh, default build-san), on the
# default Vulkan device (lavapipe here; VK_DRIVER_FILES picks another).
# Every runtime test runs in one process, so a leak or a use after free
# that crosses tests is seen. Exits non-zero at the first report.
#   bash scripts/sanitize.sh [GTEST_FILTER]
set -euo pipefail
FILTER="${1:-*}"
SAN_TARGETS="VyreRuntimeTests VyreDialectTests vyre-run"
source "$(dirname "${BASH_SOURCE[0]}")/instrumented.sh"
# Leaks inside the Vulkan loader and the driver (Mesa's, NVIDIA's) are
# theirs; scripts/sanitize.supp lists them.
export LSAN_OPTIONS="suppressions=$ROOT/scripts/sanitize.supp:print_suppressions=0"

echo "== VyreDialectTests"
"$SAN_DIR/unittests/VyreDialectTests" --gtest_brief=1
echo "== VyreRuntimeTests, one process, filter $FILTER"
"$SAN_DIR/unittests/VyreRuntimeTests" --gtest_brief=1 --gtest_filter="$FILTER"
echo "== vyre-run, 20000 generated slots (NOPs, and ATOMIC_ADDs that fault)"
K="$SAN_DIR/unittests/kernels"
"$SAN_DIR/bin/vyre-run" "$K/builtins_persistent.spv" --generate 20000 \
  --gen "0 1" --gen "2 1 0-63 1-9" --no-progress \
  >/dev/null
echo "sanitizers: nothing reported"
