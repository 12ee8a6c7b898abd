#!/usr/bin/env bash
# Installs every Debian package vyre needs that is not installed yet.
# Idempotent: with everything present it only checks and returns.
set -euo pipefail

PACKAGES=(
  # LLVM/MLIR 22 (bookworm-security): libMLIR.so, mlir-tblgen, lit, FileCheck
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools clang-22 lld-22
  # libFuzzer and the sanitizer runtimes for clang-22 (scripts/fuzz.sh)
  libclang-rt-22-dev
  # Build
  cmake ninja-build ccache libgtest-dev
  # Vulkan: loader, lavapipe (CPU device), tools, validation layers
  libvulkan-dev mesa-vulkan-drivers vulkan-tools vulkan-validationlayers
  spirv-tools glslang-tools
  # Python package and its tests
  python3 python3-venv python3-setuptools python3-numpy python3-pytest
  python3-matplotlib pybind11-dev
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "setup: missing packages (${missing[*]}) and not root; install them as root" >&2
    exit 1
  fi
fi

echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"
