// RUN: vyre-opt %s --vyre-materialize-builtins --vyre-merge-equal-handlers -split-input-file | FileCheck %s
// Idempotent: a second run finds nothing more to merge.
// RUN: vyre-opt %s --vyre-materialize-builtins --vyre-merge-equal-handlers -split-input-file | vyre-opt --vyre-merge-equal-handlers -split-input-file | FileCheck %s

// @bump_too equals @bump (names and locations aside) with the same tenant
// column, so arm 5 merges into arm 4 and serves its opcodes; the table is
// rewritten for the new numbering (tenant 0 arms 0-4, tenant 1 arms 0 and
// 4). @never, now arm 5, which no tenant may run, stays: dropping it is
// another pass's work.
// CHECK-LABEL: vyre.megakernel @handlers
// CHECK-NOT: denied_opcodes
// CHECK-SAME: tenants = array<i32: 31, 17>
// CHECK: vyre.handler @bump opcode(16, 17, 18) {
// CHECK-NOT: @bump_too
// CHECK: vyre.handler @never opcode(19) {
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
// a different constant: nothing merges.
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
