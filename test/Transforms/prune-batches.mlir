// RUN: vyre-opt %s --vyre-materialize-builtins --vyre-prune-batches -split-input-file | FileCheck %s
// Idempotent: a second run finds nothing more to prune.
// RUN: vyre-opt %s --vyre-materialize-builtins --vyre-prune-batches -split-input-file | vyre-opt --vyre-prune-batches -split-input-file | FileCheck %s

// Batches. Observables start at control word 160.
// CHECK-LABEL: vyre.megakernel @batches
// CHECK: vyre.batch @b {
// The NOP has no effect; the second store of 5 to word 170 is a duplicate.
// CHECK-NEXT: vyre.work_item opcode(1) args [5, 170]
// 171 is read (LOAD_U32 into observable 20) between its two stores: both kept.
// CHECK-NEXT: vyre.work_item opcode(1) args [7, 171]
// CHECK-NEXT: vyre.work_item opcode(3) args [171, 20]
// CHECK-NEXT: vyre.work_item opcode(1) args [9, 171]
// 1 -> 172 is overwritten by 2 before any read.
// CHECK-NEXT: vyre.work_item opcode(1) args [2, 172]
// Atomics are never pruned and read their word: the store before stays.
// CHECK-NEXT: vyre.work_item opcode(1) args [4, 173]
// CHECK-NEXT: vyre.work_item opcode(2) args [1, 173]
// CHECK-NEXT: vyre.work_item opcode(1) args [3, 173]
// A LOAD_U32 into observable 21 that a later one overwrites unread: dropped;
// the second copy of 171 into observable 22 repeats the first: dropped.
// CHECK-NEXT: vyre.work_item opcode(3) args [175, 21]
// CHECK-NEXT: vyre.work_item opcode(3) args [171, 22]
// A user handler is a barrier: the store after it is not a duplicate.
// CHECK-NEXT: vyre.work_item opcode(16) args [3]
// CHECK-NEXT: vyre.work_item opcode(1) args [2, 172]
// Items that may fault stay: a store past the observables, a denied tenant.
// CHECK-NEXT: vyre.work_item opcode(1) args [1, 9000]
// CHECK-NEXT: vyre.work_item opcode(1) args [1, 9000]
// CHECK-NEXT: vyre.work_item opcode(1) args [1, 176] tenant(1)
// CHECK-NEXT: vyre.work_item opcode(1) args [1, 176] tenant(1)
// A word below the observables (DONE_COUNT) moves as slots finish: copies
// of it are never duplicates (observable 24 is read in between, so the
// first copy is not overwritten unread either).
// CHECK-NEXT: vyre.work_item opcode(3) args [1, 24]
// CHECK-NEXT: vyre.work_item opcode(3) args [184, 25]
// CHECK-NEXT: vyre.work_item opcode(3) args [1, 24]
// CHECK-NEXT: }
vyre.megakernel @batches slots(64) workgroups(1) workgroup_size(8) mode(once)
    attributes {tenants = array<i32: 0x1f, 0x10>} {
  vyre.builtin "nop"
  vyre.builtin "store_u32"
  vyre.builtin "atomic_add"
  vyre.builtin "load_u32"
  vyre.handler @user opcode(16) {
  ^bb0(%s: !vyre.slot):
    vyre.yield
  }
  vyre.batch @b {
    vyre.work_item opcode(0)
    vyre.work_item opcode(1) args [5, 170]
    vyre.work_item opcode(1) args [5, 170]
    vyre.work_item opcode(1) args [7, 171]
    vyre.work_item opcode(3) args [171, 20]
    vyre.work_item opcode(1) args [9, 171]
    vyre.work_item opcode(1) args [1, 172]
    vyre.work_item opcode(1) args [2, 172]
    vyre.work_item opcode(1) args [4, 173]
    vyre.work_item opcode(2) args [1, 173]
    vyre.work_item opcode(1) args [3, 173]
    vyre.work_item opcode(3) args [174, 21]
    vyre.work_item opcode(3) args [175, 21]
    vyre.work_item opcode(3) args [171, 22]
    vyre.work_item opcode(3) args [171, 22]
    vyre.work_item opcode(16) args [3]
    vyre.work_item opcode(1) args [2, 172]
    vyre.work_item opcode(1) args [1, 9000]
    vyre.work_item opcode(1) args [1, 9000]
    vyre.work_item opcode(1) args [1, 176] tenant(1)
    vyre.work_item opcode(1) args [1, 176] tenant(1)
    vyre.work_item opcode(3) args [1, 24]
    vyre.work_item opcode(3) args [184, 25]
    vyre.work_item opcode(3) args [1, 24]
  }
}

// -----

// A task graph's items are named by index in `after`: the batch is left as
// written, its NOP included.
// CHECK-LABEL: vyre.megakernel @graph
// CHECK: vyre.batch @g {
// CHECK-NEXT: vyre.work_item opcode(0)
// CHECK-NEXT: vyre.work_item opcode(1) args [5, 170] after [0]
// CHECK-NEXT: vyre.work_item opcode(1) args [5, 170] after [1]
vyre.megakernel @graph slots(64) workgroups(1) workgroup_size(8) mode(once)
    attributes {dependency_counters = 4 : i32} {
  vyre.builtin "nop"
  vyre.builtin "store_u32"
  vyre.batch @g {
    vyre.work_item opcode(0)
    vyre.work_item opcode(1) args [5, 170] after [0]
    vyre.work_item opcode(1) args [5, 170] after [1]
  }
}
