#!/usr/bin/env bash
# On the GPU machine (device tool; carry .gl, build/bin, build/lib, build/bench):
# attributes the host-bound (16 rounds) rate of JIT-fused variants. Three
# runtimes side by side in one call, alternated so drift hits each alike:
#   new:  build/lib/libvyre_runtime.so (this tree),
#   old:  build/lib/old/libvyre_runtime.so (an earlier commit, built by hand),
#   and the new runtime on build/bench/kx: the kernels with "fused_arms"
#   removed from the all-arms fused manifests, so the runtime runs them as
#   plain variants and never services requeues (the device code is the
#   same binary).
# JSON and the log go to $OUT; docs/benchmarks.md records them.
set -uo pipefail
cd "$(dirname "$0")/.."
source bench/device-setup.sh jit-host.log
run() { # LIBDIR KERNELS NAME
  LD_LIBRARY_PATH=$1 build/bin/vyre-jit-bench --kernels "$2" \
    --slots "${SLOTS:-400000}" --rounds 16 --repeat "${REPEAT:-5}" \
    --json "$O/jit-host-$3.json" | grep -v '^ *$'
}
for i in 1 2; do
  run build/lib build/bench/kernels "new-run$i"
  [ -f build/lib/old/libvyre_runtime.so ] && run build/lib/old build/bench/kernels "old-run$i"
  run build/lib build/bench/kx "kx-run$i"
done
