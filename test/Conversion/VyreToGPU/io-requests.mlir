// RUN: vyre-opt %s --vyre-emit-manifest --convert-vyre-to-gpu | FileCheck %s

// convert-vyre-to-gpu on a handler with vyre.io_read (ABI v9): the manifest
// sizes the IO queue after the completion plane; the claim takes slots the
// host published again (RESUMED 33, IO_FAILED 65); a failed one faults
// io_error (8) without its handler; the yield of a slot that asked takes an
// entry with one CAS on control[87] bounded by control[88], marks the slot
// WAIT_IO (4) and writes the entry as bytes, its mark last after a release
// fence; a full queue gives the slot back as PUBLISHED.

// CHECK: bindings = [
// CHECK-SAME: {access = "read_write", binding = 3 : i64, element = "i8", elements = 192 : i64, kind = "completions"
// CHECK-SAME: io_entries = 4 : i64

// CHECK: %[[RESUMED:.*]] = arith.constant 33 : i32
// CHECK: arith.cmpi eq, %{{.*}}, %[[RESUMED]]
// CHECK: %[[FAILED:.*]] = arith.constant 65 : i32
// CHECK: arith.cmpi eq, %{{.*}}, %[[FAILED]]

// CHECK: vyre.device.fence acquire
// CHECK: arith.constant 65 : i32
// CHECK: scf.if
// CHECK: arith.constant 8 : i32

// CHECK: %[[TAKEN:.*]] = vyre.device.load_volatile %[[CTRL:.*]][%c87]
// CHECK: %[[FREED:.*]] = vyre.device.load_volatile %[[CTRL]][%c88]
// CHECK: %[[USED:.*]] = arith.subi %[[TAKEN]], %[[FREED]]
// CHECK: arith.cmpi ult, %[[USED]], %c4_i32
// CHECK: vyre.device.atomic_cas relaxed %[[CTRL]][%c87], %[[TAKEN]]
// CHECK: vyre.device.store_volatile %c4_i32{{.*}}, %[[RING:.*]][%{{.*}}] : memref<?xi32
// CHECK: arith.remui %[[TAKEN]], %c4_i32
// CHECK-COUNT-28: vyre.device.store_volatile %{{.*}}, %[[PLANE:.*]][%{{.*}}] : memref<?xi8
// CHECK-NEXT: vyre.device.fence release
// CHECK: vyre.device.store_volatile %c1_i8, %[[PLANE]]
// CHECK: } else {
// CHECK: vyre.device.atomic_rmw exchange release %c1_i32{{.*}}, %[[RING]]

vyre.megakernel @io slots(64) workgroups(2) workgroup_size(32) mode(persistent)
    attributes {io_entries = 4 : i32} {
  vyre.buffer @stage binding(0) read_write : memref<256xi32>
  vyre.handler @fetch opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %row = vyre.arg %slot[0]
    %at = vyre.arg %slot[1]
    %src = arith.constant 0 : i32
    %n = arith.constant 32 : i32
    %ready = vyre.io_read source(%src) offset(%row) bytes(%n) into @stage[%at]
    scf.if %ready {
      %v = vyre.load @stage[%at] : i32
      vyre.observe %v at [%src]
    }
    vyre.yield
  }
}
