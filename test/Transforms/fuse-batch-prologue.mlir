// A dispatch prologue (vyre-prune-redundancy hoists one) is inlined per
// item with the item's arguments as constants, also where it yields a
// vyre.arg itself.
// RUN: vyre-opt %s --vyre-fuse-batch --canonicalize --cse | FileCheck %s

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(32) mode(persistent)
    attributes {observables = 32 : i32} {
  vyre.dispatch_prologue {
  ^bb0(%s: !vyre.slot):
    %a = vyre.arg %s[0]
    %b = vyre.arg %s[1]
    %c160 = arith.constant 160 : i32
    %w = arith.addi %c160, %b : i32
    vyre.prologue_yield %a, %w : i32, i32
  }
  vyre.handler @add opcode(16) {
  ^bb0(%s: !vyre.slot):
    %a = vyre.prologue_value %s[0] : i32
    %w = vyre.prologue_value %s[1] : i32
    %old = vyre.atomic_rmw add %a, control[%w] : i32
    vyre.yield
  }
  vyre.batch @b {
    vyre.work_item opcode(16) args [7, 3]
    vyre.work_item opcode(16) args [9, 4]
  }
}

// CHECK: vyre.fused_batch @b items(2) assumes [0, 0, 1] {
// CHECK-DAG: %[[C7:.*]] = arith.constant 7 : i32
// CHECK-DAG: %[[C163:.*]] = arith.constant 163 : i32
// CHECK-DAG: %[[C9:.*]] = arith.constant 9 : i32
// CHECK-DAG: %[[C164:.*]] = arith.constant 164 : i32
// CHECK: vyre.atomic_rmw add %[[C7]], control[%[[C163]]] : i32
// CHECK-NEXT: vyre.item_end 0 arm(0)
// CHECK-NEXT: vyre.atomic_rmw add %[[C9]], control[%[[C164]]] : i32
// CHECK-NEXT: vyre.item_end 1 arm(0)
