#!/usr/bin/env bash
# Compiles the benchmark kernels into $1 (default build/bench/kernels) as
# .spv + .json pairs, so a machine without MLIR (the GPU machine) can run
# them with vyre-run. Variants: mode (persistent/once) x geometry.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build/bench/kernels}
bin=${BUILD_DIR:-build}/bin
mkdir -p "$out"
compile() { # NAME SOURCE [sed expression]
  local name=$1 src=$2 edit=${3:-}
  sed -e "${edit:-s/^//}" "$src" > "$out/$name.mlir"
  "$bin/vyre-opt" "$out/$name.mlir" --vyre-to-spirv-interpreter -o "$out/$name.spirv.mlir"
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
echo "kernels in $out"
