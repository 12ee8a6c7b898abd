// RUN: vyre-opt %s | vyre-opt | FileCheck %s
// RUN: vyre-opt %s --mlir-print-op-generic | vyre-opt | FileCheck %s

// CHECK-LABEL: vyre.megakernel @k
// CHECK: vyre.dispatch_prologue {
// CHECK-NEXT: ^bb0(%[[S:.*]]: !vyre.slot):
// CHECK-NEXT: %[[A:.*]] = vyre.arg %[[S]][0]
// CHECK-NEXT: %[[F:.*]] = arith.uitofp %[[A]] : i32 to f32
// CHECK-NEXT: %[[Z:.*]] = arith.constant 0 : i32
// CHECK-NEXT: %[[B:.*]] = arith.cmpi eq, %[[A]], %[[Z]] : i32
// CHECK-NEXT: vyre.prologue_yield %[[A]], %[[F]], %[[B]] : i32, f32, i1
// CHECK: vyre.prologue_value %{{.*}}[1] : f32
// CHECK: vyre.prologue_value %{{.*}}[2] : i1
vyre.megakernel @k slots(16) workgroups(1) workgroup_size(16) mode(once) {
  vyre.dispatch_prologue {
  ^bb0(%slot: !vyre.slot):
    %a = vyre.arg %slot[0]
    %f = arith.uitofp %a : i32 to f32
    %z = arith.constant 0 : i32
    %b = arith.cmpi eq, %a, %z : i32
    vyre.prologue_yield %a, %f, %b : i32, f32, i1
  }
  vyre.handler @h opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %f = vyre.prologue_value %slot[1] : f32
    %b = vyre.prologue_value %slot[2] : i1
    %c0 = arith.constant 0 : i32
    %bits = arith.bitcast %f : f32 to i32
    scf.if %b {
      vyre.observe %bits at [%c0]
    }
    vyre.yield
  }
}

// An empty prologue is allowed (nothing yielded).
// CHECK-LABEL: vyre.megakernel @empty
// CHECK: vyre.prologue_yield{{$}}
vyre.megakernel @empty slots(16) workgroups(1) workgroup_size(16) mode(once) {
  vyre.dispatch_prologue {
  ^bb0(%slot: !vyre.slot):
    vyre.prologue_yield
  }
  vyre.handler @h opcode(16) {
  ^bb0(%slot: !vyre.slot):
    vyre.yield
  }
}
