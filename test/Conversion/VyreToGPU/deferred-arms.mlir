// RUN: vyre-opt %s --convert-vyre-to-gpu | FileCheck %s
// Through the JIT pipeline the binary is valid SPIR-V and the manifest
// names the deferred arms.
// RUN: vyre-opt %s --vyre-to-spirv-jit="budget=4 defer-budget=64" -o %t.mlir
// RUN: vyre-translate %t.mlir --vyre-to-spirv -o %t.spv
// RUN: spirv-val --target-env vulkan1.1 %t.spv
// RUN: vyre-translate %t.mlir --vyre-to-manifest | FileCheck %s --check-prefix=MANIFEST

// Arm 1 (@hot, opcode 17) is fused; arms 0, 3 and 4 (@cold, @warm, @tepid:
// opcodes 16, 19, 20) are deferred, buckets 0-2; arm 2 (@never, opcode
// 18) is neither, so its slots are requeued.
// CHECK-LABEL: gpu.func @deferred
// Three buckets of (3072 - 2 x 3 - 1) / 3 = 1021 entries in one Workgroup
// array, their counts, the drain's starts (one more), and loop state grown
// by three words (give-back, deferred count, drain entries: words 5-7).
// CHECK-SAME: workgroup(%[[QUEUE:[a-z0-9]+]] : memref<3063xi32, #gpu.address_space<workgroup>>,
// CHECK-SAME: %[[COUNTS:[a-z0-9]+]] : memref<3xi32, #gpu.address_space<workgroup>>,
// CHECK-SAME: %[[STARTS:[a-z0-9]+]] : memref<4xi32, #gpu.address_space<workgroup>>,
// CHECK-SAME: %[[SHARED:[a-z0-9]+]] : memref<13xi32, #gpu.address_space<workgroup>>)
// Lane 0 empties the three buckets before the loop: workgroup memory
// starts undefined (on llvmpipe, with the last dispatch's words).
// CHECK: memref.store %{{.*}}, %[[SHARED]][%c7]
// CHECK: memref.store %{{.*}}, %[[COUNTS]][%{{.*}}]
// CHECK: memref.store %{{.*}}, %[[COUNTS]][%{{.*}}]
// CHECK: memref.store %{{.*}}, %[[COUNTS]][%{{.*}}]
// CHECK-NOT: memref.store %{{.*}}, %[[COUNTS]]
// Lane 0 decides the drain from the deferred count (word 9) and the
// give-back flag (8); no drain unless it plans one: starts[i] = the
// entries before bucket i (each count capped at 1021), counts restarted,
// starts[3] = all, which is the drain's size (word 10).
// CHECK: scf.while
// CHECK: memref.load %[[SHARED]][%c6]
// CHECK: memref.load %[[SHARED]][%c5]
// CHECK: memref.store %{{.*}}, %[[SHARED]][%c7]
// CHECK-NEXT: scf.if
// CHECK: %[[PLANNED:.*]] = scf.for %[[B:.*]] = %{{.*}} to %c3{{.*}} step %{{.*}} iter_args(%[[BEFORE:.*]] = %{{.*}}) -> (i32)
// CHECK-NEXT: memref.store %[[BEFORE]], %[[STARTS]][%[[B]]]
// CHECK-NEXT: %[[COUNT:.*]] = memref.load %[[COUNTS]][%[[B]]]
// CHECK: memref.store %{{.*}}, %[[COUNTS]][%[[B]]]
// CHECK: arith.minui %[[COUNT]], %{{.*}} : i32
// CHECK: memref.store %[[PLANNED]], %[[STARTS]][%c3
// CHECK: memref.store %{{.*}}, %[[SHARED]][%c6]
// CHECK-NEXT: memref.store %[[PLANNED]], %[[SHARED]][%c7]
// CHECK: gpu.barrier
// The pass starts with the drain if one is planned: entries / 32 rounds,
// rounded up, in every lane (workgroup-uniform); lane l takes entry
// round * 32 + l, finds its bucket by a binary search of the starts (two
// steps for three buckets), reads the slot and serves it with that
// bucket's arm. @cold's body (its counter, control word 40, and observable
// 5), @warm's (43, 9) and @tepid's (44, 11) run only in drains.
// CHECK: } do {
// CHECK: %[[N:.*]] = memref.load %[[SHARED]][%c7]
// CHECK: scf.if
// CHECK: %[[ENTRIES:.*]] = memref.load %[[SHARED]][%c7]
// CHECK: %[[ROUNDS:.*]] = arith.divui
// CHECK: scf.for %[[ROUND:.*]] = %{{.*}} to %[[ROUNDS]] step
// CHECK: %[[ENTRY:.*]] = arith.addi %{{.*}}, %thread_id_x : index
// CHECK: arith.cmpi ult, %[[ENTRY]]
// CHECK: memref.load %[[STARTS]]
// CHECK: arith.cmpi ule
// CHECK: memref.load %[[STARTS]]
// CHECK: arith.cmpi ule
// CHECK: %[[BUCKET:.*]] = arith.select
// CHECK-NOT: arith.cmpi ule
// CHECK: memref.load %[[STARTS]][%[[BUCKET]]]
// CHECK: memref.load %[[QUEUE]]
// CHECK: arith.cmpi eq, %[[BUCKET]], %c0
// CHECK: arith.constant 40 : i32
// CHECK: arith.constant 5 : i32
// CHECK: arith.cmpi eq, %[[BUCKET]], %c1
// CHECK: arith.constant 43 : i32
// CHECK: arith.constant 9 : i32
// CHECK: arith.cmpi eq, %[[BUCKET]], %c2
// CHECK: arith.constant 44 : i32
// CHECK: arith.constant 11 : i32
// The drain ends at a barrier: no lane appends to a bucket still read.
// CHECK: gpu.barrier
// At the claim: the hot arm is tested and served in place ...
// CHECK: vyre.device.fence acquire
// CHECK-NEXT: arith.constant 2 : i32
// CHECK-NEXT: vyre.device.store_volatile %{{.*}}, %arg0
// The next slot's status (loaded while this one is served), then its words.
// CHECK: vyre.device.load_volatile %arg0
// CHECK: %[[OPCODE:.*]] = vyre.device.load_volatile %arg0
// CHECK: %[[C17:.*]] = arith.constant 17 : i32
// CHECK-NEXT: %[[IS17:.*]] = arith.cmpi eq, %[[OPCODE]], %[[C17]] : i32
// CHECK-NEXT: scf.if %[[IS17]] {
// CHECK: arith.constant 41 : i32
// ... any other opcode is looked up among the deferred arms without a
// branch: 16 -> bucket 0, 19 -> 1, 20 -> 2, else -1 (requeue).
// CHECK-NOT: arith.constant 5 : i32
// CHECK: %[[NONE:.*]] = arith.constant -1 : i32
// CHECK: arith.cmpi eq, %[[OPCODE]], %c16
// CHECK: arith.select
// CHECK: arith.cmpi eq, %[[OPCODE]], %c19
// CHECK: arith.select
// CHECK: arith.cmpi eq, %[[OPCODE]], %c20
// CHECK: %[[TAG:.*]] = arith.select
// CHECK-NEXT: %[[NONE2:.*]] = arith.constant -1 : i32
// CHECK-NEXT: %[[MISS:.*]] = arith.cmpi eq, %[[TAG]], %[[NONE2]] : i32
// CHECK-NEXT: scf.if %[[MISS]] {
// The slot's number goes to its bucket at the position a workgroup atomic
// on the bucket's count gives; marked deferred (-2) and counted (word 9).
// Past the capacity the claim is given back (-3).
// CHECK: } else {
// CHECK: %[[AT:.*]] = memref.atomic_rmw addi %{{.*}}, %[[COUNTS]][%{{.*}}]
// CHECK: %[[FITS:.*]] = arith.cmpi ult, %[[AT]], %c1021
// CHECK-NEXT: scf.if %[[FITS]] {
// CHECK: memref.store %{{.*}}, %[[QUEUE]]
// CHECK: arith.constant -2 : i32
// CHECK: memref.atomic_rmw addi %{{.*}}, %[[SHARED]][%c6]
// CHECK: } else {
// CHECK: arith.constant -3 : i32
// Completion: requeue (-1), give back (-3: PUBLISHED again, release), or
// complete unless deferred (-2).
// CHECK: arith.cmpi eq, %{{.*}}, %c-1_i32
// CHECK: %[[GIVEBACK:.*]] = arith.cmpi eq, %{{.*}}, %c-3_i32
// CHECK: scf.if %[[GIVEBACK]] {
// CHECK-NEXT: %[[PUBLISHED:.*]] = arith.constant 1 : i32
// CHECK-NEXT: vyre.device.atomic_rmw exchange release %[[PUBLISHED]], %arg0
// After the loop lane 0 plans a last drain unless one is planned and not
// run, and the workgroup serves it, so no slot stays in a bucket.
// CHECK: %[[LEFT:.*]] = memref.load %[[SHARED]][%c7]
// CHECK: %[[UNPLANNED:.*]] = arith.cmpi eq, %[[LEFT]]
// CHECK-NEXT: scf.if %[[UNPLANNED]] {
// CHECK: scf.for
// CHECK: memref.store %{{.*}}, %[[SHARED]][%c7]
// CHECK: gpu.barrier
// CHECK-NEXT: %[[LAST:.*]] = memref.load %[[SHARED]][%c7]
// CHECK: scf.for
// CHECK: arith.constant 40 : i32
// The last drain's DONEs are counted as every pass's are: one release add
// of each lane's tally to control[1].
// CHECK: gpu.barrier
// CHECK: vyre.device.atomic_rmw add release %{{.*}}, %arg1[%{{.*}}]
// CHECK: gpu.return
// MANIFEST: "deferred_arms": [
// MANIFEST-NEXT: 0,
// MANIFEST-NEXT: 3,
// MANIFEST-NEXT: 4
// MANIFEST-NEXT: ]
// MANIFEST: "fused_arms": [
// MANIFEST-NEXT: 1
// MANIFEST-NEXT: ]
vyre.megakernel @deferred slots(64) workgroups(1) workgroup_size(32) mode(persistent)
    attributes {fused_arms = array<i32: 1>, deferred_arms = array<i32: 0, 3, 4>,
                profile = #vyre.profile<{16: 10, 17: 90, 19: 5, 20: 3}>} {
  vyre.handler @cold opcode(16) {
  ^bb0(%s: !vyre.slot):
    %a = vyre.arg %s[0]
    %i = arith.constant 5 : i32
    vyre.observe %a at [%i]
    vyre.yield
  }
  vyre.handler @hot opcode(17) {
  ^bb0(%s: !vyre.slot):
    %a = vyre.arg %s[0]
    %i = arith.constant 1 : i32
    vyre.observe %a at [%i]
    vyre.yield
  }
  vyre.handler @never opcode(18) {
  ^bb0(%s: !vyre.slot):
    %a = vyre.arg %s[0]
    %i = arith.constant 7 : i32
    vyre.observe %a at [%i]
    vyre.yield
  }
  vyre.handler @warm opcode(19) {
  ^bb0(%s: !vyre.slot):
    %a = vyre.arg %s[0]
    %i = arith.constant 9 : i32
    vyre.observe %a at [%i]
    vyre.yield
  }
  vyre.handler @tepid opcode(20) {
  ^bb0(%s: !vyre.slot):
    %a = vyre.arg %s[0]
    %i = arith.constant 11 : i32
    vyre.observe %a at [%i]
    vyre.yield
  }
}
