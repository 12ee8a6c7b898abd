// RUN: vyre-opt %s --convert-vyre-to-gpu | FileCheck %s
// RUN: vyre-opt %s --vyre-to-spirv-interpreter | vyre-translate --vyre-to-spirv -o %t.spv
// RUN: spirv-val --target-env vulkan1.1 %t.spv

// A tagged slot is claimable only with the tag its queue's tail implies
// (RingABI.h, VYRE_STATUS_LAP_EVEN). The queues' bounds are the host's
// (ABI v7): lane 0 copies control words 72-77 into shared[13-18] once,
// before the loop, and each scan reads them from there (the partitions in
// #vyre.shard below are only the manifest's default). The queue of a slot
// is the last one that starts at or before it; an empty queue (here
// critical, by default) starts where the next one does, so the next one's
// select wins, and no queue is left out of the chain.
// CHECK-LABEL: gpu.func @queues
// CHECK-SAME: workgroup(%[[SH:[a-z0-9]+]] : memref<19xi32, #gpu.address_space<workgroup>>)
// CHECK: %[[W72:.*]] = vyre.device.load_volatile %arg1[%c72]
// CHECK-NEXT: %[[C13:.*]] = arith.constant 13 : index
// CHECK-NEXT: memref.store %[[W72]], %[[SH]][%[[C13]]]
// CHECK: %[[W77:.*]] = vyre.device.load_volatile %arg1[%c77]
// CHECK-NEXT: %[[C18:.*]] = arith.constant 18 : index
// CHECK-NEXT: memref.store %[[W77]], %[[SH]][%[[C18]]]
// CHECK: scf.while
// CHECK: %[[B0:.*]] = memref.load %[[SH]][%c13{{.*}}]
// CHECK: %[[B1:.*]] = memref.load %[[SH]][%c14{{.*}}]
// CHECK: %[[B2:.*]] = memref.load %[[SH]][%c15{{.*}}]
// CHECK: %[[B3:.*]] = memref.load %[[SH]][%c16{{.*}}]
// CHECK: %[[B4:.*]] = memref.load %[[SH]][%c17{{.*}}]
// CHECK: %[[B5:.*]] = memref.load %[[SH]][%c18{{.*}}]
// CHECK: scf.for {{.*}} iter_args(%[[STATUS:[^ ]*]] =
// CHECK: arith.andi %[[STATUS]], %{{.*}} : i32
// CHECK: scf.if
// CHECK: %[[S:.*]] = arith.index_castui %{{.*}} : index to i32
// Queue 0 starts the selects, then each later queue's start is compared.
// CHECK: arith.cmpi uge, %[[S]], %[[B1]] : i32
// CHECK: arith.select %{{.*}}, %[[B1]], %[[B0]] : i32
// CHECK-NEXT: arith.select %{{.*}}, %[[B2]], %[[B1]] : i32
// CHECK: arith.cmpi uge, %[[S]], %[[B2]] : i32
// CHECK: arith.constant 2 : i32
// CHECK: arith.cmpi uge, %[[S]], %[[B3]] : i32
// CHECK: arith.constant 3 : i32
// CHECK: arith.cmpi uge, %[[S]], %[[B4]] : i32
// CHECK: arith.constant 4 : i32
// CHECK: %[[QUEUE:.*]] = arith.select %{{.*}}, %{{.*}}, %{{.*}} : i32
// CHECK: %[[FIRST:.*]] = arith.select %{{.*}}, %[[B4]], %{{.*}} : i32
// CHECK: %[[END:.*]] = arith.select %{{.*}}, %[[B5]], %{{.*}} : i32
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
