// vyre-compile is the compile recipe in one step: the same binary and
// manifest as vyre-opt, then vyre-translate twice, and spirv-val.
// RUN: rm -rf %t && mkdir -p %t
// RUN: vyre-compile %s --vyre-kernel=small -o %t/k.spv --keep-lowered=%t/k.mlir
// RUN: vyre-opt %s --vyre-to-spirv-interpreter -o %t/ref.mlir
// RUN: vyre-translate %t/ref.mlir --vyre-kernel=small --vyre-to-spirv -o %t/ref.spv
// RUN: vyre-translate %t/ref.mlir --vyre-kernel=small --vyre-to-manifest -o %t/ref.json
// RUN: cmp %t/k.spv %t/ref.spv
// RUN: cmp %t/k.json %t/ref.json
// RUN: FileCheck %s --check-prefix=LOWERED < %t/k.mlir
// A pipeline flag as vyre-opt takes it, and a manifest path of its own.
// RUN: vyre-compile %s --vyre-kernel=other --vyre-to-spirv-interpreter="shard=false" -o %t/u.spv --manifest=%t/u-manifest.json
// RUN: FileCheck %s --check-prefix=UNSHARDED < %t/u-manifest.json
// Two kernels and none picked: an error, and nothing written.
// RUN: not vyre-compile %s -o %t/none.spv 2>&1 | FileCheck %s --check-prefix=PICK
// RUN: not test -e %t/none.spv
// RUN: not test -e %t/none.json

// LOWERED: spirv.module
// LOWERED-SAME: vyre.kernel = "small"
// UNSHARDED: "kernel": "other"
// UNSHARDED-NOT: "priority_offsets"
// UNSHARDED: "module_hash"
// PICK: error: the module has 2 kernels; pick one with --vyre-kernel=other|small

vyre.megakernel @small slots(64) workgroups(1) workgroup_size(16) mode(once) {
  vyre.handler @put opcode(16) {
  ^bb0(%slot: !vyre.slot):
    vyre.yield
  }
}

vyre.megakernel @other slots(64) workgroups(1) workgroup_size(16) mode(once) {
  vyre.builtin "nop"
}
