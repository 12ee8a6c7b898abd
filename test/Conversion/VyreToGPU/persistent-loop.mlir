// RUN: vyre-opt %s --vyre-emit-manifest --convert-vyre-to-gpu | FileCheck %s

// The structure of the interpreter loop: what is read how, in which order,
// and which paths end a slot as DONE or FAULT.

// CHECK-LABEL: module attributes {gpu.container_module
// CHECK-SAME: vyre.kernels = {small = {abi_version = 11 : i64

// CHECK: gpu.module @small
// CHECK: gpu.func @small(
// CHECK-SAME: %[[RING:[a-z0-9]+]]: memref<?xi32, #gpu.address_space<global>> {vyre.binding = 0 : i32}
// CHECK-SAME: %[[CTRL:[a-z0-9]+]]: memref<?xi32, #gpu.address_space<global>> {vyre.binding = 1 : i32}
// CHECK-SAME: %[[DBG:[a-z0-9]+]]: memref<?xi32, #gpu.address_space<global>> {vyre.binding = 2 : i32}
// CHECK-SAME: %[[COMP:[a-z0-9]+]]: memref<?xi8, #gpu.address_space<global>> {vyre.binding = 3 : i32}
// CHECK-SAME: %[[DATA:[a-z0-9]+]]: memref<?xi32, #gpu.address_space<global>> {vyre.binding = 4 : i32}
// CHECK-SAME: workgroup(%[[SHARED:[a-z0-9]+]] : memref<10xi32, #gpu.address_space<workgroup>>) kernel attributes {known_block_size = array<i32: 32, 1, 1>}
// CHECK: %[[FAULT:.*]] = memref.alloca() : memref<1xi32, #gpu.address_space<private>>

// The dynamic buffer's length comes from control[128 + binding].
// CHECK: %[[C128:.*]] = arith.constant 128 : index
// CHECK: %[[LENWORD:.*]] = vyre.device.load_volatile %[[CTRL]][%[[C128]]]
// CHECK: %[[LEN:.*]] = arith.index_castui %[[LENWORD]] : i32 to index

// lane = workgroup * 32 + local; lanes = dispatched workgroups * 32.
// CHECK: %[[WG:.*]] = gpu.block_id x
// CHECK: %[[LOCAL:.*]] = gpu.thread_id x
// CHECK: %[[GRID:.*]] = gpu.grid_dim x
// CHECK: %[[SIZE:.*]] = arith.constant 32 : index
// CHECK: %[[WGBASE:.*]] = arith.muli %[[WG]], %[[SIZE]] : index
// CHECK: %[[LANE:.*]] = arith.addi %[[WGBASE]], %[[LOCAL]] : index
// CHECK: %[[LANES:.*]] = arith.muli %[[GRID]], %[[SIZE]] : index
// CHECK: %[[LEADER:.*]] = arith.cmpi eq, %[[LOCAL]], %{{.*}} : index

