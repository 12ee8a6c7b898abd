# Sourced (from the repository root) by bench/device-bench.sh and
# bench/device-shard.sh on the GPU machine: unpacks the carried Vulkan loader
# (.gl/*.deb), sets O to the output folder ($OUT), sends everything printed
# to $O/$1 as well, and names the GPU.
for f in .gl/*.deb; do dpkg -x "$f" /; done; ldconfig
O=${OUT:-/tmp/out}; mkdir -p "$O"
exec > >(tee "$O/$1") 2>&1
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
