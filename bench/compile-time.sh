#!/usr/bin/env bash
# Compile-time benchmark (issue 5): the compile step, vyre-compile (the full
# interpreter pipeline, the binary and its manifest; spirv-val after the
# timing, as before), on generated megakernels of N user handlers (each: two
# args, a compare, a fault branch, an atomic on a user buffer, a store to an
# observable), best of 3 runs per size. Prints a table; --json FILE too.
#   bash bench/compile-time.sh [--json FILE] [SIZES...]   (default 16 64 256)
# The ring ABI allows 256 dispatch arms (8 tenant-mask words). Figures
# before 2026-12-08 timed vyre-opt then vyre-translate, without writing the
# manifest (issue 25 left the recipe in vyre-compile alone).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BUILD_DIR:-build}/bin
json=
if [ "${1:-}" = --json ]; then json=$2; shift 2; fi
sizes=${*:-16 64 256}
dir=$(mktemp -d)
gen() { # N -> megakernel text
  echo "vyre.megakernel @gen slots(4096) workgroups(4) workgroup_size(64) mode(persistent) {"
  echo "  vyre.buffer @data binding(0) read_write : memref<?xi32>"
  for ((h = 0; h < $1; h++)); do
    cat <<EOT
  vyre.handler @h$h opcode($((16 + h))) {
  ^bb0(%slot: !vyre.slot):
    %i = vyre.arg %slot[0]
    %v = vyre.arg %slot[1]
    %limit = arith.constant $((1000 + h)) : i32
    %big = arith.cmpi ugt, %v, %limit : i32
    scf.if %big {
      vyre.fault code($((256 + h)))
    } else {
      %old = vyre.atomic_rmw add %v, @data[%i] : i32
      %slot_index = arith.constant $((h % 64)) : i32
      vyre.observe %old at [%slot_index]
    }
    vyre.yield
  }
EOT
  done
  echo "}"
}
printf "%-10s %12s %12s\n" handlers "pipeline s" "spv bytes"
rows=()
for n in $sizes; do
  gen "$n" > "$dir/k$n.mlir"
  best=
  for _ in 1 2 3; do
    start=$(date +%s%N)
    "$bin/vyre-compile" "$dir/k$n.mlir" --vyre-to-spirv-interpreter --no-validate -o "$dir/k$n.spv"
    t=$(( $(date +%s%N) - start ))
    if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
  done
  best=$(printf "%d.%03d" $((best / 1000000000)) $((best / 1000000 % 1000)))
  spirv-val --target-env vulkan1.1 "$dir/k$n.spv"
  bytes=$(stat -c %s "$dir/k$n.spv")
  printf "%-10s %12s %12s\n" "$n" "$best" "$bytes"
  rows+=("{\"handlers\": $n, \"seconds\": $best, \"spirv_bytes\": $bytes}")
done
if [ -n "$json" ]; then
  (IFS=,; echo "{\"compile_time\": [${rows[*]}]}") > "$json"
  echo "wrote $json"
fi
rm -rf "$dir"
