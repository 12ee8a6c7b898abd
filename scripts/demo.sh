#!/usr/bin/env bash
# The main job: set up, build, and compile an example megakernel to a SPIR-V
# binary and ABI manifest, validated with spirv-val. (Running it on the
# default Vulkan device arrives with the runtime.)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
bash "$ROOT/scripts/setup.sh"
bash "$ROOT/scripts/build.sh"

EXAMPLE="${1:-$ROOT/examples/histogram.mlir}"
OUT="$BUILD_DIR/demo"
mkdir -p "$OUT"
name="$(basename "$EXAMPLE" .mlir)"
echo "== compiling $EXAMPLE"
"$BUILD_DIR/bin/vyre-opt" "$EXAMPLE" --vyre-to-spirv-interpreter -o "$OUT/$name.spirv.mlir"
"$BUILD_DIR/bin/vyre-translate" --vyre-to-spirv "$OUT/$name.spirv.mlir" -o "$OUT/$name.spv"
"$BUILD_DIR/bin/vyre-translate" --vyre-to-manifest "$OUT/$name.spirv.mlir" -o "$OUT/$name.json"
spirv-val --target-env vulkan1.1 "$OUT/$name.spv"
echo "== $OUT/$name.spv: $(stat -c %s "$OUT/$name.spv") bytes, spirv-val OK"
python3 - "$OUT/$name.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
print(f"== manifest {sys.argv[1]}")
print(f"kernel {m['kernel']}: {m['mode']}, {m['slots']} slots, "
      f"{m['workgroups']} x {m['workgroup_size']} lanes, ABI v{m['abi_version']}")
for b in m["bindings"]:
    size = "host-sized" if b["elements"] < 0 else f"{b['elements']} x {b['element']}"
    print(f"  binding {b['binding']}: {b['name']:<8} {b['kind']:<7} {size}")
for a in m["arms"]:
    ops = ", ".join(hex(o) if o >= 0xFFF0 else str(o) for o in a["opcodes"])
    print(f"  arm {a['index']}: opcode {ops:<10} {a['handler']}{' (built-in)' if a['builtin'] else ''}")
PY
