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
# The loader unloads the driver at vkDestroyInstance. Lavapipe (Mesa
# 22.3.6-1+deb12u2) keeps 128 bytes in a global it never frees; once its
# library is unmapped nothing points at them, and LeakSanitizer reports a
# leak from an unknown module that no suppression can name (a plain C
# program that only creates and destroys a device shows it too). Keeping
# the driver loaded (preloaded, so the loader's dlclose does not unmap it)
# leaves the global reachable, and real leaks are still reported. Only for
# the default driver: VK_DRIVER_FILES picks another one, left alone.
if [ -z "${VK_DRIVER_FILES:-}" ]; then
  for icd in /usr/share/vulkan/icd.d/lvp_icd*.json; do
    lib=$(sed -n 's/.*"library_path": *"\([^"]*\)".*/\1/p' "$icd" 2>/dev/null)
    if [ -f "$lib" ]; then
      export LD_PRELOAD="$lib${LD_PRELOAD:+:$LD_PRELOAD}"
    fi
  done
fi

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
