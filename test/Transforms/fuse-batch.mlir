// Static batch fusion: each work item's handler with its arguments as
// constants, in batch order, folded and CSE'd across items.
// RUN: vyre-opt %s --vyre-materialize-builtins --vyre-fuse-batch --canonicalize --cse | FileCheck %s
// A loop budget of 4 iterations: the 5-iteration item is requeued.
// RUN: vyre-opt %s --vyre-materialize-builtins --vyre-fuse-batch="max-loop-trips=4" | FileCheck %s --check-prefix=BUDGET
// Round trip of the fused form.
// RUN: vyre-opt %s --vyre-materialize-builtins --vyre-fuse-batch | vyre-opt | FileCheck %s --check-prefix=ROUND

// Arms: @scale 0, @sum 1, @wander 2, atomic_add 3, batch_fence 4,
// store_u32 5. Tenant 1 may run arms 0 and 3 only.
vyre.megakernel @k slots(16) workgroups(1) workgroup_size(32) mode(persistent)
    attributes {observables = 16 : i32, tenants = array<i32: -1, 9>} {
  vyre.buffer @out binding(0) read_write : memref<64xi32>
  vyre.handler @scale opcode(16) {
  ^bb0(%s: !vyre.slot):
    %a = vyre.arg %s[0]
    %i = vyre.arg %s[1]
    %c3 = arith.constant 3 : i32
    %c1 = arith.constant 1 : i32
    %m = arith.muli %a, %c3 : i32
    %v = arith.addi %m, %c1 : i32
    vyre.store %v, @out[%i] : i32
    vyre.yield
  }
  // A loop over arg 0: a constant trip count once the argument is in.
  vyre.handler @sum opcode(17) {
  ^bb0(%s: !vyre.slot):
    %n = vyre.arg %s[0]
    %lb = arith.constant 0 : i32
    %one = arith.constant 1 : i32
    %t = scf.for %j = %lb to %n step %one iter_args(%acc = %lb) -> (i32) : i32 {
      %x = vyre.load @out[%j] : i32
      %y = arith.addi %acc, %x : i32
      scf.yield %y : i32
    }
    %c0 = arith.constant 0 : i32
    vyre.observe %t at [%c0]
    vyre.yield
  }
  // A loop whose bound is loaded: never a constant.
  vyre.handler @wander opcode(18) {
  ^bb0(%s: !vyre.slot):
    %i = vyre.arg %s[0]
    %n = vyre.load @out[%i] : i32
    %lb = arith.constant 0 : i32
    %one = arith.constant 1 : i32
    scf.for %j = %lb to %n step %one : i32 {
      vyre.store %j, @out[%j] : i32
    }
    vyre.yield
  }
  vyre.builtin "atomic_add"
  vyre.builtin "batch_fence"
  vyre.builtin "store_u32"
  vyre.batch @warmup {
    vyre.work_item opcode(16) args [5, 0]
    vyre.work_item opcode(16) args [5, 1]
    vyre.work_item opcode(17) args [2]
    vyre.work_item opcode(18) args [3]
    vyre.work_item opcode(16) args [5, 70]
    vyre.work_item opcode(17) args [5] tenant(1)
    vyre.work_item opcode(2) args [7, 163] tenant(1)
    vyre.work_item opcode(7) args [0, 42]
    vyre.work_item opcode(1) args [9, 4]
    vyre.work_item opcode(17) args [5]
  }
}

// CHECK-LABEL: vyre.megakernel @k
// The handlers stay: the manifest's arms are the generic kernel's.
// CHECK: vyre.handler @scale
// CHECK: vyre.fused_batch @warmup items(10) assumes [0, 0, 1, 0, 1, 1, 0, 2, 1, 1, 1, 0, 1, 3, 1, 0, 4, 1, 0, 5, 1] {
// Items 0 and 1: 5 * 3 + 1 folded to one constant, shared by both.
// CHECK-DAG: %[[C16:.*]] = arith.constant 16 : i32
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : i32
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : i32
// CHECK: vyre.store %[[C16]], @out[%[[C0]]] : i32
// CHECK-NEXT: vyre.item_end 0 arm(0)
// CHECK-NEXT: vyre.store %[[C16]], @out[%[[C1]]] : i32
// CHECK-NEXT: vyre.item_end 1 arm(0)
// Item 2: @sum over 2 words.
// CHECK: scf.for
// CHECK: vyre.observe
// CHECK-NEXT: vyre.item_end 2 arm(1)
// Item 3: @wander's loop bound is loaded, so the interpreter runs it.
// CHECK-NEXT: vyre.item_requeue 3
// Item 4: out of @out's bounds, which the lowering's check faults.
// CHECK: vyre.store %[[C16]], @out[%{{.*}}] : i32
// CHECK-NEXT: vyre.item_end 4 arm(0)
// Item 5: tenant 1 may not run @sum.
// CHECK-NEXT: vyre.fault code(3)
// CHECK-NEXT: vyre.item_end 5{{$}}
// Item 6: atomic_add on observable 3 for tenant 1, who may run it.
// CHECK-NEXT: vyre.atomic_rmw add %{{.*}}, control[%{{.*}}] : i32
// CHECK-NEXT: vyre.item_end 6 arm(3)
// Item 7: BATCH_FENCE's EPOCH bump keeps the built-in's ABI-word check;
// its tag write to observable 0 does not.
// CHECK-NEXT: vyre.atomic_rmw add %{{.*}}, control[%{{.*}}] {vyre.abi_word} : i32
// CHECK-NEXT: vyre.observe %{{.*}} at [%[[C0]]]{{$}}
// CHECK-NEXT: vyre.item_end 7 arm(4)
// Item 8: STORE_U32 to control word 4 (EPOCH), a slot-chosen word: no
// tag, so the lowering's observables check faults it as the interpreter's.
// CHECK-NEXT: vyre.store %{{.*}}, control[%{{.*}}] : i32
// CHECK-NEXT: vyre.item_end 8 arm(5)
// Item 9: @sum over 5 words.
// CHECK-NEXT: scf.for
// CHECK: vyre.item_end 9 arm(1)
// CHECK-NEXT: }

// BUDGET: vyre.item_end 2 arm(1)
// BUDGET: vyre.item_requeue 3
// BUDGET: vyre.item_end 8 arm(5)
// BUDGET-NEXT: vyre.item_requeue 9

// ROUND: vyre.fused_batch @warmup items(10) assumes
// ROUND: vyre.item_requeue 3
