// A fused batch lowers to one lane's straight-line code: no persistent
// loop, no claim, no opcode switch; constant indices within bounds need no
// check; each item ends its ring slot; counters get one add per arm.
// RUN: vyre-opt %s --vyre-materialize-builtins --vyre-fuse-batch --canonicalize --cse --convert-vyre-to-gpu --canonicalize --cse | FileCheck %s

vyre.megakernel @k slots(16) workgroups(2) workgroup_size(32) mode(persistent)
    attributes {observables = 16 : i32, tenants = array<i32: -1, 1>} {
  vyre.buffer @out binding(0) read_write : memref<64xi32>
  vyre.handler @scale opcode(16) {
  ^bb0(%s: !vyre.slot):
    %a = vyre.arg %s[0]
    %i = vyre.arg %s[1]
    %c3 = arith.constant 3 : i32
    %m = arith.muli %a, %c3 : i32
    vyre.store %m, @out[%i] : i32
    vyre.yield
  }
  vyre.builtin "atomic_add"
  vyre.batch @b {
    vyre.work_item opcode(16) args [5, 7]
    vyre.work_item opcode(16) args [2, 70]
    vyre.work_item opcode(2) args [1, 161] tenant(1)
  }
}

// CHECK-LABEL: gpu.func @k
// CHECK-SAME: known_block_size = array<i32: 1, 1, 1>
// CHECK-NOT: scf.while
// The ring slot of item 0: control[81] (VYRE_CTRL_BATCH_BASE).
// CHECK-DAG: %[[C81:.*]] = arith.constant 81 : index
// CHECK: %[[BASE:.*]] = vyre.device.load_volatile %{{.*}}[%[[C81]]]
// The assumptions: tenant 0 may run arm 0 (@scale), tenant 1 may not run
// arm 1 (atomic_add): mask words 8 and 9.
// CHECK: vyre.device.load_volatile %{{.*}}[%{{.*}}]
// CHECK: vyre.device.load_volatile %{{.*}}[%{{.*}}]
// CHECK: scf.if
// Item 0: out[7] = 15, in bounds: stored with no check.
// CHECK: memref.store %{{.*}}, %{{.*}}[%{{.*}}] : memref<?xi32
// Each item is marked CLAIMED in the ring (binding 0; the host wrote it
// PUBLISHED and no lane claims it, so the interpreter would run it again),
// then ends in its completion mirror (binding 3), DONE after a fence, then
// DONE_COUNT (ABI v6).
// CHECK: vyre.device.store_volatile %c2_i32, %arg0[%{{.*}}]
// CHECK: } else {
// CHECK-NEXT: vyre.device.fence release
// CHECK-NEXT: vyre.device.store_volatile %c3_i8, %arg3
// CHECK-NEXT: vyre.device.atomic_rmw add release %c1_i32, %arg1[%c1]
// Item 1: out[70] is out of bounds: the fault is recorded, nothing stored
// into the user buffer (binding 4).
// CHECK-NOT: memref.store %{{.*}}, %arg4
// CHECK: vyre.device.store_volatile %c3_i8, %arg3
// Item 2: tenant 1 may not run atomic_add: FAULT, no atomic on control[161].
// CHECK: vyre.device.store_volatile %c3_i8, %arg3
// One counter add for @scale's two items (control word 40).
// CHECK: vyre.device.atomic_rmw add relaxed %c2_i32, %{{.*}}[%c40]
// CHECK: } else {
// The tenant table changed: every item's slot REQUEUE (6).
// CHECK: scf.for
// CHECK: vyre.device.atomic_rmw exchange
// CHECK: gpu.return
