// RUN: vyre-opt %s --vyre-materialize-builtins --split-input-file | FileCheck %s

// Each request becomes a builtin handler at the same position, so dispatch
// arm indices follow the source order.
// CHECK-LABEL: vyre.megakernel @k
// CHECK-NOT: vyre.builtin
// CHECK: vyre.handler @__vyre_nop opcode(0) builtin {
// CHECK-NEXT: ^bb0(%{{.*}}: !vyre.slot):
// CHECK-NEXT: vyre.yield
// CHECK: vyre.handler @user opcode(16)

// STORE_U32: control[a1] = a0.
// CHECK: vyre.handler @__vyre_store_u32 opcode(1) builtin {
// CHECK: %[[V:.*]] = vyre.arg %{{.*}}[0]
// CHECK: %[[AT:.*]] = vyre.arg %{{.*}}[1]
// CHECK: vyre.store %[[V]], control[%[[AT]]] : i32

// ATOMIC_ADD: control[a1] += a0.
// CHECK: vyre.handler @__vyre_atomic_add opcode(2) builtin {
// CHECK: vyre.atomic_rmw add %{{.*}}, control[%{{.*}}] : i32

// LOAD_U32: observable a1 = control[a0].
// CHECK: vyre.handler @__vyre_load_u32 opcode(3) builtin {
// CHECK: %[[W:.*]] = vyre.load control[%{{.*}}] : i32
// CHECK: vyre.observe %[[W]] at [%{{.*}}]

// COMPARE_SWAP: previous value of control[a0] to observable a3.
// CHECK: vyre.handler @__vyre_compare_swap opcode(4) builtin {
// CHECK: %[[WHERE:.*]] = vyre.arg %{{.*}}[0]
// CHECK: %[[PREV:.*]] = vyre.atomic_cas control[%[[WHERE]]], %{{.*}}, %{{.*}} : i32
// CHECK: %[[TO:.*]] = vyre.arg %{{.*}}[3]
// CHECK: vyre.observe %[[PREV]] at [%[[TO]]]

// MEMCPY: a length, or a source or destination range, past the 416 control
// words faults up front (code 4): a0 <= 416 - a2 and a1 <= 416 - a2, so
// a0 + i never wraps in 32 bits.
// CHECK: vyre.handler @__vyre_memcpy opcode(5) builtin {
// CHECK: %[[SRC:.*]] = vyre.arg %{{.*}}[0]
// CHECK: %[[DST:.*]] = vyre.arg %{{.*}}[1]
// CHECK: %[[N:.*]] = vyre.arg %{{.*}}[2]
// CHECK: %[[MAX:.*]] = arith.constant 416 : i32
// CHECK: %[[ROOM:.*]] = arith.subi %[[MAX]], %[[N]] : i32
// CHECK: %[[LEN:.*]] = arith.cmpi ule, %[[N]], %[[MAX]] : i32
// CHECK: %[[S:.*]] = arith.cmpi ule, %[[SRC]], %[[ROOM]] : i32
// CHECK: %[[D:.*]] = arith.cmpi ule, %[[DST]], %[[ROOM]] : i32
// CHECK: %[[SD:.*]] = arith.andi %[[S]], %[[D]] : i1
// CHECK: %[[FITS:.*]] = arith.andi %[[LEN]], %[[SD]] : i1
// CHECK: scf.if %[[FITS]] {
// CHECK: scf.for
// CHECK: vyre.load control
// CHECK: vyre.store %{{.*}}, control
// CHECK: } else {
// CHECK-NEXT: vyre.fault code(4)

// DFA_STEP: next = table[a0 * 256 + (a1 & 255)] to observable a2; a state
// of 2^24 or more (a0 * 256 would wrap) reads index 0xFFFFFFFF, past any
// table, so the load's bounds check faults.
// CHECK: vyre.handler @__vyre_dfa_step opcode(6) builtin {
// CHECK: %[[ROW:.*]] = arith.muli %{{.*}}, %{{.*}} : i32
// CHECK: %[[BYTE:.*]] = arith.andi
// CHECK: %[[STATE:.*]] = vyre.arg %{{.*}}[0]
// CHECK: %[[LIMIT:.*]] = arith.constant 16777215 : i32
// CHECK: %[[OK:.*]] = arith.cmpi ule, %[[STATE]], %[[LIMIT]] : i32
// CHECK: %[[SUM:.*]] = arith.addi %[[ROW]], %[[BYTE]] : i32
// CHECK: %[[PAST:.*]] = arith.constant -1 : i32
// CHECK: %[[INDEX:.*]] = arith.select %[[OK]], %[[SUM]], %[[PAST]] : i32
// CHECK: %[[NEXT:.*]] = vyre.load @dfa[%[[INDEX]]] : i32
// CHECK: vyre.observe %[[NEXT]]

// BATCH_FENCE: EPOCH (control[4]) += 1; tag a1 to observable 0.
// CHECK: vyre.handler @__vyre_batch_fence opcode(7) builtin {
// CHECK: %[[ONE:.*]] = arith.constant 1 : i32
// CHECK: %[[EPOCH:.*]] = arith.constant 4 : i32
// CHECK: vyre.atomic_rmw add %[[ONE]], control[%[[EPOCH]]] : i32

// PRINTF: (a0 format, a1, a2, a3).
// CHECK: vyre.handler @__vyre_printf opcode(0xfffe) builtin {
// CHECK: vyre.printf %{{.*}}(%{{.*}}, %{{.*}}, %{{.*}})

// SHUTDOWN: control[0] = 1.
// CHECK: vyre.handler @__vyre_shutdown opcode(0xffffffff) builtin {
// CHECK: vyre.store %{{.*}}, control[%{{.*}}] : i32

// PACKED_SLOT: every inner op validated first, BAD_PACKED_SLOT (5) else.
// CHECK: vyre.handler @__vyre_packed_slot opcode(0x80000001) builtin {
// CHECK-COUNT-9: vyre.arg
// CHECK: scf.if %{{.*}} {
// CHECK-COUNT-3: scf.if
// CHECK: } else {
// CHECK-NEXT: vyre.fault code(5)
vyre.megakernel @k slots(8) workgroups(1) workgroup_size(8) mode(once) {
  vyre.buffer @dfa binding(0) read_only : memref<512xi32>
  vyre.builtin "nop"
  vyre.handler @user opcode(16) {
  ^bb0(%slot: !vyre.slot):
    vyre.yield
  }
  vyre.builtin "store_u32"
  vyre.builtin "atomic_add"
  vyre.builtin "load_u32"
  vyre.builtin "compare_swap"
  vyre.builtin "memcpy"
  vyre.builtin "dfa_step" table @dfa
  vyre.builtin "batch_fence"
  vyre.builtin "printf"
  vyre.builtin "shutdown"
  vyre.builtin "packed_slot"
}

// -----

// Idempotent on a kernel with nothing to materialize.
// CHECK-LABEL: vyre.megakernel @plain
// CHECK-NEXT: vyre.handler @h opcode(16)
vyre.megakernel @plain slots(8) workgroups(1) workgroup_size(8) mode(once) {
  vyre.handler @h opcode(16) {
  ^bb0(%slot: !vyre.slot):
    vyre.yield
  }
}
