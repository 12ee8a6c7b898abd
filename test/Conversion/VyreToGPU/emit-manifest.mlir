// RUN: vyre-opt %s --vyre-emit-manifest --split-input-file | FileCheck %s
// RUN: vyre-opt %s --vyre-emit-manifest --split-input-file | vyre-opt --split-input-file | FileCheck %s
// RUN: vyre-opt %s --vyre-to-spirv-interpreter --split-input-file | vyre-translate --split-input-file --vyre-to-manifest --vyre-kernel=small | FileCheck %s --check-prefix=JSON

// The manifest is recorded on the module, and the megakernel stays for
// convert-vyre-to-gpu; a manifest already there (another kernel's) is kept.
// CHECK-LABEL: module attributes {vyre.kernels = {
// CHECK-SAME: earlier = {kernel = "earlier"}
// CHECK-SAME: small = {abi_version = 11 : i64, arms = [{builtin = false, handler = "put", index = 0 : i64, opcodes = [16]}]
// CHECK-SAME: mode = "once"
// CHECK-SAME: slots = 8 : i64
// CHECK-SAME: workgroup_size = 4 : i64, workgroups = 1 : i64}
// CHECK: vyre.megakernel @small
// Through the whole pipeline, vyre-translate prints it.
// JSON: "kernel": "small"
// JSON: "slots": 8
module attributes {vyre.kernels = {earlier = {kernel = "earlier"}}} {
  vyre.megakernel @small slots(8) workgroups(1) workgroup_size(4) mode(once) {
    vyre.handler @put opcode(16) {
    ^bb0(%slot: !vyre.slot):
      vyre.yield
    }
  }
}
