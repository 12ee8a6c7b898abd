// RUN: vyre-opt %s --convert-vyre-to-gpu | FileCheck %s
// Through the JIT pipeline the binary is valid SPIR-V and the manifest
// names the deferred arms.
// RUN: vyre-opt %s --vyre-to-spirv-jit="budget=4 defer-budget=64" -o %t.mlir
// RUN: vyre-translate %t.mlir --vyre-to-spirv -o %t.spv
// RUN: spirv-val --target-env vulkan1.1 %t.spv
// RUN: vyre-translate %t.mlir --vyre-to-manifest | FileCheck %s --check-prefix=MANIFEST

// Arm 1 (@hot, opcode 17) is fused; arm 0 (@cold, opcode 16) is deferred;
// arm 2 (@never, opcode 18) is neither, so its slots are requeued.
// CHECK-LABEL: gpu.func @deferred
// Loop state grows by four words (give-back, deferred count, drain rounds,
// longest list); each lane's list is a 16-entry stripe of one Workgroup
// array (32 x 16).
// CHECK: %[[LIST:.*]] = memref.alloc() : memref<512xi32, #spirv.storage_class<Workgroup>>
// CHECK: %[[LENGTH:.*]] = memref.alloca() : memref<1xi32, #spirv.storage_class<Function>>
// CHECK: %[[SHARED:.*]] = memref.alloc() : memref<12xi32, #spirv.storage_class<Workgroup>>
// Lane 0 decides the drain: its rounds (word 10) are the longest list
// (11); it clears the deferred count (9) and the longest list.
// CHECK: scf.while
// CHECK: memref.load %[[SHARED]][%c9]
// CHECK: %[[LONGEST:.*]] = memref.load %[[SHARED]][%c11]
// CHECK: %[[ROUNDS:.*]] = arith.select %{{.*}}, %[[LONGEST]], %{{.*}} : i32
// CHECK-NEXT: memref.store %[[ROUNDS]], %[[SHARED]][%c10]
// CHECK: memref.store %{{.*}}, %[[SHARED]][%c9]
// CHECK: memref.store %{{.*}}, %[[SHARED]][%c11]
// CHECK: gpu.barrier
// The pass starts with the drain if lane 0 said so: a loop of the same
// number of rounds in every lane (workgroup-uniform), each lane serving
// its next entry if it is @cold's. @cold's body (its counter, control
// word 40, and observable 5) runs only here.
// CHECK: } do {
// CHECK: memref.load %[[SHARED]][%c10]
// CHECK: scf.if
// CHECK: %[[N:.*]] = memref.load %[[SHARED]][%c10]
// CHECK: %[[BOUND:.*]] = arith.index_castui %[[N]] : i32 to index
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[BOUND]] step %{{.*}} iter_args
// CHECK: memref.load %[[LIST]]
// CHECK: arith.constant 40 : index
// CHECK: arith.constant 5 : i32
// At the claim: the hot arm is tested and served in place ...
// CHECK: vyre.device.atomic_cas acq_rel %arg0
// CHECK: %[[OPCODE:.*]] = vyre.device.load_volatile %arg0
// CHECK: %[[C17:.*]] = arith.constant 17 : i32
// CHECK-NEXT: %[[IS17:.*]] = arith.cmpi eq, %[[OPCODE]], %[[C17]] : i32
// CHECK-NEXT: scf.if %[[IS17]] {
// CHECK: arith.constant 41 : index
// ... any other opcode is looked up among the deferred arms without a
// branch: opcode 16 -> bucket 0, else -1 (requeue).
// CHECK-NOT: arith.constant 5 : i32
// CHECK: %[[NONE:.*]] = arith.constant -1 : i32
// CHECK: %[[C16:.*]] = arith.constant 16 : i32
// CHECK-NEXT: %[[IS16:.*]] = arith.cmpi eq, %[[OPCODE]], %[[C16]] : i32
// CHECK: %[[BUCKET:.*]] = arith.select %[[IS16]], %{{.*}}, %[[NONE]] : i32
// CHECK: %[[MISS:.*]] = arith.cmpi eq, %[[BUCKET]], %{{.*}} : i32
// CHECK-NEXT: scf.if %[[MISS]] {
// The slot joins this lane's list (slot << 8 | bucket, insertion-sorted),
// is marked deferred (-2) and counted; a full list gives it back (-3).
// CHECK: } else {
// CHECK: memref.load %[[LENGTH]]
// CHECK: arith.shli
// CHECK: arith.ori
// CHECK: scf.while
// CHECK: memref.store %{{.*}}, %[[LIST]]
// CHECK: arith.constant -2 : i32
// CHECK: memref.atomic_rmw addi %{{.*}}, %[[SHARED]][%c9]
// CHECK: memref.atomic_rmw maxu %{{.*}}, %[[SHARED]][%c11]
// CHECK: } else {
// CHECK: arith.constant -3 : i32
// Completion: requeue (-1), give back (-3: PUBLISHED again, release), or
// complete unless deferred (-2).
// CHECK: arith.cmpi eq, %{{.*}}, %c-1_i32
// CHECK: %[[GIVEBACK:.*]] = arith.cmpi eq, %{{.*}}, %c-3_i32
// CHECK: scf.if %[[GIVEBACK]] {
// CHECK-NEXT: %[[PUBLISHED:.*]] = arith.constant 1 : i32
// CHECK-NEXT: vyre.device.atomic_rmw exchange release %[[PUBLISHED]], %arg0
// And once more after the loop, so no slot stays in a list: 16 rounds
// (the list's capacity).
// CHECK: %[[C16:.*]] = arith.constant 16 : i32
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args
// CHECK: arith.constant 40 : index
// CHECK: gpu.return
// MANIFEST: "deferred_arms": [
// MANIFEST-NEXT: 0
// MANIFEST-NEXT: ]
// MANIFEST: "fused_arms": [
// MANIFEST-NEXT: 1
// MANIFEST-NEXT: ]
vyre.megakernel @deferred slots(64) workgroups(1) workgroup_size(32) mode(persistent)
    attributes {fused_arms = array<i32: 1>, deferred_arms = array<i32: 0>,
                profile = #vyre.profile<{16: 10, 17: 90}>} {
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
  vyre.handler @never opcode(18) {
  ^bb0(%s: !vyre.slot):
    %a = vyre.arg %s[0]
    %i = arith.constant 7 : i32
    vyre.observe %a at [%i]
    vyre.yield
  }
}
