#!/usr/bin/env bash
# Compiles the benchmark kernels into $1 (default build/bench/kernels) as
# .spv + .json pairs, so a machine without MLIR (the GPU machine) can run
# them with vyre-run. Variants: mode (persistent/once) x geometry.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build/bench/kernels}
bin=${BUILD_DIR:-build}/bin
mkdir -p "$out"
# BENCH_KERNELS="a b": compile only those (scripts/demo.sh names its four).
wanted() { [ -z "${BENCH_KERNELS:-}" ] || [[ " $BENCH_KERNELS " == *" $1 "* ]]; }
compile() { # NAME SOURCE [sed expression] [pipeline options] [pipeline]
  local name=$1 src=$2 edit=${3:-} opts=${4:-}
  local pipeline=${5:-vyre-to-spirv-interpreter}
  wanted "$name" || return 0
  sed -e "${edit:-s/^//}" "$src" > "$out/$name.mlir"
  # The binary, its manifest beside it, spirv-val: one step.
  "$bin/vyre-compile" "$out/$name.mlir" "--$pipeline${opts:+=$opts}" -o "$out/$name.spv"
}
compile trivial bench/kernels/trivial.mlir
compile trivial_once bench/kernels/trivial.mlir 's/mode(persistent)/mode(once)/'
# One workgroup per SM on an H100 (132), 64 lanes: 4096 slots -> <1 per lane.
compile trivial_wide bench/kernels/trivial.mlir 's/workgroups(4)/workgroups(132)/'
compile trivial_wide_once bench/kernels/trivial.mlir 's/workgroups(4)/workgroups(132)/; s/mode(persistent)/mode(once)/'
compile trivial_small bench/kernels/trivial.mlir 's/slots(4096)/slots(256)/'
compile trivial_small_once bench/kernels/trivial.mlir 's/slots(4096)/slots(256)/; s/mode(persistent)/mode(once)/'
compile trivial_one bench/kernels/trivial.mlir 's/workgroups(4) workgroup_size(64)/workgroups(1) workgroup_size(64)/'
# vyre-producer-bench: a 64K-slot ring on one workgroup per SM for
# several publishing threads, and a 1M-slot once ring for publish alone.
compile trivial_mp bench/kernels/trivial.mlir 's/slots(4096) workgroups(4)/slots(65536) workgroups(132)/'
compile trivial_mp_once bench/kernels/trivial.mlir 's/slots(4096) workgroups(4)/slots(1048576) workgroups(132)/; s/mode(persistent)/mode(once)/'
# vyre-load-bench (bench/load): the default geometry, wider ones (the
# harness finds the best), a 256-slot ring for round trips, and the 1M-slot
# once ring for the pre-filled drain.
compile load bench/kernels/load.mlir
compile load_wg32 bench/kernels/load.mlir 's/workgroups(4)/workgroups(32)/'
compile load_wg132 bench/kernels/load.mlir 's/workgroups(4)/workgroups(132)/'
compile kv_cache examples/kv_cache.mlir
# The same cache with its cache and tags in host memory (the default
# placement): vyre-io-bench --kernel kv_cache_hostmem measures what
# device_local buys.
compile kv_cache_hostmem examples/kv_cache.mlir 's/ device_local :/ :/'
compile load_rt bench/kernels/load.mlir 's/slots(4096)/slots(256)/'
compile load_drain_once bench/kernels/load.mlir 's/slots(4096) workgroups(4)/slots(1048576) workgroups(132)/; s/mode(persistent)/mode(once)/'
# The same drain with 16x the lanes: each lane's slots are a chain of bus
# round trips, so the drain's time falls with the lanes in flight.
compile load_drain_wide_once bench/kernels/load.mlir 's/slots(4096) workgroups(4) workgroup_size(64)/slots(1048576) workgroups(132) workgroup_size(1024)/; s/mode(persistent)/mode(once)/'
compile load_drain4_once bench/kernels/load.mlir 's/slots(4096)/slots(1048576)/; s/mode(persistent)/mode(once)/'
compile histogram examples/histogram.mlir
# vyre-graph-bench: dependent tasks (a 4096-slot ring, 4096 counters).
compile graph bench/kernels/graph.mlir
# vyre-bfs-bench: device-side enqueue (a 65536-line device queue).
compile bfs examples/bfs.mlir
compile dfa_scan examples/dfa_scan.mlir
# vyre-shard variants for vyre-shard-bench: no sharding, each strategy, the
# cost rule; 4 and 132 workgroups.
for geometry in "" _wide; do
  edit=s/^//
  [ "$geometry" = _wide ] && edit='s/workgroups(4)/workgroups(132)/'
  compile "work${geometry}_unsharded" bench/kernels/work.mlir "$edit" "shard=false"
  compile "work${geometry}_strided" bench/kernels/work.mlir "$edit" "shard-strategy=strided"
  compile "work${geometry}_contiguous" bench/kernels/work.mlir "$edit" "shard-strategy=contiguous"
  compile "work${geometry}_auto" bench/kernels/work.mlir "$edit"
  compile "work${geometry}_nobound" bench/kernels/work.mlir "$edit" "starvation-bound=0"
