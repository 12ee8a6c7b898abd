// RUN: vyre-opt %s --vyre-prune-redundancy -split-input-file | FileCheck %s
// RUN: vyre-opt %s --vyre-prune-redundancy="hoist-common=false" -split-input-file | FileCheck %s --check-prefix=OFF
// The pass alone: these kernels have nothing to drop, merge or prune.
// RUN: vyre-opt %s --vyre-hoist-common -split-input-file | FileCheck %s
// Idempotent: a second run hoists nothing more.
// RUN: vyre-opt %s --vyre-prune-redundancy -split-input-file | vyre-opt --vyre-prune-redundancy -split-input-file | FileCheck %s

// Both arms read argument 0 and scale it by 4 (the constants differ only in
// name): the read and the multiply move into a new prologue, the constant is
// rematerialized there, and each arm reads the product. What only one arm
// does (argument 1, argument 2, the add) stays in the arm.
// CHECK-LABEL: vyre.megakernel @scaled
// CHECK: vyre.dispatch_prologue {
// CHECK-NEXT: ^bb0(%[[SLOT:.*]]: !vyre.slot):
// CHECK-NEXT: %[[A0:.*]] = vyre.arg %[[SLOT]][0]
// CHECK-NEXT: %[[C4:.*]] = arith.constant 4 : i32
// CHECK-NEXT: %[[I:.*]] = arith.muli %[[A0]], %[[C4]] : i32
// CHECK-NEXT: vyre.prologue_yield %[[I]] : i32
// CHECK-NEXT: }
// CHECK: vyre.handler @add opcode(16) {
// CHECK-NEXT: ^bb0(%[[S1:.*]]: !vyre.slot):
// CHECK-NEXT: %[[P1:.*]] = vyre.prologue_value %[[S1]][0] : i32
// CHECK-NEXT: %[[V1:.*]] = vyre.arg %[[S1]][1]
// CHECK-NEXT: vyre.atomic_rmw add %[[V1]], @data[%[[P1]]] : i32
// CHECK-NEXT: vyre.yield
// CHECK: vyre.handler @put opcode(17) {
// CHECK-NEXT: ^bb0(%[[S2:.*]]: !vyre.slot):
// CHECK-NEXT: %[[P2:.*]] = vyre.prologue_value %[[S2]][0] : i32
// CHECK-NEXT: %[[V2:.*]] = vyre.arg %[[S2]][2]
// CHECK-NEXT: %[[J:.*]] = arith.addi %[[P2]], %[[V2]] : i32
// CHECK-NEXT: vyre.store %[[V2]], @data[%[[J]]] : i32
// CHECK-NEXT: vyre.yield
// OFF-LABEL: vyre.megakernel @scaled
// OFF-NOT: vyre.dispatch_prologue
// OFF-NOT: vyre.prologue_value
// OFF: vyre.handler @put
// OFF-NEXT: ^bb0
// OFF-NEXT: arith.constant 4
// OFF-NEXT: vyre.arg %{{.*}}[0]
vyre.megakernel @scaled slots(64) workgroups(1) workgroup_size(32) mode(once) {
  vyre.buffer @data binding(0) read_write : memref<1024xi32>
  vyre.handler @add opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %a0 = vyre.arg %slot[0]
    %c4 = arith.constant 4 : i32
    %i = arith.muli %a0, %c4 : i32
    %a1 = vyre.arg %slot[1]
    %old = vyre.atomic_rmw add %a1, @data[%i] : i32
    vyre.yield
  }
  vyre.handler @put opcode(17) {
  ^bb0(%slot: !vyre.slot):
    %four = arith.constant 4 : i32
    %a0 = vyre.arg %slot[0]
    %i = arith.muli %a0, %four : i32
    %a2 = vyre.arg %slot[2]
    %j = arith.addi %i, %a2 : i32
    vyre.store %a2, @data[%j] : i32
    vyre.yield
  }
}

// -----

