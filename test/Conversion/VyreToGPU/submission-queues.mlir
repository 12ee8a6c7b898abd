// RUN: vyre-opt %s --convert-vyre-to-gpu | FileCheck %s
// RUN: vyre-opt %s --vyre-to-spirv-interpreter | vyre-translate --vyre-to-spirv -o %t.spv
// RUN: spirv-val --target-env vulkan1.1 %t.spv

// A tagged slot is claimable only with the tag its queue's tail implies
// (RingABI.h, VYRE_STATUS_LAP_EVEN). The queue of a slot is the last
// non-empty priority partition that starts at or before it: here critical
// is empty, so slots 0-15 are queue 1 (high), 16-47 queue 2, 48-55 queue 3,
// 56-63 queue 4, and no comparison against the empty partition is made.
// CHECK-LABEL: gpu.func @queues
// CHECK: scf.for {{.*}} iter_args(%[[STATUS:[^ ]*]] =
// CHECK: arith.andi %[[STATUS]], %{{.*}} : i32
// CHECK: scf.if
// CHECK: %[[S:.*]] = arith.index_castui %{{.*}} : index to i32
// The first non-empty queue needs no comparison: it starts the selects.
// CHECK-NEXT: arith.constant 1 : i32
// CHECK-NEXT: arith.constant 0 : i32
// CHECK-NOT: arith.cmpi uge, %[[S]], %c0
// CHECK: arith.cmpi uge, %[[S]], %c16_i32
// CHECK: arith.constant 2 : i32
// CHECK: arith.cmpi uge, %[[S]], %c48_i32
// CHECK: arith.constant 3 : i32
// CHECK: arith.cmpi uge, %[[S]], %c56_i32
// CHECK: arith.constant 4 : i32
// CHECK: %[[QUEUE:.*]] = arith.select %{{.*}}, %{{.*}}, %{{.*}} : i32
// CHECK: %[[FIRST:.*]] = arith.select
// CHECK: %[[END:.*]] = arith.select
// CHECK: %[[CAP:.*]] = arith.subi %[[END]], %[[FIRST]] : i32
// Its tail, as the loop head read control word 82 + queue into shared[8 +
// queue], holds the count published mod 2 x capacity: at or past the
// capacity it is an odd lap.
// CHECK: %[[QI:.*]] = arith.index_castui %[[QUEUE]] : i32 to index
// CHECK: %[[C9:.*]] = arith.constant 8 : index
// CHECK-NEXT: %[[WORD:.*]] = arith.addi %[[C9]], %[[QI]] : index
// CHECK-NEXT: %[[TAIL:.*]] = memref.load %{{.*}}[%[[WORD]]]
// CHECK: %[[ODD:.*]] = arith.cmpi uge, %[[TAIL]], %[[CAP]] : i32
// CHECK: %[[POS:.*]] = arith.select %[[ODD]], %{{.*}}, %[[TAIL]] : i32
// CHECK: %[[REL:.*]] = arith.subi %[[S]], %[[FIRST]] : i32
// CHECK: arith.cmpi ult, %[[REL]], %[[POS]] : i32
// CHECK: vyre.device.fence acquire
// CHECK-NEXT: arith.constant 2 : i32
// CHECK-NEXT: vyre.device.store_volatile %{{.*}}, %arg0[%{{.*}}]
vyre.megakernel @queues slots(64) workgroups(2) workgroup_size(8) mode(persistent)
    attributes {shard = #vyre.shard<strategy = strided, partitions = [0, 0, 16, 48, 56, 64], starvation_bound = 3>} {
  vyre.handler @h opcode(16) {
  ^bb0(%slot: !vyre.slot):
    vyre.yield
  }
}