// Persistent: lane 0 decides for the workgroup, between two barriers,
// whether control[SHUTDOWN] is still 0; the loop is workgroup-uniform.
// CHECK: scf.while : () -> () {
// CHECK-NEXT: gpu.barrier
// CHECK-NEXT: scf.if %[[LEADER]] {
// CHECK: %[[SD:.*]] = vyre.device.load_volatile %[[CTRL]][%{{.*}}]
// CHECK: %[[ALIVE:.*]] = arith.cmpi eq, %[[SD]], %{{.*}} : i32
// Loop budget: control[79] bounds the largest lane back-edge count
// (shared[2]); 0 means unbounded.
// CHECK: %[[C79:.*]] = arith.constant 79 : index
// CHECK-NEXT: %[[BUDGET:.*]] = vyre.device.load_volatile %[[CTRL]][%[[C79]]]
// CHECK-NEXT: %[[EDGES:.*]] = memref.load %[[SHARED]]
// CHECK: %[[UNBOUNDED:.*]] = arith.cmpi eq, %[[BUDGET]]
// CHECK-NEXT: %[[WITHIN:.*]] = arith.cmpi ult, %[[EDGES]], %[[BUDGET]] : i32
// CHECK-NEXT: %[[OK:.*]] = arith.ori %[[UNBOUNDED]], %[[WITHIN]] : i1
// CHECK-NEXT: %[[GOBIT:.*]] = arith.andi %[[ALIVE]], %[[OK]] : i1
// CHECK-NEXT: %[[FLAG:.*]] = arith.extui %[[GOBIT]] : i1 to i32
// CHECK-NEXT: memref.store %[[FLAG]], %[[SHARED]]
// Doorbell: control[6] compared with the value seen last pass (shared[3]);
// the queue's tail, control[82], with the one seen last pass (shared[5],
// which the lanes then read instead of control[82]); scan (shared[4]) when
// either moved or when control[7] turned the doorbell off.
// CHECK: %[[C6:.*]] = arith.constant 6 : index
// CHECK-NEXT: %[[BELL:.*]] = vyre.device.load_volatile %[[CTRL]][%[[C6]]]
// CHECK-NEXT: %[[LAST:.*]] = memref.load %[[SHARED]][%[[C3S:.*]]]
// CHECK-NEXT: %[[RANG:.*]] = arith.cmpi ne, %[[BELL]], %[[LAST]] : i32
// CHECK-NEXT: %[[C82H:.*]] = arith.constant 82 : index
// CHECK-NEXT: %[[TAILH:.*]] = vyre.device.load_volatile %[[CTRL]][%[[C82H]]]
// CHECK: %[[C9S:.*]] = arith.constant 5 : index
// CHECK-NEXT: %[[SEEN:.*]] = memref.load %[[SHARED]][%[[C9S]]]
// CHECK-NEXT: %[[TMOVED:.*]] = arith.cmpi ne, %[[TAILH]], %[[SEEN]] : i32
// CHECK-NEXT: %[[ANYT:.*]] = arith.ori %{{.*}}, %[[TMOVED]] : i1
// CHECK-NEXT: memref.store %[[TAILH]], %[[SHARED]][%[[C9S]]]
// CHECK-NEXT: %[[MOVED:.*]] = arith.ori %[[RANG]], %[[ANYT]] : i1
// CHECK-NEXT: %[[TRUE:.*]] = arith.constant true
// CHECK-NEXT: %[[OFF:.*]] = arith.xori %[[BELLON:.*]], %[[TRUE]] : i1
// CHECK-NEXT: %[[SCAN:.*]] = arith.ori %[[MOVED]], %[[OFF]] : i1
// CHECK-NEXT: %[[SCANW:.*]] = arith.extui %[[SCAN]] : i1 to i32
// CHECK-NEXT: memref.store %[[SCANW]], %[[SHARED]][%{{.*}}]
// CHECK-NEXT: memref.store %[[BELL]], %[[SHARED]][%[[C3S]]]
// CHECK: gpu.barrier
// CHECK-NEXT: %[[GOWORD:.*]] = memref.load %[[SHARED]]
// CHECK: %[[GO:.*]] = arith.cmpi ne, %[[GOWORD]]
// CHECK-NEXT: scf.condition(%[[GO]])
// An idle pass (no scan) counts its one back-edge, plus its share of the
// loops it enters masked off on a SIMD-chunk device (the scan and the one
// canary: 2 loops, ceil(2 / 16) = 1).
// CHECK: } do {
// CHECK: %[[CPASS:.*]] = arith.constant 2 : i32
// CHECK-NEXT: arith.addi %{{.*}}, %[[CPASS]] : i32
// CHECK: %[[SCANNOW:.*]] = memref.load %[[SHARED]][%{{.*}}]
// CHECK: %[[DOSCAN:.*]] = arith.cmpi ne, %[[SCANNOW]], %{{.*}} : i32
// CHECK-NEXT: scf.if %[[DOSCAN]] {

