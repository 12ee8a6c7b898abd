// RUN: vyre-opt %s --convert-vyre-to-gpu | FileCheck %s
// The whole pipeline (which hoists too) gives valid SPIR-V.
// RUN: vyre-opt %s --vyre-to-spirv-interpreter | vyre-translate --vyre-to-spirv -o %t.spv
// RUN: spirv-val --target-env vulkan1.1 %t.spv

// The prologue runs once per claimed slot, after the tenant range check and
// before the first arm's opcode compare; the arms use its product directly.
// CHECK-LABEL: gpu.func @scaled
// CHECK: vyre.device.fence acquire
// CHECK-NEXT: arith.constant 2 : i32
// CHECK-NEXT: vyre.device.store_volatile %{{.*}}, %arg0
// The next slot's status (loaded while this one is served), then its words.
// CHECK: vyre.device.load_volatile %arg0
// CHECK: %[[OPCODE:.*]] = vyre.device.load_volatile %arg0[%{{.*}}]
// CHECK: %[[TENANT:.*]] = vyre.device.load_volatile %arg0[%{{.*}}]
// CHECK: scf.if
// CHECK-NEXT: arith.constant 4 : index
// CHECK-NEXT: arith.addi
// CHECK-NEXT: %[[A0:.*]] = vyre.device.load_volatile %arg0[%{{.*}}]
// CHECK-NEXT: %[[C4:.*]] = arith.constant 4 : i32
// CHECK-NEXT: %[[I:.*]] = arith.muli %[[A0]], %[[C4]] : i32
// CHECK: arith.cmpi eq, %[[OPCODE]], %{{.*}} : i32
// CHECK: %[[IDX:.*]] = arith.index_castui %[[I]] : i32 to index
// CHECK: vyre.device.atomic_rmw add relaxed %{{.*}}, %arg4[%[[IDX]]]
// CHECK: arith.cmpi eq, %[[OPCODE]], %{{.*}} : i32
// CHECK: arith.addi %[[I]], %{{.*}} : i32
vyre.megakernel @scaled slots(64) workgroups(1) workgroup_size(32) mode(persistent) {
  vyre.buffer @data binding(0) read_write : memref<1024xi32>
  vyre.dispatch_prologue {
  ^bb0(%slot: !vyre.slot):
    %a0 = vyre.arg %slot[0]
    %c4 = arith.constant 4 : i32
    %i = arith.muli %a0, %c4 : i32
    vyre.prologue_yield %i : i32
  }
  vyre.handler @add opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %i = vyre.prologue_value %slot[0] : i32
    %a1 = vyre.arg %slot[1]
    %old = vyre.atomic_rmw add %a1, @data[%i] : i32
    vyre.yield
  }
  vyre.handler @put opcode(17) {
  ^bb0(%slot: !vyre.slot):
    %i = vyre.prologue_value %slot[0] : i32
    %a2 = vyre.arg %slot[2]
    %j = arith.addi %i, %a2 : i32
    vyre.store %a2, @data[%j] : i32
    vyre.yield
  }
}
