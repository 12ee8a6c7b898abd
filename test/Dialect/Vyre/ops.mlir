// RUN: vyre-opt %s | FileCheck %s
// Round trip: print, then parse the printed form and print again; the
// generic form must also round-trip.
// RUN: vyre-opt %s | vyre-opt | FileCheck %s
// RUN: vyre-opt %s --mlir-print-op-generic | vyre-opt | FileCheck %s

// CHECK-LABEL: vyre.megakernel @service slots(256) workgroups(4) workgroup_size(64) mode(persistent)
// CHECK-SAME: attributes {observables = 32 : i32, tenants = array<i32: 7, 1>}
vyre.megakernel @service slots(256) workgroups(4) workgroup_size(64) mode(persistent)
    attributes {observables = 32 : i32, tenants = array<i32: 7, 1>} {
  // CHECK: vyre.buffer @table binding(0) read_only : memref<1024xi32>
  vyre.buffer @table binding(0) read_only : memref<1024xi32>
  // CHECK: vyre.buffer @hist binding(1) read_write : memref<?xi32>
  vyre.buffer @hist binding(1) read_write : memref<?xi32>
  // CHECK: vyre.buffer @weights binding(2) write_only : memref<16xf32>
  vyre.buffer @weights binding(2) write_only : memref<16xf32>
  // CHECK: vyre.buffer @resident binding(3) read_write device_local : memref<64xi32>
  vyre.buffer @resident binding(3) read_write device_local : memref<64xi32>
  // CHECK: vyre.builtin "atomic_add"
  vyre.builtin "atomic_add"
  // CHECK: vyre.builtin "printf"
  vyre.builtin "printf"

  // CHECK: vyre.handler @lookup opcode(16) {
  // CHECK-NEXT: ^bb0(%[[SLOT:.*]]: !vyre.slot):
  vyre.handler @lookup opcode(16) {
  ^bb0(%slot: !vyre.slot):
    // CHECK: %[[I:.*]] = vyre.arg %[[SLOT]][0]
    %i = vyre.arg %slot[0]
    // CHECK: %[[J:.*]] = vyre.arg %[[SLOT]][11]
    %j = vyre.arg %slot[11]
    // CHECK: %[[V:.*]] = vyre.load @table[%[[I]]] : i32
    %v = vyre.load @table[%i] : i32
    // CHECK: vyre.observe %[[V]] at [%[[J]]]
    vyre.observe %v at [%j]
    // CHECK: vyre.yield
    vyre.yield
  }

  // CHECK: vyre.handler @count opcode(17, 18) {
  vyre.handler @count opcode(17, 18) {
  ^bb0(%slot: !vyre.slot):
    %bin = vyre.arg %slot[0]
    %one = arith.constant 1 : i32
    // CHECK: vyre.atomic_rmw add %{{.*}}, @hist[%{{.*}}] : i32
    %old = vyre.atomic_rmw add %one, @hist[%bin] : i32
    // CHECK: vyre.atomic_rmw umax %{{.*}}, control[%{{.*}}] : i32
    %m = vyre.atomic_rmw umax %old, control[%bin] : i32
    // CHECK: vyre.atomic_rmw exchange
    %x = vyre.atomic_rmw exchange %one, @hist[%bin] : i32
    // CHECK: vyre.atomic_rmw and
    %a = vyre.atomic_rmw and %one, @hist[%bin] : i32
    // CHECK: vyre.atomic_rmw or
    %o = vyre.atomic_rmw or %one, @hist[%bin] : i32
    // CHECK: vyre.atomic_rmw xor
    %xo = vyre.atomic_rmw xor %one, @hist[%bin] : i32
    // CHECK: vyre.atomic_rmw sub
    %s = vyre.atomic_rmw sub %one, @hist[%bin] : i32
    // CHECK: vyre.atomic_rmw smax
    %smax = vyre.atomic_rmw smax %one, @hist[%bin] : i32
    // CHECK: vyre.atomic_rmw smin
    %smin = vyre.atomic_rmw smin %one, @hist[%bin] : i32
    // CHECK: vyre.atomic_rmw umin
    %umin = vyre.atomic_rmw umin %one, @hist[%bin] : i32
    // CHECK: %{{.*}} = vyre.atomic_cas @hist[%{{.*}}], %{{.*}}, %{{.*}} : i32
    %prev = vyre.atomic_cas @hist[%bin], %old, %one : i32
    // CHECK: vyre.load control[%{{.*}}] : i32
    %c = vyre.load control[%bin] : i32
    // CHECK: vyre.store %{{.*}}, control[%{{.*}}] : i32
    vyre.store %c, control[%bin] : i32
    %big = arith.constant 1000 : i32
    %too_big = arith.cmpi ugt, %old, %big : i32
    // CHECK: scf.if
    scf.if %too_big {
      // CHECK: vyre.fault code(300)
      vyre.fault code(300)
    }
    %fmt = arith.constant 7 : i32
    // CHECK: vyre.printf %{{.*}}(%{{.*}}, %{{.*}})
    vyre.printf %fmt(%bin, %old)
    // CHECK: vyre.printf %{{.*}}(){{$}}
    vyre.printf %fmt()
    vyre.yield
  }

  // CHECK: vyre.handler @scale opcode(0x10000) {
  vyre.handler @scale opcode(65536) {
  ^bb0(%slot: !vyre.slot):
    %i = vyre.arg %slot[1]
    %f = arith.constant 2.5 : f32
    // CHECK: vyre.store %{{.*}}, @weights[%{{.*}}] : f32
    vyre.store %f, @weights[%i] : f32
    vyre.yield
  }

  // CHECK: vyre.batch @warmup {
  vyre.batch @warmup {
    // CHECK-NEXT: vyre.work_item opcode(2) args [1, 160]
    vyre.work_item opcode(2) args [1, 160]
    // CHECK-NEXT: vyre.work_item opcode(16) args [4, 0] tenant(1) priority(0)
    vyre.work_item opcode(16) args [4, 0] tenant(1) priority(0)
    // CHECK-NEXT: vyre.work_item opcode(0xfffe)
    vyre.work_item opcode(0xfffe)
    // CHECK-NEXT: vyre.work_item opcode(17) args [-1, 4294967295]
    vyre.work_item opcode(17) args [-1, 4294967295]
  }
}