// Strided share: slots lane, lane + lanes, ... < 64. The first slot's
// status is loaded before the loop (clamped into the ring: a lane may
// start past its end), each next one during the slot before it.
// CHECK: %[[C63:.*]] = arith.constant 63 : index
// CHECK-NEXT: %[[FIRST:.*]] = arith.minui %[[LANE]], %[[C63]] : index
// CHECK-NEXT: %[[C16F:.*]] = arith.constant 16 : index
// CHECK-NEXT: %[[BASEF:.*]] = arith.muli %[[FIRST]], %[[C16F]] : index
// CHECK-NEXT: %[[STATUSF:.*]] = vyre.device.load_volatile %[[RING]][%[[BASEF]]]
// CHECK: scf.for %[[S:.*]] = %[[LANE]] to %{{.*}} step %[[LANES]] iter_args(%[[STATUS:.*]] = %[[STATUSF]],
// Four back-edges counted per slot scanned, and one for the share of the
// one canary (entered even where no lane of the chunk serves the arm).
// CHECK: %[[C4E:.*]] = arith.constant 5 : i32
// CHECK-NEXT: arith.addi %{{.*}}, %[[C4E]] : i32
// CHECK-NEXT: memref.store
// CHECK-NEXT: %[[NEXT:.*]] = arith.addi %[[S]], %[[LANES]] : index
// CHECK-NEXT: %[[C16:.*]] = arith.constant 16 : index
// CHECK-NEXT: %[[BASE:.*]] = arith.muli %[[S]], %[[C16]] : index
// No load decides whether the slot is skipped: its status (loaded before)
// without the lap tag (mask 7) must be PUBLISHED (1).
// CHECK-NEXT: %[[C7:.*]] = arith.constant 7 : i32
// CHECK-NEXT: %[[BARE:.*]] = arith.andi %[[STATUS]], %[[C7]] : i32
// CHECK-NEXT: %[[C1:.*]] = arith.constant 1 : i32
// CHECK-NEXT: %[[PUB:.*]] = arith.cmpi eq, %[[BARE]], %[[C1]] : i32
// CHECK-NEXT: %[[CLAIMABLE:.*]] = scf.if %[[PUB]] -> (i1)
// Plain PUBLISHED (written while no dispatch ran) is claimable as it is;
// only a tagged status is compared with the tag that queue 0's tail (as
// the loop head read it into shared[5]: no bus load here; the whole
// 64-slot ring) implies: 17 (odd lap) or 9 (even lap).
// CHECK: %[[PLAIN:.*]] = arith.cmpi eq, %[[STATUS]], %{{.*}} : i32
// CHECK-NEXT: scf.if %[[PLAIN]] -> (i1)
// CHECK-NEXT: scf.yield %[[PLAIN]] : i1
// CHECK-NEXT: } else {
// CHECK-NOT: vyre.device.load_volatile
// CHECK: %[[TAIL:.*]] = memref.load %[[SHARED]][%{{.*}}]
// CHECK: %[[ODDLAP:.*]] = arith.cmpi uge, %[[TAIL]], %{{.*}} : i32
// CHECK: %[[C17:.*]] = arith.constant 17 : i32
// CHECK: %[[C9:.*]] = arith.constant 9 : i32
// CHECK: %[[TAG:.*]] = arith.select %{{.*}}, %[[C17]], %[[C9]] : i32
// CHECK: %[[TAGGED:.*]] = arith.cmpi eq, %[[STATUS]], %[[TAG]] : i32
// CHECK-NEXT: scf.yield %[[TAGGED]] : i1
// CHECK: scf.if %[[CLAIMABLE]] -> (i32, i32)
// Claim: the owner lane's acquire fence and a plain CLAIMED (2) store, no
// compare-exchange (one owner lane per slot, one dispatch at a time).
// CHECK-NEXT: vyre.device.fence acquire
// CHECK-NEXT: %[[C2:.*]] = arith.constant 2 : i32
// CHECK-NEXT: vyre.device.store_volatile %[[C2]], %[[RING]][%[[BASE]]]
// Then the next slot's status, so its round trip overlaps this slot's.
// CHECK-NEXT: %[[C63N:.*]] = arith.constant 63 : index
// CHECK-NEXT: %[[NEXTIN:.*]] = arith.minui %[[NEXT]], %[[C63N]] : index
// CHECK: %[[NEXTBASE:.*]] = arith.muli %[[NEXTIN]], %{{.*}} : index
// CHECK-NEXT: %[[NEXTSTATUS:.*]] = vyre.device.load_volatile %[[RING]][%[[NEXTBASE]]]
// CHECK-NOT: vyre.device.atomic_cas
// CHECK: memref.store %{{.*}}, %[[FAULT]]
// Opcode and tenant words are read only after the claim.
// CHECK: vyre.device.load_volatile %[[RING]]
// CHECK: %[[TENANT:.*]] = vyre.device.load_volatile %[[RING]]
// CHECK: %[[C32:.*]] = arith.constant 32 : i32
// CHECK: %[[KNOWN:.*]] = arith.cmpi ult, %[[TENANT]], %[[C32]] : i32
// CHECK: scf.if %[[KNOWN]]
// CHECK: %[[MASK:.*]] = vyre.device.load_volatile %[[CTRL]]
// CHECK: %[[OP16:.*]] = arith.cmpi eq, %{{.*}}, %{{.*}} : i32
// CHECK: scf.if %[[OP16]]
// CHECK: arith.shrui %[[MASK]]
// CHECK: scf.if
// Handler counter 0 is control[40]. The lane counts a run of slots of one
// arm: serving another arm first adds the run it holds to that arm's word,
// then holds word 40 with a count that grows by one per slot.
// CHECK: %[[C40:.*]] = arith.constant 40 : i32
// CHECK-NEXT: %[[HELD:.*]] = memref.load %[[RUNWORD:.*]][%{{.*}}] : memref<1xi32, #gpu.address_space<private>>
// CHECK-NEXT: %[[OTHER:.*]] = arith.cmpi ne, %[[HELD]], %[[C40]] : i32
// CHECK-NEXT: scf.if %[[OTHER]] {
// CHECK: %[[TALLY:.*]] = memref.load %[[RUNCOUNT:.*]][%{{.*}}]
// CHECK: %[[OLDWORD:.*]] = memref.load %[[RUNWORD]]
// CHECK-NEXT: %[[OLDAT:.*]] = arith.index_castui %[[OLDWORD]] : i32 to index
// CHECK-NEXT: vyre.device.atomic_rmw add relaxed %[[TALLY]], %[[CTRL]][%[[OLDAT]]]
// CHECK: memref.store %[[C40]], %[[RUNWORD]]
// CHECK: %[[COUNT:.*]] = memref.load %[[RUNCOUNT]]
// CHECK: %[[MORE:.*]] = arith.addi %[[COUNT]], %{{.*}} : i32
// CHECK-NEXT: memref.store %[[MORE]], %[[RUNCOUNT]]
// The handler: bounds-checked store into the user buffer.
// CHECK: %[[IDX:.*]] = arith.index_castui %{{.*}} : i32 to index
// CHECK: %[[INB:.*]] = arith.cmpi ult, %[[IDX]], %[[LEN]] : index
// CHECK: scf.if %[[INB]] {
// CHECK-NEXT: memref.store %{{.*}}, %[[DATA]][%[[IDX]]]
// CHECK-NEXT: } else {
// CHECK-NEXT: arith.constant 4 : i32
// The canary: a loop of control[80] trips; falling short means the device
// stopped loops mid-handler: ITERATION_LIMIT (7).
// CHECK: %[[CANARY:.*]] = scf.for
// CHECK: %[[SHORT:.*]] = arith.cmpi ne, %[[CANARY]]
// CHECK-NEXT: scf.if %[[SHORT]] {
// CHECK-NEXT: arith.constant 7 : i32
// Tenant mask lacks the bit: TENANT_DENIED (3).
// CHECK: arith.constant 3 : i32
// Unknown opcode: UNKNOWN_OPCODE (1).
// CHECK: arith.constant 1 : i32
// Tenant id >= 32: TENANT_OUT_OF_RANGE (2).
// CHECK: arith.constant 2 : i32
// Completion.
// CHECK: %[[FAILED:.*]] = arith.cmpi ne, %[[CODE:.*]], %{{.*}} : i32
// CHECK: scf.if %[[FAILED]] {
// CHECK: vyre.device.atomic_rmw add relaxed %{{.*}}, %[[CTRL]][%{{.*}}]
// CHECK: vyre.device.store_volatile %{{.*}}, %[[CTRL]]
// CHECK: vyre.device.store_volatile %[[CODE]], %[[CTRL]]
// CHECK: %[[C15:.*]] = arith.constant 15 : index
// CHECK-NEXT: %[[W15:.*]] = arith.addi %[[BASE]], %[[C15]] : index
// CHECK-NEXT: vyre.device.store_volatile %[[CODE]], %[[RING]][%[[W15]]]
// No final status in the ring (ABI v6: it keeps CLAIMED): a fence orders
// the handler's writes and the code, then the completion mirror FAULT (7),
// then FAULT_COUNT (control[2]).
// CHECK-NOT: vyre.device.atomic_rmw exchange
// CHECK: vyre.device.fence release
// CHECK-NEXT: %[[M7:.*]] = arith.constant 7 : i8
// CHECK-NEXT: vyre.device.store_volatile %[[M7]], %[[COMP]][%[[SLOT:.*]]]
// A fault adds the lane's arm run before FAULT_COUNT's release.
// CHECK: memref.load %[[RUNCOUNT]]
// CHECK: vyre.device.atomic_rmw add relaxed
// CHECK: vyre.device.atomic_rmw add release %{{.*}}, %[[CTRL]]
// DONE: the fence, the mirror DONE (3), and one more in this lane's tally
// (a Function word), not an atomic per slot.
// CHECK: } else {
// CHECK-NEXT: vyre.device.fence release
// CHECK-NEXT: %[[M3:.*]] = arith.constant 3 : i8
// CHECK-NEXT: vyre.device.store_volatile %[[M3]], %[[COMP]][%[[SLOT]]]
// CHECK-NOT: vyre.device.atomic_rmw
// CHECK: %[[MINE:.*]] = memref.load %[[TALLY:.*]][%{{.*}}] : memref<1xi32, #gpu.address_space<private>>
// CHECK: arith.addi %[[MINE]]
// CHECK-NEXT: memref.store %{{.*}}, %[[TALLY]]
// At the end of a scanning pass a lane with a tally adds it to DONE_COUNT
// (control[1]) with one release atomic, and again after the loop (a device
// that stops loops mid-way skips the pass's end). The lane's arm run is
// added first, so that release covers the arm counts too.
// CHECK: %[[PASSARMS:.*]] = memref.load %[[RUNCOUNT]]
// CHECK: vyre.device.atomic_rmw add relaxed %[[PASSARMS]], %[[CTRL]]
// CHECK: %[[TALLIED:.*]] = memref.load %[[TALLY]]
// CHECK: scf.if
// CHECK-NEXT: %[[C1W:.*]] = arith.constant 1 : index
// CHECK-NEXT: vyre.device.atomic_rmw add release %[[TALLIED]], %[[CTRL]][%[[C1W]]]
// The tally is the scanning branch's last step: a pass that did not scan
// (an idle one) has nothing to add and skips it.
// CHECK: }
// CHECK-NEXT: }
// CHECK-NEXT: arith.constant 0 : index
// CHECK-NEXT: %[[EDGES:.*]] = memref.load
// Every lane folds its back-edge count into the workgroup maximum.
// CHECK-NEXT: memref.atomic_rmw maxu %[[EDGES]], %[[SHARED]]
// Heartbeat by the first lane of each workgroup, every pass.
// CHECK: scf.if %[[LEADER]] {
// CHECK: vyre.device.atomic_rmw add relaxed
// CHECK: %[[LEFT:.*]] = memref.load %[[TALLY]]
// CHECK: scf.if
// CHECK: vyre.device.atomic_rmw add release %[[LEFT]], %[[CTRL]]
// CHECK: gpu.return
// The megakernel itself is gone.
// CHECK-NOT: vyre.megakernel
vyre.megakernel @small slots(64) workgroups(2) workgroup_size(32) mode(persistent)
    attributes {observables = 4 : i32} {
  vyre.buffer @data binding(0) read_write : memref<?xi32>
  vyre.handler @put opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %i = vyre.arg %slot[0]
    %v = vyre.arg %slot[1]
    vyre.store %v, @data[%i] : i32
    vyre.yield
  }
}
