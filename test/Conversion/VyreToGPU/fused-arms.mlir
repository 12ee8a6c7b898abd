// RUN: vyre-opt %s --convert-vyre-to-gpu | FileCheck %s
// Through the JIT pipeline (the kernel carries its profile) the binary is
// valid SPIR-V and the manifest names the fused arms.
// RUN: vyre-opt %s --vyre-to-spirv-jit="budget=4" -o %t.mlir
// RUN: vyre-translate %t.mlir --vyre-to-spirv -o %t.spv
// RUN: spirv-val --target-env vulkan1.1 %t.spv
// RUN: vyre-translate %t.mlir --vyre-to-manifest | FileCheck %s --check-prefix=MANIFEST

// A fused kernel tests only arm 1 (@hot, opcode 17); @cold's body (it
// writes observable 5) is not emitted. Any other opcode, unknown ones
// included, is marked for requeue (-1 in the fault variable) and completes
// as REQUEUE (6) in the ring and the completion mirror, counting nothing.
// CHECK-LABEL: gpu.func @fused
// CHECK: vyre.device.fence acquire
// CHECK-NEXT: arith.constant 2 : i32
// CHECK-NEXT: vyre.device.store_volatile %{{.*}}, %arg0
// The next slot's status (loaded while this one is served), then its words.
// CHECK: vyre.device.load_volatile %arg0
// CHECK: %[[OPCODE:.*]] = vyre.device.load_volatile %arg0
// CHECK: %[[C17:.*]] = arith.constant 17 : i32
// CHECK-NEXT: %[[IS17:.*]] = arith.cmpi eq, %[[OPCODE]], %[[C17]] : i32
// CHECK-NEXT: scf.if %[[IS17]] {
// Arm 1's execution counter (control word 41).
// CHECK: arith.constant 41 : i32
// CHECK-NOT: arith.constant 5 : i32
// CHECK: %[[MARK:.*]] = arith.constant -1 : i32
// CHECK-NOT: scf.if
// CHECK: arith.select %{{.*}}, %[[MARK]], %{{.*}} : i32
// CHECK: %[[REQUEUE:.*]] = arith.cmpi eq, %{{.*}}, %c-1_i32
// CHECK-NEXT: scf.if %[[REQUEUE]] {
// CHECK-NEXT: %[[C6:.*]] = arith.constant 6 : i32
// CHECK-NEXT: vyre.device.atomic_rmw exchange release %[[C6]]
// CHECK: vyre.device.store_volatile %{{.*}}, %arg3
// CHECK: } else {
// MANIFEST: "fused_arms": [
// MANIFEST-NEXT: 1
// MANIFEST-NEXT: ]
vyre.megakernel @fused slots(64) workgroups(1) workgroup_size(32) mode(persistent)
    attributes {fused_arms = array<i32: 1>,
                profile = #vyre.profile<{16: 1, 17: 99}>} {
  vyre.handler @cold opcode(16) {
  ^bb0(%s: !vyre.slot):
    %a = vyre.arg %s[0]
    %i = arith.constant 5 : i32
    vyre.observe %a at [%i]
    vyre.yield
  }
  vyre.handler @hot opcode(17) {
  ^bb0(%s: !vyre.slot):
    %a = vyre.arg %s[0]
    %i = arith.constant 1 : i32
    vyre.observe %a at [%i]
    vyre.yield
  }
}
