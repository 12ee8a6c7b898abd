#!/usr/bin/env bash
# The load benchmark on the GPU machine (docs/benchmarks.md): unpacks the
# carried Vulkan loader, runs vyre-load-bench (full preset) on the carried
# prebuilt binaries and kernels, then builds bench/cuda/load.cu with nvcc
# and runs the CUDA sides on the same streams, and merges both into the
# table and the plot. JSON, PNG and the log go to $OUT.
#   LOAD_ARGS / CUDA_ARGS: extra options for each program; PARTS="vulkan cuda"
#   (the default) or one of them, to split the work over two device calls.
set -u
cd "$(dirname "$0")/.."
source bench/device-setup.sh device-load.log
export LD_LIBRARY_PATH=$PWD/build/lib
PARTS=${PARTS:-vulkan cuda}
jsons=()
if [[ $PARTS == *vulkan* ]]; then
  echo "== vyre-load-bench ${LOAD_ARGS:-}"
  # shellcheck disable=SC2086 # option lists
  timeout 540 build/bin/vyre-load-bench --json "$O/load-vulkan.json" ${LOAD_ARGS:-}
  jsons+=("$O/load-vulkan.json")
fi
if [[ $PARTS == *cuda* ]]; then
  echo "== CUDA sides (bench/cuda/load.cu) ${CUDA_ARGS:-}"
  export PATH=$PATH:/usr/local/cuda/bin
  nvcc -O2 -std=c++17 -o /tmp/cuda-load bench/cuda/load.cu &&
    timeout 540 /tmp/cuda-load --json "$O/load-cuda.json" ${CUDA_ARGS:-}
  jsons+=("$O/load-cuda.json")
fi
# Raw samples make the JSON large: compressed, they come back from $OUT.
gzip -f "${jsons[@]}"
jsons=("${jsons[@]/%/.gz}")
python3 bench/load/report.py --png "$O/load.png" "${jsons[@]}" ||
  python3 bench/load/report.py "${jsons[@]}"
