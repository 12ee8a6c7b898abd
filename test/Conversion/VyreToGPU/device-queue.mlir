// RUN: vyre-opt %s --vyre-emit-manifest --convert-vyre-to-gpu | FileCheck %s
// RUN: vyre-opt %s --vyre-to-spirv-interpreter | vyre-translate --vyre-to-spirv -o %t.spv
// RUN: spirv-val --target-env vulkan1.1 %t.spv

// convert-vyre-to-gpu on a kernel with a device queue (ABI v11). The
// manifest records its lines and sizes the ring: 64 slots x 16 words, then
// 8 lines x 16 words = 1152. The watched doorbell is control[6] +
// control[89]. vyre.enqueue adds 1 to DQ_CURSOR (90), probes at most 4
// lines (ring word 1024 + 16 x line) with a compare-and-swap EMPTY (0) ->
// CLAIMED (2), and on success counts the task (DQ_PENDING 91, DQ_ENQUEUED
// 95), writes it and publishes it (1) after a release fence, then moves
// control[89]; without a free line it counts DQ_FULL (94) and faults the
// slot queue_full (11). Each pass that scans serves the lines after the
// ring: PUBLISHED ones claimed, run, counted (DQ_DONE 92 or DQ_FAULTS 93),
// then EMPTY after a release fence and DQ_PENDING - 1.
// CHECK: bindings = [
// CHECK-SAME: elements = 1152 : i64, kind = "ring"
// CHECK: device_queue = 8 : i64

// CHECK: %[[BELL:.*]] = vyre.device.load_volatile %{{.*}}[%c6]
// CHECK: %[[SIGNALS:.*]] = vyre.device.load_volatile %{{.*}}[%c89]
// CHECK: arith.addi %[[BELL]], %[[SIGNALS]]

// CHECK: vyre.device.atomic_rmw add relaxed %c1_i32{{.*}}, %{{.*}}[%c90]
// CHECK-COUNT-4: vyre.device.atomic_cas acq_rel
// CHECK-NOT: vyre.device.atomic_cas
// CHECK: vyre.device.atomic_rmw add relaxed %c1_i32{{.*}}, %{{.*}}[%c91]
// CHECK: vyre.device.atomic_rmw add relaxed %c1_i32{{.*}}, %{{.*}}[%c95]
// CHECK: vyre.device.fence release
// CHECK: vyre.device.store_volatile %c1_i32{{[_0-9]*}},
// CHECK: vyre.device.atomic_rmw add relaxed %c1_i32{{.*}}, %{{.*}}[%c89]
// CHECK: vyre.device.atomic_rmw add relaxed %c1_i32{{.*}}, %{{.*}}[%c94]
// CHECK: arith.constant 11 : i32

// The lines' scan, after the ring's.
// CHECK: scf.for %[[LINE:.*]] = %{{.*}} to %c8 step
// CHECK: vyre.device.fence acquire
// CHECK: vyre.device.atomic_rmw add relaxed %c1_i32{{.*}}, %{{.*}}[%c93]
// CHECK: vyre.device.atomic_rmw add relaxed %c1_i32{{.*}}, %{{.*}}[%c92]
// CHECK: vyre.device.fence release
// CHECK: vyre.device.store_volatile %c0_i32{{[_0-9]*}},
// CHECK: vyre.device.atomic_rmw sub relaxed %c1_i32{{.*}}, %{{.*}}[%c91]
vyre.megakernel @q slots(64) workgroups(1) workgroup_size(32) mode(persistent)
    attributes {device_queue = 8 : i32} {
  vyre.handler @h opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %a = vyre.arg %slot[0]
    %op = arith.constant 16 : i32
    vyre.enqueue opcode(%op) args(%a)
    vyre.yield
  }
}
