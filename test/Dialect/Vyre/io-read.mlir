// RUN: vyre-opt %s | vyre-opt | FileCheck %s
// RUN: vyre-opt %s --mlir-print-op-generic | vyre-opt | FileCheck %s

// vyre.io_read round-trips with and without the offset's high word, and
// the megakernel keeps its io_entries.

// CHECK: vyre.megakernel @cache {{.*}} attributes {io_entries = 16 : i32}
// CHECK: %[[READY:.*]] = vyre.io_read source(%{{.*}}) offset(%{{.*}}) bytes(%{{.*}}) into @rows[%{{.*}}]
// CHECK: scf.if %[[READY]]
// CHECK: vyre.io_read source(%{{.*}}) offset(%{{.*}}, %{{.*}}) bytes(%{{.*}}) into @rows[%{{.*}}]
vyre.megakernel @cache slots(64) workgroups(1) workgroup_size(32) mode(persistent)
    attributes {io_entries = 16 : i32} {
  vyre.buffer @rows binding(0) read_write : memref<64xi32>
  vyre.handler @near opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %src = vyre.arg %slot[0]
    %off = vyre.arg %slot[1]
    %n = arith.constant 16 : i32
    %at = arith.constant 0 : i32
    %ready = vyre.io_read source(%src) offset(%off) bytes(%n) into @rows[%at]
    scf.if %ready {
      %v = vyre.load @rows[%at] : i32
      vyre.observe %v at [%at]
    }
    vyre.yield
  }
  vyre.handler @far opcode(17) {
  ^bb0(%slot: !vyre.slot):
    %lo = vyre.arg %slot[0]
    %hi = vyre.arg %slot[1]
    %src = arith.constant 2 : i32
    %n = arith.constant 64 : i32
    %at = arith.constant 16 : i32
    %ready = vyre.io_read source(%src) offset(%lo, %hi) bytes(%n) into @rows[%at]
    vyre.yield
  }
}
