// RUN: vyre-opt %s --vyre-emit-manifest --convert-vyre-to-gpu | FileCheck %s

// A kernel of 33 arms: tenant masks are two words. Word 0 of tenant t is
// control[8 + t] as always; arm 32's bit is bit 0 of word 1, which lives in
// the wide-arm region after the 4 observables at control[164 + t], and its
// counter after the 32 tenants' extra words, at control[164 + 32] = 196.

// The manifest says how wide a mask is and sizes the control buffer for it:
// 160 + 4 observables + 32 mask words + 1 counter.
// CHECK: control_words = 197 : i64
// CHECK: tenant_mask_words = 2 : i64

// Arm 0 tests its bit in word 0, loaded once per slot; its counter is 40.
// CHECK-LABEL: gpu.func @wide
// CHECK: scf.while
// Loop budget: a SIMD chunk run masked (lavapipe) enters the scan and all
// 33 canaries in every pass, and the 33 canaries for every slot scanned,
// serving those arms or not. Each lane counts its share, in units of 16
// lanes: 1 + ceil(34 / 16) per pass, 4 + ceil(33 / 16) per slot.
// CHECK: } do {
// CHECK: %[[CPASS:.*]] = arith.constant 4 : i32
// CHECK-NEXT: arith.addi %{{.*}}, %[[CPASS]] : i32
// CHECK: scf.for
// CHECK: %[[CSLOT:.*]] = arith.constant 7 : i32
// CHECK-NEXT: arith.addi %{{.*}}, %[[CSLOT]] : i32
// CHECK: %[[C8:.*]] = arith.constant 8 : index
// CHECK: %[[M0AT:.*]] = arith.addi %[[C8]], %{{.*}} : index
// CHECK: %[[M0:.*]] = vyre.device.load_volatile %{{.*}}[%[[M0AT]]]
// CHECK: arith.shrui %[[M0]], %{{.*}} : i32
// CHECK: %[[C40:.*]] = arith.constant 40 : i32
// CHECK-NEXT: memref.load
// CHECK-NEXT: arith.cmpi ne, %{{.*}}, %[[C40]] : i32

// Arm 32 loads word 1 in its own branch and counts in word 196.
// CHECK: %[[C164:.*]] = arith.constant 164 : index
// CHECK: %[[M1AT:.*]] = arith.addi %[[C164]], %{{.*}} : index
// CHECK: %[[M1:.*]] = vyre.device.load_volatile %{{.*}}[%[[M1AT]]]
// CHECK: %[[C0:.*]] = arith.constant 0 : i32
// CHECK: arith.shrui %[[M1]], %[[C0]] : i32
// CHECK: %[[C196:.*]] = arith.constant 196 : i32
// CHECK-NEXT: memref.load
// CHECK-NEXT: arith.cmpi ne, %{{.*}}, %[[C196]] : i32
vyre.megakernel @wide slots(4) workgroups(1) workgroup_size(4) mode(once)
    attributes {observables = 4 : i32} {
  vyre.handler @h0 opcode(16) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h1 opcode(17) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h2 opcode(18) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h3 opcode(19) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h4 opcode(20) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h5 opcode(21) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h6 opcode(22) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h7 opcode(23) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h8 opcode(24) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h9 opcode(25) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h10 opcode(26) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h11 opcode(27) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h12 opcode(28) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h13 opcode(29) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h14 opcode(30) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h15 opcode(31) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h16 opcode(32) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h17 opcode(33) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h18 opcode(34) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h19 opcode(35) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h20 opcode(36) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h21 opcode(37) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h22 opcode(38) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h23 opcode(39) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h24 opcode(40) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h25 opcode(41) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h26 opcode(42) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h27 opcode(43) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h28 opcode(44) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h29 opcode(45) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h30 opcode(46) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h31 opcode(47) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h32 opcode(48) { ^bb0(%s: !vyre.slot): vyre.yield }
}
