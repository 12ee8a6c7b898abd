// RUN: vyre-opt %s --vyre-materialize-builtins --vyre-prune-redundancy -split-input-file | FileCheck %s --check-prefixes=CHECK,BATCHES
// RUN: vyre-opt %s --vyre-materialize-builtins --vyre-prune-redundancy="drop-denied=false merge-handlers=false prune-batches=false" -split-input-file | FileCheck %s --check-prefix=OFF
// The pipeline is its four passes in order (each alone: the tests named
// after them).
// RUN: vyre-opt %s --vyre-materialize-builtins --vyre-drop-denied-handlers --vyre-merge-equal-handlers --vyre-hoist-common --vyre-prune-batches -split-input-file | FileCheck %s --check-prefixes=CHECK,BATCHES
// Idempotent: a second run finds nothing more to prune.
// RUN: vyre-opt %s --vyre-materialize-builtins --vyre-prune-redundancy -split-input-file | vyre-opt --vyre-prune-redundancy -split-input-file | FileCheck %s --check-prefixes=CHECK,BATCHES

// Handlers: @never (arm 6) no tenant may run is removed and its opcode goes
// to denied_opcodes; @bump_too equals @bump (names and locations aside) with
// the same tenant column, so arm 5 merges into arm 4; the table is rewritten
// for arms 0-4: tenant 0 keeps all five (31), tenant 1 arms 0 and 4 (17).
// CHECK-LABEL: vyre.megakernel @handlers
// CHECK-SAME: denied_opcodes = array<i64: 19>
// CHECK-SAME: tenants = array<i32: 31, 17>
// CHECK: vyre.handler @bump opcode(16, 17, 18) {
// CHECK-NOT: @bump_too
// CHECK-NOT: @never
// OFF-LABEL: vyre.megakernel @handlers
// OFF-NOT: denied_opcodes
// OFF-SAME: tenants = array<i32: 63, 49>
// OFF: vyre.handler @bump opcode(16) {
// OFF: vyre.handler @bump_too opcode(17, 18) {
// OFF: vyre.handler @never opcode(19) {
vyre.megakernel @handlers slots(64) workgroups(1) workgroup_size(8) mode(once)
    attributes {tenants = array<i32: 0x3f, 0x31>} {
  vyre.builtin "nop"
  vyre.builtin "store_u32"
  vyre.builtin "load_u32"
  vyre.builtin "atomic_add"
  vyre.buffer @counts binding(0) read_write : memref<64xi32>
  vyre.handler @bump opcode(16) {
  ^bb0(%s: !vyre.slot):
    %i = vyre.arg %s[0]
    %one = arith.constant 1 : i32
    %old = vyre.atomic_rmw add %one, @counts[%i] : i32
    vyre.yield
  }
  vyre.handler @bump_too opcode(17, 18) {
  ^bb0(%slot: !vyre.slot):
    %idx = vyre.arg %slot[0]
    %c1 = arith.constant 1 : i32
    %prev = vyre.atomic_rmw add %c1, @counts[%idx] : i32
    vyre.yield
  }
  vyre.handler @never opcode(19) {
  ^bb0(%slot: !vyre.slot):
    vyre.yield
  }
}

// -----

// Equal bodies but different tenant columns (tenant 1 may run only @a), or
// a different constant: nothing merges. Without a tenants attribute tenant 0
// may run every arm, so nothing is dropped either.
// CHECK-LABEL: vyre.megakernel @apart
// CHECK: vyre.handler @a opcode(16)
// CHECK: vyre.handler @b opcode(17)
// CHECK: vyre.handler @c opcode(18)
vyre.megakernel @apart slots(8) workgroups(1) workgroup_size(8) mode(once)
    attributes {tenants = array<i32: 7, 1>} {
  vyre.handler @a opcode(16) {
  ^bb0(%s: !vyre.slot):
    %v = vyre.arg %s[0]
    %c = arith.constant 0 : i32
    vyre.observe %v at [%c]
    vyre.yield
  }
  vyre.handler @b opcode(17) {
  ^bb0(%s: !vyre.slot):
    %v = vyre.arg %s[0]
    %c = arith.constant 0 : i32
    vyre.observe %v at [%c]
    vyre.yield
  }
  vyre.handler @c opcode(18) {
  ^bb0(%s: !vyre.slot):
    %v = vyre.arg %s[0]
    %c = arith.constant 1 : i32
    vyre.observe %v at [%c]
    vyre.yield
  }
}

// -----

// Batches. Observables start at control word 160.
// BATCHES-LABEL: vyre.megakernel @batches
// BATCHES: vyre.batch @b {
// The NOP has no effect; the second store of 5 to word 170 is a duplicate.
// BATCHES-NEXT: vyre.work_item opcode(1) args [5, 170]
// 171 is read (LOAD_U32 into observable 20) between its two stores: both kept.
// BATCHES-NEXT: vyre.work_item opcode(1) args [7, 171]
// BATCHES-NEXT: vyre.work_item opcode(3) args [171, 20]
// BATCHES-NEXT: vyre.work_item opcode(1) args [9, 171]
// 1 -> 172 is overwritten by 2 before any read.
// BATCHES-NEXT: vyre.work_item opcode(1) args [2, 172]
// Atomics are never pruned and read their word: the store before stays.
// BATCHES-NEXT: vyre.work_item opcode(1) args [4, 173]
// BATCHES-NEXT: vyre.work_item opcode(2) args [1, 173]
// BATCHES-NEXT: vyre.work_item opcode(1) args [3, 173]
// A LOAD_U32 into observable 21 that a later one overwrites unread: dropped;
// the second copy of 171 into observable 22 repeats the first: dropped.
// BATCHES-NEXT: vyre.work_item opcode(3) args [175, 21]
// BATCHES-NEXT: vyre.work_item opcode(3) args [171, 22]
// A user handler is a barrier: the store after it is not a duplicate.
// BATCHES-NEXT: vyre.work_item opcode(16) args [3]
// BATCHES-NEXT: vyre.work_item opcode(1) args [2, 172]
// Items that may fault stay: a store past the observables, a denied tenant.
// BATCHES-NEXT: vyre.work_item opcode(1) args [1, 9000]
// BATCHES-NEXT: vyre.work_item opcode(1) args [1, 9000]
// BATCHES-NEXT: vyre.work_item opcode(1) args [1, 176] tenant(1)
// BATCHES-NEXT: vyre.work_item opcode(1) args [1, 176] tenant(1)
// A word below the observables (DONE_COUNT) moves as slots finish: copies
// of it are never duplicates (observable 24 is read in between, so the
// first copy is not overwritten unread either).
// BATCHES-NEXT: vyre.work_item opcode(3) args [1, 24]
// BATCHES-NEXT: vyre.work_item opcode(3) args [184, 25]
// BATCHES-NEXT: vyre.work_item opcode(3) args [1, 24]
// BATCHES-NEXT: }
// OFF-LABEL: vyre.megakernel @batches
// OFF: vyre.batch @b {
// OFF-NEXT: vyre.work_item opcode(0)
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