// A kernel with materialized built-in handlers on reserved opcodes.
// CHECK-LABEL: vyre.megakernel @materialized slots(8) workgroups(1) workgroup_size(8) mode(once)
vyre.megakernel @materialized slots(8) workgroups(1) workgroup_size(8) mode(once) {
  // CHECK: vyre.handler @__vyre_nop opcode(0) builtin {
  vyre.handler @__vyre_nop opcode(0) builtin {
  ^bb0(%slot: !vyre.slot):
    vyre.yield
  }
  // CHECK: vyre.handler @__vyre_shutdown opcode(0xffffffff) builtin {
  vyre.handler @__vyre_shutdown opcode(0xffffffff) builtin {
  ^bb0(%slot: !vyre.slot):
    vyre.yield
  }
}

// Built-in handlers may record the runtime's own fault codes.
// CHECK-LABEL: vyre.megakernel @runtime_codes
// CHECK: vyre.fault code(4)
// CHECK: vyre.builtin "dfa_step" table @t
vyre.megakernel @runtime_codes slots(8) workgroups(1) workgroup_size(8) mode(once) {
  vyre.buffer @t binding(0) read_only : memref<512xi32>
  vyre.handler @__vyre_memcpy opcode(5) builtin {
  ^bb0(%slot: !vyre.slot):
    vyre.fault code(4)
    vyre.yield
  }
  vyre.builtin "dfa_step" table @t
}

// Device memory ops (what convert-vyre-to-gpu emits).
// CHECK-LABEL: func.func @device_ops
func.func @device_ops(%m: memref<?xi32, #spirv.storage_class<StorageBuffer>>, %i: index, %v: i32) {
  // CHECK: vyre.device.load_volatile %{{.*}}[%{{.*}}] : memref<?xi32, #spirv.storage_class<StorageBuffer>>
  %a = vyre.device.load_volatile %m[%i] : memref<?xi32, #spirv.storage_class<StorageBuffer>>
  // CHECK: vyre.device.store_volatile %{{.*}}, %{{.*}}[%{{.*}}] : memref<?xi32, #spirv.storage_class<StorageBuffer>>
  vyre.device.store_volatile %a, %m[%i] : memref<?xi32, #spirv.storage_class<StorageBuffer>>
  // CHECK: vyre.device.atomic_rmw add relaxed
  %b = vyre.device.atomic_rmw add relaxed %v, %m[%i] : memref<?xi32, #spirv.storage_class<StorageBuffer>>
  // CHECK: vyre.device.atomic_rmw exchange release
  %c = vyre.device.atomic_rmw exchange release %v, %m[%i] : memref<?xi32, #spirv.storage_class<StorageBuffer>>
  // CHECK: vyre.device.atomic_cas acq_rel %{{.*}}[%{{.*}}], %{{.*}}, %{{.*}} : memref
  %d = vyre.device.atomic_cas acq_rel %m[%i], %a, %b : memref<?xi32, #spirv.storage_class<StorageBuffer>>
  // CHECK: vyre.device.fence acquire
  vyre.device.fence acquire
  return
}

// A byte store: the completion plane (ABI v8).
// CHECK-LABEL: func.func @byte_store
func.func @byte_store(%m: memref<?xi8, #spirv.storage_class<StorageBuffer>>, %i: index) {
  %done = arith.constant 3 : i8
  // CHECK: vyre.device.store_volatile %{{.*}}, %{{.*}}[%{{.*}}] : memref<?xi8, #spirv.storage_class<StorageBuffer>>
  vyre.device.store_volatile %done, %m[%i] : memref<?xi8, #spirv.storage_class<StorageBuffer>>
  return
}

// Task graphs (issue 26): dependency counters and `after` edges.
// CHECK-LABEL: vyre.megakernel @graph
// CHECK-SAME: dependency_counters = 4 : i32
// CHECK: vyre.work_item opcode(0){{$}}
// CHECK-NEXT: vyre.work_item opcode(0) args [1] after [0]
// CHECK-NEXT: vyre.work_item opcode(0) priority(1) after [0, 1]
vyre.megakernel @graph slots(8) workgroups(1) workgroup_size(8) mode(once)
    attributes {dependency_counters = 4 : i32} {
  vyre.builtin "nop"
  vyre.batch @b {
    vyre.work_item opcode(0)
    vyre.work_item opcode(0) args [1] after [0]
    vyre.work_item opcode(0) priority(1) after [0, 1]
  }
}
