// RUN: vyre-opt %s | vyre-opt | FileCheck %s

// vyre.enqueue round-trips, with and without arguments, and the kernel's
// device_queue stays on it.
// CHECK: vyre.megakernel @q
// CHECK-SAME: device_queue = 64 : i32
// CHECK: vyre.enqueue opcode(%{{.*}}) args(%{{.*}}, %{{.*}})
// CHECK: vyre.enqueue opcode(%{{.*}})
// CHECK-NOT: args
vyre.megakernel @q slots(64) workgroups(1) workgroup_size(32) mode(persistent)
    attributes {device_queue = 64 : i32} {
  vyre.handler @h opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %a = vyre.arg %slot[0]
    %op = arith.constant 16 : i32
    vyre.enqueue opcode(%op) args(%a, %a)
    vyre.enqueue opcode(%op)
    vyre.yield
  }
}
