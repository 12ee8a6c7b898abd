// RUN: vyre-opt %s --convert-vyre-to-gpu -split-input-file | FileCheck %s
// The first kernel through the whole pipeline is valid SPIR-V.
// RUN: sed '/^\/\/ -----/,$d' %s | vyre-opt --vyre-to-spirv-interpreter | vyre-translate --vyre-to-spirv -o %t.spv
// RUN: spirv-val --target-env vulkan1.1 %t.spv

// Lane 0 decides between the barriers: the next pass is restricted if this
// one served a critical or high slot (shared[5]) and fewer than 3
// restricted passes ran in a row (shared[7]); a restricted pass is counted
// in control word 78. Once restricted, the next pass must scan.
// CHECK-LABEL: gpu.func @skip
// CHECK-SAME: workgroup(%[[SHARED:[a-z0-9]+]] : memref<19xi32, #gpu.address_space<workgroup>>)
// The end of the high queue is where the normal queue starts: the host
// writes it into control word 74 (ABI v7: the host sizes the queues; the
// partitions below are only the manifest's default), lane 0 copies it into
// shared[15] before the loop, and each scan reads it from there.
// CHECK: %[[NORMAL:.*]] = vyre.device.load_volatile %arg1[%c74]
// CHECK-NEXT: %[[C15:.*]] = arith.constant 15 : index
// CHECK-NEXT: memref.store %[[NORMAL]], %[[SHARED]][%[[C15]]]
// CHECK: scf.while
// CHECK: %[[WAS:.*]] = memref.load %[[SHARED]][%c6]
// CHECK: %[[HIGH:.*]] = memref.load %[[SHARED]][%c5]
// CHECK-NEXT: %[[ROW:.*]] = memref.load %[[SHARED]][%c7]
// CHECK-NEXT: %[[BOUND:.*]] = arith.constant 3 : i32
// CHECK: %[[ANY:.*]] = arith.cmpi ne, %[[HIGH]], %{{.*}} : i32
// CHECK-NEXT: %[[UNDER:.*]] = arith.cmpi ult, %[[ROW]], %[[BOUND]] : i32
// CHECK-NEXT: %[[NEXT:.*]] = arith.andi %[[ANY]], %[[UNDER]] : i1
// CHECK: scf.if %[[NEXT]] {
// CHECK: vyre.device.atomic_rmw add relaxed %{{.*}}, %arg1[%c78]
// CHECK: arith.ori %{{.*}}, %{{.*}} : i1
// The scan: a restricted pass stops there, and counts what it served
// below it into shared[5].
// CHECK: } do {
// CHECK: %[[RESTRICTED:.*]] = arith.cmpi ne
// CHECK: %[[SHAREDEND:.*]] = memref.load %[[SHARED]][%c15{{.*}}]
// CHECK: %[[HIGHEND:.*]] = arith.index_castui %[[SHAREDEND]] : i32 to index
// CHECK: %[[CUT:.*]] = arith.minui %{{.*}}, %[[HIGHEND]] : index
// CHECK-NEXT: %[[LAST:.*]] = arith.select %[[RESTRICTED]], %[[CUT]], %{{.*}} : index
// CHECK: %[[SCAN:.*]]:3 = scf.for %{{.*}} = %{{.*}} to %[[LAST]]
// CHECK: memref.atomic_rmw addi %[[SCAN]]#2, %[[SHARED]][%c5]
vyre.megakernel @skip slots(64) workgroups(2) workgroup_size(8) mode(persistent)
    attributes {shard = #vyre.shard<strategy = strided, partitions = [0, 8, 16, 48, 56, 64], starvation_bound = 3>} {
  vyre.handler @h opcode(16) {
  ^bb0(%slot: !vyre.slot):
    vyre.yield
  }
}

// -----

// starvation_bound = 0: every pass walks the whole ring; nothing counts,
// and the state has none of the bound's words (5 of the loop's, 6 bounds).
// CHECK-LABEL: gpu.func @never
// CHECK-SAME: workgroup(%{{.*}} : memref<11xi32, #gpu.address_space<workgroup>>)
// CHECK-NOT: %c78
// CHECK-NOT: arith.minui %c64
// CHECK: gpu.return
vyre.megakernel @never slots(64) workgroups(2) workgroup_size(8) mode(once)
    attributes {shard = #vyre.shard<strategy = strided, partitions = [0, 8, 16, 48, 56, 64], starvation_bound = 0>} {
  vyre.handler @h opcode(16) {
  ^bb0(%slot: !vyre.slot):
    vyre.yield
  }
}
