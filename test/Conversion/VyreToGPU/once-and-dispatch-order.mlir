// RUN: vyre-opt %s --convert-vyre-to-gpu | FileCheck %s

// `once`: lane 0 also stops the workgroup when the doorbell (control[6])
// has not moved since the last loop head (shared word 3): nothing was
// committed since the last pass began, so another would find nothing.
// The five words of the loop's workgroup state, none of a feature's.
// CHECK-LABEL: gpu.func @drain
// CHECK-SAME: workgroup(%[[SHARED:[a-z0-9]+]] : memref<5xi32, #gpu.address_space<workgroup>>)
// CHECK: scf.while : () -> () {
// CHECK: %[[WITHINBUDGET:.*]] = arith.andi
// CHECK-NEXT: %[[C6:.*]] = arith.constant 6 : index
// CHECK-NEXT: %[[BELL:.*]] = vyre.device.load_volatile %{{.*}}[%[[C6]]]
// CHECK-NEXT: %[[LAST:.*]] = memref.load %[[SHARED]][%[[C3:.*]]]
// CHECK-NEXT: memref.store %[[BELL]], %[[SHARED]][%[[C3]]]
// CHECK-NEXT: %[[MOVED:.*]] = arith.cmpi ne, %[[BELL]], %[[LAST]] : i32
// CHECK-NEXT: %[[GO:.*]] = arith.andi %[[WITHINBUDGET]], %[[MOVED]] : i1
// CHECK: %[[LOOP:.*]]:2 = scf.for
// With a profile, the hottest arm is tested first: opcode 21 (arm 1,
// counter control[41]) before opcode 20 (arm 0, control[40]).
// CHECK: %[[C21:.*]] = arith.constant 21 : i32
// CHECK-NEXT: arith.cmpi eq, %{{.*}}, %[[C21]]
// CHECK: arith.constant 41 : i32
// CHECK: %[[C20:.*]] = arith.constant 20 : i32
// CHECK-NEXT: arith.cmpi eq, %{{.*}}, %[[C20]]
// CHECK: arith.constant 40 : i32

// CHECK: %[[AGAIN:.*]] = arith.cmpi ne, %[[LOOP]]#1, %{{.*}} : i32
// CHECK-NEXT: scf.if %[[AGAIN]] {
// CHECK-NEXT: memref.atomic_rmw addi %[[LOOP]]#1, %[[SHARED]]
vyre.megakernel @drain slots(16) workgroups(1) workgroup_size(16) mode(once)
    attributes {profile = #vyre.profile<{20: 5, 21: 5000}>} {
  vyre.handler @cold opcode(20) {
  ^bb0(%slot: !vyre.slot):
    vyre.yield
  }
  vyre.handler @hot opcode(21) {
  ^bb0(%slot: !vyre.slot):
    vyre.yield
  }
}

// A handler serving several opcodes is one arm matched by any of them.
// CHECK-LABEL: gpu.func @merged
// CHECK: %[[C30:.*]] = arith.constant 30 : i32
// CHECK-NEXT: %[[A:.*]] = arith.cmpi eq, %[[OP:.*]], %[[C30]] : i32
// CHECK-NEXT: %[[C31:.*]] = arith.constant 31 : i32
// CHECK-NEXT: %[[B:.*]] = arith.cmpi eq, %[[OP]], %[[C31]] : i32
// CHECK-NEXT: %[[EITHER:.*]] = arith.ori %[[A]], %[[B]] : i1
// CHECK-NEXT: scf.if %[[EITHER]]
vyre.megakernel @merged slots(16) workgroups(1) workgroup_size(16) mode(once) {
  vyre.handler @both opcode(30, 31) {
  ^bb0(%slot: !vyre.slot):
    vyre.yield
  }
}