done
# vyre-jit-bench: the 16-arm mix kernel as the generic interpreter, the
# interpreter ordered by each mix's profile, and JIT-fused kernels (budget
# 256: every arm, hottest first; budget 16: the hottest arm only, the rest
# requeued, or with defer-budget deferred: served in the fused kernel in
# opcode-uniform rounds). Profiles as vyre-attach-profile would attach them.
skewed="16: 7, 17: 7, 18: 7, 19: 7, 20: 7, 21: 7, 22: 7, 23: 7, 24: 7, 25: 7, 26: 7, 27: 7, 28: 7, 29: 7, 30: 7, 31: 900"
uniform="16: 100, 17: 100, 18: 100, 19: 100, 20: 100, 21: 100, 22: 100, 23: 100, 24: 100, 25: 100, 26: 100, 27: 100, 28: 100, 29: 100, 30: 100, 31: 100"
compile_jit() { # NAME SOURCE EDIT OPTIONS
  compile "$1" "$2" "$3" "$4" vyre-to-spirv-jit
}
for geometry in "" _wide; do
  grow=s/^//
  [ "$geometry" = _wide ] && grow='s/workgroups(4)/workgroups(132)/'
  compile "mix${geometry}" bench/kernels/mix.mlir "$grow"
  for mix in skewed uniform; do
    profile=${!mix}
    attach="$grow; s/attributes {observables = 32 : i32}/attributes {observables = 32 : i32, profile = #vyre.profile<{$profile}>}/"
    compile "mix${geometry}_ordered_$mix" bench/kernels/mix.mlir "$attach"
    compile_jit "mix${geometry}_fused_$mix" bench/kernels/mix.mlir "$attach" "budget=256"
    compile_jit "mix${geometry}_fusedhot_$mix" bench/kernels/mix.mlir "$attach" "budget=16"
    compile_jit "mix${geometry}_deferred_$mix" bench/kernels/mix.mlir "$attach" "budget=16 defer-budget=1024"
  done
done
# vyre-batch-bench: mix.mlir plus a static batch of 256 items, 7 in 8 of
# opcode 31 (16 LCG rounds each), as the interpreter and as a fused batch.
{
  sed '$d' bench/kernels/mix.mlir
  echo "  vyre.batch @mixbatch {"
  for i in $(seq 0 255); do
    op=31; [ $((i % 8)) = 0 ] && op=$((16 + (i / 8) % 15))
    echo "    vyre.work_item opcode($op) args [16, $i]"
  done
  echo "  }"
  echo "}"
} > "$out/mix_batch_src.mlir"
compile mix_batch_interp "$out/mix_batch_src.mlir"
compile mix_batch "$out/mix_batch_src.mlir" "" "" vyre-to-spirv-batch
echo "kernels in $out"
