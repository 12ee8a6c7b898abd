#!/usr/bin/env bash
# vyre-shard-bench on the GPU machine (docs/benchmarks.md): unpacks the
# carried Vulkan loader and runs the carried prebuilt vyre-shard-bench on the
# carried bench kernels (bench/compile.sh), 4 and 132 workgroups; JSON and a
# log into $OUT.
set -u
cd "$(dirname "$0")/.."
source bench/device-setup.sh device-shard.log
export LD_LIBRARY_PATH=$PWD/build/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
echo "== vyre-shard-bench, 4 x 64 lanes"
timeout 200 build/bin/vyre-shard-bench --json "$O/shard.json" "$@"
echo "== vyre-shard-bench, 132 x 64 lanes"
timeout 200 build/bin/vyre-shard-bench --wide --json "$O/shard-wide.json" "$@"
