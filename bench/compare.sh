#!/usr/bin/env bash
# Two revisions side by side, with one harness (docs/benchmarks.md,
# "Comparing two revisions"):
#
#   bash bench/compare.sh SPEC_A SPEC_B [ROUNDS]
#
# SPEC is REV or REV:PIPELINE_OPTIONS (e.g. 5d59dff:shard=false: the bench
# kernels compiled with those vyre-to-spirv-interpreter options). For each
# spec this builds the revision's compiler and runtime in a git worktree
# under build/compare/ (BUILD_DIR per revision, ccache shared), compiles the
# bench kernels with that revision's vyre-opt, and builds THIS checkout's
# harness (bench/vyre-bench, bench/load) against that revision's runtime
# header and library. Then it runs them alternately, A B A B ..., on one
# device and prints both sets of figures with their ratio
# (bench/compare-report.py).
#
# COMPARE_BUILD_ONLY=1 stops after building (build/compare/<label>/ holds
# bin/, lib/, kernels/: what bench/device-compare.sh runs on the GPU
# machine, where COMPARE_PREBUILT=1 skips the build). COMPARE_SAME_COMPILER=1
# compiles both sides' kernels with this checkout's compiler and builds only
# their runtimes: for revisions whose lib/, tools/ and include/ differ from
# HEAD in comments only (check with git diff first), where a compiler build
# per side would take most of an hour on two cores.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
[ $# -ge 2 ] || { sed -n '2,23p' "$0"; exit 2; }
ROUNDS=${3:-2}
OUTDIR=${COMPARE_OUT:-build/compare/results}
LLVM=/usr/lib/llvm-22

label_of() { echo "$1" | tr ':= ' '_-_'; }

# compile_with TOOLS STEM PIPELINE_FLAG: STEM.mlir -> STEM.spv + STEM.json,
# validated, by the revision's vyre-compile; a revision older than
# vyre-compile (46613db) has only the steps it wraps.
compile_with() {
  local tools=$1 stem=$2 flag=$3
  if [ -x "$tools/vyre-compile" ]; then
    "$tools/vyre-compile" "$stem.mlir" "$flag" -o "$stem.spv"
    return
  fi
  "$tools/vyre-opt" "$stem.mlir" "$flag" -o "$stem.spirv.mlir"
  "$tools/vyre-translate" "$stem.spirv.mlir" --vyre-to-spirv -o "$stem.spv"
  "$tools/vyre-translate" "$stem.spirv.mlir" --vyre-to-manifest -o "$stem.json"
  spirv-val --target-env vulkan1.1 "$stem.spv"
}

build_spec() { # SPEC -> build/compare/<label>/{bin,lib,kernels}
  local spec=$1 rev=${1%%:*} opts="" label dir src
  [[ $spec == *:* ]] && opts=${spec#*:}
  label=$(label_of "$spec"); dir=build/compare/$label; src=build/compare/src-$rev
  git rev-parse --verify -q "$rev^{commit}" >/dev/null ||
    { echo "compare: $rev is not a revision of this repository" >&2; exit 2; }
  if [ ! -d "$src" ]; then
    git worktree add --detach "$src" "$rev" >/dev/null
  fi
  # A revision whose compiler (lib/, tools/, include/) is this checkout's
  # builds only its runtime; this checkout's vyre-opt compiles its kernels.
  local tools=$src/build/bin target=""
  if [ -n "${COMPARE_SAME_COMPILER:-}" ] ||
     git diff --quiet "$rev" HEAD -- lib tools include; then
    tools=$ROOT/build/bin; target=vyre_runtime
    [ -x "$tools/vyre-opt" ] || bash scripts/build.sh
  fi
  echo "== $spec: building $rev in $src (BUILD_DIR=$src/build${target:+, runtime only})"
  mkdir -p "$(dirname "$dir")"
  CCACHE_BASEDIR=$ROOT SOURCE_DIR=$ROOT/$src BUILD_DIR=$ROOT/$src/build BUILD_TARGET=$target \
    bash scripts/build.sh >"$dir.build.log" 2>&1 || { tail -20 "$dir.build.log" >&2; exit 1; }
  mkdir -p "$dir/bin" "$dir/lib" "$dir/kernels"
  cp -L "$src"/build/lib/libvyre_runtime.so* "$dir/lib/"
  # The bench kernels, compiled by the revision's own tools (or the same).
  local k kernels="trivial trivial_small trivial_mp trivial_mp_once load load_rt load_drain_once load_drain_wide_once load_drain4_once"
  for k in $kernels; do
    local base=bench/kernels/trivial.mlir edit=s/^//
    case $k in
      trivial_small) edit='s/slots(4096)/slots(256)/' ;;
      trivial_mp) edit='s/slots(4096) workgroups(4)/slots(65536) workgroups(132)/' ;;
      trivial_mp_once)
        edit='s/slots(4096) workgroups(4)/slots(1048576) workgroups(132)/; s/mode(persistent)/mode(once)/' ;;
      load) base=bench/kernels/load.mlir ;;
      load_rt) base=bench/kernels/load.mlir; edit='s/slots(4096)/slots(256)/' ;;
      load_drain_once) base=bench/kernels/load.mlir
        edit='s/slots(4096) workgroups(4)/slots(1048576) workgroups(132)/; s/mode(persistent)/mode(once)/' ;;
      load_drain_wide_once) base=bench/kernels/load.mlir
        edit='s/slots(4096) workgroups(4) workgroup_size(64)/slots(1048576) workgroups(132) workgroup_size(1024)/; s/mode(persistent)/mode(once)/' ;;
      load_drain4_once) base=bench/kernels/load.mlir
        edit='s/slots(4096)/slots(1048576)/; s/mode(persistent)/mode(once)/' ;;
    esac
    for mode in persistent once; do
      local name=$k e=$edit
      if [ $mode = once ]; then
        # A *_once kernel, or one whose once variant has its own entry
        # (trivial_mp_once is a 1M ring, not trivial_mp's 64K).
        [[ $k == *_once || " $kernels " == *" ${k}_once "* ]] && continue
        name=${k}_once; e="$edit; s/mode(persistent)/mode(once)/"
      fi
      sed -e "$e" "$base" >"$dir/kernels/$name.mlir"
      compile_with "$tools" "$dir/kernels/$name" "--vyre-to-spirv-interpreter${opts:+=$opts}"
    done
  done
  # This checkout's harness against the revision's runtime.
  local inc="-I$src/runtime/include -I$src/include -I$src/build/include"
  local cxx="$LLVM/bin/clang++ -std=c++17 -O2 -fuse-ld=lld -Wno-missing-field-initializers"
  $cxx $inc bench/vyre-bench/vyre-bench.cpp bench/vyre-bench/OneShot.cpp \
    -L"$dir/lib" -lvyre_runtime -lvulkan -Wl,--disable-new-dtags,-rpath,'$ORIGIN/../lib' -o "$dir/bin/vyre-bench"
  $cxx $inc bench/load/vyre-load-bench.cpp bench/load/VyreSide.cpp bench/load/VkBatcher.cpp \
    -L"$dir/lib" -lvyre_runtime -lvulkan -Wl,--disable-new-dtags,-rpath,'$ORIGIN/../lib' -o "$dir/bin/vyre-load-bench"
  $cxx $inc bench/vyre-bench/producer-bench.cpp \
    -L"$dir/lib" -lvyre_runtime -Wl,--disable-new-dtags,-rpath,'$ORIGIN/../lib' -o "$dir/bin/vyre-producer-bench"
  cp build/bench/oneshot.spv build/bench/load-batch.spv "$dir/kernels/"
  echo "== $spec: ready in $dir"
}

if [ -z "${COMPARE_PREBUILT:-}" ]; then
  [ -f build/bench/oneshot.spv ] || bash scripts/build.sh
  build_spec "$1"
  build_spec "$2"
fi
[ -n "${COMPARE_BUILD_ONLY:-}" ] && exit 0

A=build/compare/$(label_of "$1"); B=build/compare/$(label_of "$2")
mkdir -p "$OUTDIR"
for round in $(seq 1 "$ROUNDS"); do
  for side in A B; do
    dir=${!side}; tag=$side$round
    echo "== round $round, $side = $dir"
    "$dir/bin/vyre-bench" --kernels "$dir/kernels" --oneshot "$dir/kernels/oneshot.spv" \
      --tasks "${COMPARE_TASKS:-1000000}" --latency-kernel trivial_small \
      --json "$OUTDIR/bench-$tag.json" | sed -n '/round trip/,$p'
    "$dir/bin/vyre-load-bench" --kernels "$dir/kernels" --batch-spv "$dir/kernels/load-batch.spv" \
      --sections rtt,drain --samples 2000 --json "$OUTDIR/load-$tag.json" | sed -n '/drain\|round trip/,$p'
  done
done
python3 bench/compare-report.py "$OUTDIR" "$1" "$2"
