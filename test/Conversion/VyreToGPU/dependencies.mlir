// RUN: vyre-opt %s --vyre-emit-manifest --convert-vyre-to-gpu | FileCheck %s

// convert-vyre-to-gpu on a kernel with dependency counters (ABI v10). The
// manifest records them and sizes the ring (16 words per slot, then the
// 8-word dependency plane: 8 x 24 = 192) and the control buffer (160 + 16
// observables + 4 counters = 180). The claim masks the DEPENDENT flag (128)
// out of the tag and, for a dependent slot, reads the counter its record
// waits on (ring word 128 + 8 x slot; counter c at control[176 + c]):
// ready once its count (bits 0-30) reaches the target or it is poisoned
// (bit 31). A dependent slot with a counter past the kernel's 4 faults
// out_of_bounds (4); one whose wait is poisoned faults dependency_failed
// (10) without running. At the end, after a release fence: each signalled
// counter gets +1 (DONE) or the poison bit (FAULT), then control[89], the
// device's doorbell, moves; all before the completion byte.

// A batch's `after` edges go into the manifest's work items.
// CHECK: batches = {b = [{args = [], opcode = 16 : i64, priority = 2 : i64, tenant = 0 : i64}, {after = [0], args = [], opcode = 16
// CHECK-SAME: bindings = [
// CHECK-SAME: elements = 192 : i64, kind = "ring"
// CHECK-SAME: control_words = 180 : i64
// CHECK-SAME: dependency_counters = 4 : i64

// The tag test sees the status without the flag; the doorbell watched is
// control[6] + control[89].
// CHECK: %[[BELL:.*]] = vyre.device.load_volatile %{{.*}}[%c6]
// CHECK: %[[SIGNALS:.*]] = vyre.device.load_volatile %{{.*}}[%c89]
// CHECK: arith.addi %[[BELL]], %[[SIGNALS]]

// CHECK: %[[UNFLAGGED:.*]] = arith.andi %{{.*}}, %c-129_i32
// CHECK: arith.cmpi eq, %[[UNFLAGGED]], %c1_i32
// Readiness: the wait word, in range, its counter's count against target.
// CHECK: %[[FLAG:.*]] = arith.andi %{{.*}}, %c128_i32
// CHECK: %[[WAIT:.*]] = vyre.device.load_volatile %[[RING:.*]][%{{.*}}]
// CHECK: arith.cmpi ult, %[[WAIT]], %c4_i32
// CHECK: %[[VALUE:.*]] = vyre.device.load_volatile %[[CTRL:.*]][%{{.*}}]
// CHECK: %[[TARGET:.*]] = vyre.device.load_volatile %[[RING]][%{{.*}}]
// CHECK: %[[COUNT:.*]] = arith.andi %[[VALUE]], %c2147483647_i32
// CHECK: arith.cmpi uge, %[[COUNT]], %[[TARGET]]
// CHECK: arith.cmpi uge, %[[VALUE]], %c-2147483648_i32

// Before the handler: out_of_bounds, or dependency_failed.
// CHECK: vyre.device.fence acquire
// CHECK: arith.constant 4 : i32
// CHECK: arith.constant 10 : i32

// The signals: a release fence, then add or poison, then the doorbell.
// CHECK: vyre.device.fence release
// CHECK: vyre.device.atomic_rmw add relaxed %{{.*}}, %[[CTRL]]
// CHECK: vyre.device.atomic_rmw or relaxed %{{.*}}, %[[CTRL]]
// CHECK: vyre.device.atomic_rmw add relaxed %{{.*}}, %[[CTRL]][%c89]
// And only then the completion byte.
// CHECK: vyre.device.fence release
// CHECK: vyre.device.store_volatile

vyre.megakernel @deps slots(8) workgroups(1) workgroup_size(8) mode(persistent)
    attributes {observables = 16 : i32, dependency_counters = 4 : i32} {
  vyre.handler @work opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %v = vyre.arg %slot[0]
    %c0 = arith.constant 0 : i32
    vyre.observe %v at [%c0]
    vyre.yield
  }
  vyre.batch @b {
    vyre.work_item opcode(16)
    vyre.work_item opcode(16) after [0]
  }
}
