// RUN: vyre-opt %s --convert-vyre-to-gpu --split-input-file | FileCheck %s

// Each handler-body op, lowered inside its arm.

// vyre.arg i reads ring[slot*16 + 4 + i] with a volatile load.
// CHECK-LABEL: gpu.func @args
// CHECK: %[[C15:.*]] = arith.constant 15 : index
// CHECK-NEXT: %[[W:.*]] = arith.addi %{{.*}}, %[[C15]] : index
// CHECK-NEXT: vyre.device.load_volatile %{{.*}}[%[[W]]]
vyre.megakernel @args slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.handler @h opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %last = vyre.arg %slot[11]
    vyre.observe %last at [%last]
    vyre.yield
  }
}

// -----

// Control-buffer reads are volatile and bounded by the control size
// (160 + 8 observables = 168 words); out of range reads yield 0 and fault.
// CHECK-LABEL: gpu.func @control
// CHECK: %[[LIMIT:.*]] = arith.constant 168 : index
// CHECK-NEXT: %[[I:.*]] = arith.index_castui %{{.*}} : i32 to index
// CHECK-NEXT: %[[OK:.*]] = arith.cmpi ult, %[[I]], %[[LIMIT]] : index
// CHECK: %[[V:.*]] = scf.if %[[OK]] -> (i32) {
// CHECK-NEXT: %[[L:.*]] = vyre.device.load_volatile %{{.*}}[%[[I]]]
// CHECK-NEXT: scf.yield %[[L]] : i32
// CHECK-NEXT: } else {
// CHECK-NEXT: arith.constant 4 : i32
// CHECK: memref.store
// CHECK-NEXT: %[[Z:.*]] = arith.constant 0 : i32
// CHECK-NEXT: scf.yield %[[Z]] : i32
// Observables are bounded by `observables` and land at control[160 + i].
// CHECK: %[[OBSLIMIT:.*]] = arith.constant 8 : index
// CHECK: arith.cmpi ult, %{{.*}}, %[[OBSLIMIT]] : index
// CHECK: %[[C160:.*]] = arith.constant 160 : index
// CHECK-NEXT: %[[DST:.*]] = arith.addi %[[C160]], %{{.*}} : index
// CHECK-NEXT: vyre.device.store_volatile %[[V]], %{{.*}}[%[[DST]]]
vyre.megakernel @control slots(4) workgroups(1) workgroup_size(4) mode(once)
    attributes {observables = 8 : i32} {
  vyre.handler @h opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %i = vyre.arg %slot[0]
    %v = vyre.load control[%i] : i32
    %j = vyre.arg %slot[1]
    vyre.observe %v at [%j]
    vyre.yield
  }
}

// -----

// Atomics on user buffers: relaxed RMW, acq_rel CAS, both bounds-checked
// against a static length; f32 loads yield 0.0 when out of range.
// CHECK-LABEL: gpu.func @atomics
// CHECK: %[[N:.*]] = arith.constant 100 : index
// CHECK: arith.cmpi ult, %{{.*}}, %[[N]] : index
// CHECK: vyre.device.atomic_rmw umax relaxed
// CHECK: vyre.device.atomic_cas acq_rel
// CHECK: memref.load %{{.*}} : memref<?xf32, #gpu.address_space<global>>
// CHECK: arith.constant 0.000000e+00 : f32
vyre.megakernel @atomics slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.buffer @counts binding(0) read_write : memref<100xi32>
  vyre.buffer @weights binding(1) read_only : memref<?xf32>
  vyre.handler @h opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %i = vyre.arg %slot[0]
    %old = vyre.atomic_rmw umax %i, @counts[%i] : i32
    %prev = vyre.atomic_cas @counts[%i], %old, %i : i32
    %w = vyre.load @weights[%prev] : f32
    vyre.yield
  }
}

// -----

// vyre.fault records its code unless a fault is already recorded; PRINTF
// appends to the debug log while the record index is below capacity (10).
// CHECK-LABEL: gpu.func @faults
// CHECK: %[[CODE:.*]] = arith.constant 300 : i32
// CHECK-NEXT: %[[Z:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[CUR:.*]] = memref.load %{{.*}}[%[[Z]]]
// CHECK-NEXT: %[[Z32:.*]] = arith.constant 0 : i32
// CHECK-NEXT: %[[NONE:.*]] = arith.cmpi eq, %[[CUR]], %[[Z32]] : i32
// CHECK-NEXT: %[[NEXT:.*]] = arith.select %[[NONE]], %[[CODE]], %[[CUR]] : i32
// CHECK-NEXT: memref.store %[[NEXT]], %{{.*}}[%[[Z]]]
// CHECK: %[[REC:.*]] = vyre.device.atomic_rmw add relaxed %{{.*}}, %[[DBG:.*]][%{{.*}}]
// CHECK: %[[RI:.*]] = arith.index_castui %[[REC]] : i32 to index
// CHECK: %[[CAP:.*]] = arith.constant 10 : index
// CHECK: arith.cmpi ult, %[[RI]], %[[CAP]] : index
// CHECK-COUNT-4: vyre.device.store_volatile %{{.*}}, %[[DBG]]
vyre.megakernel @faults slots(4) workgroups(1) workgroup_size(4) mode(once)
    attributes {debug_records = 10 : i32} {
  vyre.handler @h opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %a = vyre.arg %slot[0]
    vyre.fault code(300)
    vyre.printf %a(%a)
    vyre.yield
  }
}
