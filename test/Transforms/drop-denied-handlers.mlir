// RUN: vyre-opt %s --vyre-materialize-builtins --vyre-drop-denied-handlers -split-input-file | FileCheck %s
// Idempotent: a second run finds nothing more to drop.
// RUN: vyre-opt %s --vyre-materialize-builtins --vyre-drop-denied-handlers -split-input-file | vyre-opt --vyre-drop-denied-handlers -split-input-file | FileCheck %s

// @never (arm 6) no tenant may run (tenant 0's mask 0x3f and tenant 1's
// 0x31 both lack bit 6) is removed and its opcode goes to denied_opcodes.
// @bump_too equals @bump, but merging is another pass's work: both stay.
// CHECK-LABEL: vyre.megakernel @handlers
// CHECK-SAME: denied_opcodes = array<i64: 19>
// CHECK-SAME: tenants = array<i32: 63, 49>
// CHECK: vyre.handler @bump opcode(16) {
// CHECK: vyre.handler @bump_too opcode(17, 18) {
// CHECK-NOT: @never
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

// Every arm some tenant may run: nothing is dropped, no denied_opcodes.
// CHECK-LABEL: vyre.megakernel @apart
// CHECK-NOT: denied_opcodes
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

// Without a tenants attribute tenant 0 may run every arm: nothing dropped.
// CHECK-LABEL: vyre.megakernel @untenanted
// CHECK-NOT: denied_opcodes
// CHECK: vyre.handler @only opcode(16)
vyre.megakernel @untenanted slots(8) workgroups(1) workgroup_size(8) mode(once) {
  vyre.handler @only opcode(16) {
  ^bb0(%s: !vyre.slot):
    vyre.yield
  }
}
