#!/usr/bin/env bash
# Compiles the benchmark kernels into $1 (default build/bench/kernels) as
# .spv + .json pairs, so a machine without MLIR (the GPU machine) can run
# them with vyre-run. Variants: mode (persistent/once) x geometry.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build/bench/kernels}
bin=${BUILD_DIR:-build}/bin
mkdir -p "$out"
compile() { # NAME SOURCE [sed expression] [pipeline options]
  local name=$1 src=$2 edit=${3:-} opts=${4:-}
  sed -e "${edit:-s/^//}" "$src" > "$out/$name.mlir"
  "$bin/vyre-opt" "$out/$name.mlir" "--vyre-to-spirv-interpreter${opts:+=$opts}" -o "$out/$name.spirv.mlir"
  "$bin/vyre-translate" "$out/$name.spirv.mlir" --vyre-to-spirv -o "$out/$name.spv"
  "$bin/vyre-translate" "$out/$name.spirv.mlir" --vyre-to-manifest -o "$out/$name.json"
  spirv-val --target-env vulkan1.1 "$out/$name.spv"
}
compile trivial bench/kernels/trivial.mlir
compile trivial_once bench/kernels/trivial.mlir 's/mode(persistent)/mode(once)/'
# One workgroup per SM on an H100 (132), 64 lanes: 4096 slots -> <1 per lane.
compile trivial_wide bench/kernels/trivial.mlir 's/workgroups(4)/workgroups(132)/'
compile trivial_wide_once bench/kernels/trivial.mlir 's/workgroups(4)/workgroups(132)/; s/mode(persistent)/mode(once)/'
compile trivial_small bench/kernels/trivial.mlir 's/slots(4096)/slots(256)/'
compile trivial_small_once bench/kernels/trivial.mlir 's/slots(4096)/slots(256)/; s/mode(persistent)/mode(once)/'
compile trivial_one bench/kernels/trivial.mlir 's/workgroups(4) workgroup_size(64)/workgroups(1) workgroup_size(64)/'
compile histogram examples/histogram.mlir
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
echo "kernels in $out"
