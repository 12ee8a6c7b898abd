// RUN: vyre-opt %s --convert-vyre-to-gpu | FileCheck %s

// Opcodes whose handler vyre-prune-redundancy removed (no tenant may run
// it) fault TENANT_DENIED (3), as they did with the arm; any other opcode
// no arm serves faults UNKNOWN_OPCODE (1).
// CHECK-LABEL: gpu.func @denied
// CHECK: %[[C20:.*]] = arith.constant 20 : i32
// CHECK-NEXT: arith.cmpi eq, %[[OP:.*]], %[[C20]] : i32
// CHECK: %[[C19:.*]] = arith.constant 19 : i32
// CHECK-NEXT: %[[IS19:.*]] = arith.cmpi eq, %[[OP]], %[[C19]] : i32
// CHECK-NEXT: %[[C23:.*]] = arith.constant 23 : i32
// CHECK-NEXT: %[[IS23:.*]] = arith.cmpi eq, %[[OP]], %[[C23]] : i32
// CHECK-NEXT: %[[DENIED:.*]] = arith.ori %[[IS19]], %[[IS23]] : i1
// CHECK-NEXT: %[[C3:.*]] = arith.constant 3 : i32
// CHECK-NEXT: %[[C1:.*]] = arith.constant 1 : i32
// CHECK-NEXT: %[[CODE:.*]] = arith.select %[[DENIED]], %[[C3]], %[[C1]] : i32
// CHECK: arith.select %{{.*}}, %[[CODE]], %{{.*}} : i32
vyre.megakernel @denied slots(16) workgroups(1) workgroup_size(16) mode(once)
    attributes {denied_opcodes = array<i64: 19, 23>} {
  vyre.handler @only opcode(20) {
  ^bb0(%slot: !vyre.slot):
    vyre.yield
  }
}