// An existing prologue grows: both arms add 1 to prologue value 0 and
// compare; the sum is used in one arm only inside an scf.if and the compare
// only there, yet both are yielded (the arm still needs them). The read of
// value 0 stays where an arm uses it directly; in @a it goes.
// CHECK-LABEL: vyre.megakernel @grow
// OFF-LABEL: vyre.megakernel @grow
// CHECK: vyre.dispatch_prologue {
// CHECK-NEXT: ^bb0(%[[SLOT:.*]]: !vyre.slot):
// CHECK-NEXT: %[[A0:.*]] = vyre.arg %[[SLOT]][0]
// CHECK-NEXT: %[[C1:.*]] = arith.constant 1 : i32
// CHECK-NEXT: %[[Q:.*]] = arith.addi %[[A0]], %[[C1]] : i32
// CHECK-NEXT: %[[LT:.*]] = arith.cmpi ult, %[[Q]], %[[C1]] : i32
// CHECK-NEXT: vyre.prologue_yield %[[A0]], %[[Q]], %[[LT]] : i32, i32, i1
// CHECK: vyre.handler @a
// CHECK-NOT: vyre.prologue_value %{{.*}}[0]
// CHECK-DAG: vyre.prologue_value %{{.*}}[1] : i32
// CHECK-DAG: vyre.prologue_value %{{.*}}[2] : i1
// CHECK: scf.if
// CHECK: vyre.handler @b
// CHECK-DAG: %[[B1:.*]] = vyre.prologue_value %{{.*}}[1] : i32
// CHECK-DAG: %[[B0:.*]] = vyre.prologue_value %{{.*}}[0] : i32
// CHECK: vyre.observe %[[B1]] at [%[[B0]]]
vyre.megakernel @grow slots(64) workgroups(1) workgroup_size(32) mode(once) {
  vyre.dispatch_prologue {
  ^bb0(%slot: !vyre.slot):
    %a0 = vyre.arg %slot[0]
    vyre.prologue_yield %a0 : i32
  }
  vyre.handler @a opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %p = vyre.prologue_value %slot[0] : i32
    %c1 = arith.constant 1 : i32
    %q = arith.addi %p, %c1 : i32
    %lt = arith.cmpi ult, %q, %c1 : i32
    scf.if %lt {
      vyre.observe %q at [%c1]
    }
    vyre.yield
  }
  vyre.handler @b opcode(17) {
  ^bb0(%slot: !vyre.slot):
    %c1 = arith.constant 1 : i32
    %p = vyre.prologue_value %slot[0] : i32
    %q = arith.addi %p, %c1 : i32
    %lt = arith.cmpi ult, %q, %c1 : i32
    vyre.observe %q at [%p]
    vyre.yield
  }
}

// -----

// Division by a slot's argument may trap (not speculatable), loads touch
// memory and ops nested in regions run only on their branch: they stay. In
// @stay, @empty shares nothing with @div, so no prologue appears; in
// @stay_two only the argument read under the division is common.
// CHECK-LABEL: vyre.megakernel @stay
// CHECK-NOT: vyre.dispatch_prologue
// CHECK-NOT: vyre.prologue_value
// CHECK: vyre.megakernel @stay_two
// CHECK: vyre.dispatch_prologue {
// CHECK-NEXT: ^bb0(%[[SLOT:.*]]: !vyre.slot):
// CHECK-NEXT: %[[A1:.*]] = vyre.arg %[[SLOT]][1]
// CHECK-NEXT: vyre.prologue_yield %[[A1]] : i32
// CHECK: vyre.handler @div
// CHECK: arith.divui
// CHECK: vyre.load
// CHECK: vyre.handler @nested
// CHECK: arith.divui
// CHECK: vyre.load
// CHECK: scf.if
// CHECK-NEXT: vyre.arg
// CHECK: vyre.megakernel @one_arm
// CHECK-NOT: vyre.dispatch_prologue
vyre.megakernel @stay slots(64) workgroups(1) workgroup_size(32) mode(once) {
  vyre.buffer @data binding(0) read_only : memref<64xi32>
  vyre.handler @div opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %a0 = vyre.arg %slot[0]
    %a1 = vyre.arg %slot[1]
    %q = arith.divui %a0, %a1 : i32
    vyre.observe %q at [%a0]
    vyre.yield
  }
  vyre.handler @empty opcode(17) {
  ^bb0(%slot: !vyre.slot):
    vyre.yield
  }
}
vyre.megakernel @stay_two slots(64) workgroups(1) workgroup_size(32) mode(once) {
  vyre.buffer @data binding(0) read_only : memref<64xi32>
  vyre.handler @div opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %c0 = arith.constant 0 : i32
    %c9 = arith.constant 9 : i32
    %a1 = vyre.arg %slot[1]
    %q = arith.divui %c9, %a1 : i32
    %v = vyre.load @data[%c0] : i32
    vyre.observe %v at [%q]
    vyre.yield
  }
  vyre.handler @nested opcode(17) {
  ^bb0(%slot: !vyre.slot):
    %c0 = arith.constant 0 : i32
    %c9 = arith.constant 9 : i32
    %a1 = vyre.arg %slot[1]
    %q = arith.divui %c9, %a1 : i32
    %v = vyre.load @data[%c0] : i32
    %t = arith.constant true
    scf.if %t {
      %a0 = vyre.arg %slot[0]
      vyre.observe %a0 at [%q]
    }
    vyre.observe %v at [%c0]
    vyre.yield
  }
}
vyre.megakernel @one_arm slots(64) workgroups(1) workgroup_size(32) mode(once) {
  vyre.handler @only opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %a0 = vyre.arg %slot[0]
    vyre.observe %a0 at [%a0]
    vyre.yield
  }
}
