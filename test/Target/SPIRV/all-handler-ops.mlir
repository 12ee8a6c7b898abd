// Every handler-body op, in both modes, lowers to valid SPIR-V.
// RUN: vyre-opt %s --vyre-to-spirv-interpreter | vyre-translate --vyre-to-spirv -o %t.p.spv
// RUN: spirv-val --target-env vulkan1.1 %t.p.spv
// RUN: sed 's/mode(persistent)/mode(once)/' %s | vyre-opt --vyre-to-spirv-interpreter \
// RUN:   | vyre-translate --vyre-to-spirv -o %t.o.spv
// RUN: spirv-val --target-env vulkan1.1 %t.o.spv
// RUN: spirv-dis %t.p.spv | FileCheck %s

// The claim and the completion, as the driver sees them.
// CHECK: OpEntryPoint GLCompute %{{.*}} "everything"
// CHECK: OpExecutionMode %{{.*}} LocalSize 32 1 1
// CHECK-DAG: OpDecorate %{{.*}} Binding 0
// CHECK-DAG: OpDecorate %{{.*}} Binding 4
// CHECK: OpLoad %uint %{{.*}} Volatile
// CHECK: OpAtomicCompareExchange %uint
// The completion: a Device-scope (1) release fence over uniform memory
// (Release 4 | UniformMemory 64 = 68), then the mirror word, Volatile.
// CHECK: OpMemoryBarrier %uint_1 %uint_68
// CHECK-NEXT: OpAccessChain %{{.*}} %everything_arg_3
// CHECK-NEXT: OpStore %{{.*}} %{{.*}} Volatile

vyre.megakernel @everything slots(128) workgroups(4) workgroup_size(32) mode(persistent)
    attributes {observables = 16 : i32, debug_records = 64 : i32,
                tenants = array<i32: 3, 1>} {
  vyre.buffer @ints binding(0) read_write : memref<?xi32>
  vyre.buffer @floats binding(1) read_write : memref<32xf32>
  vyre.builtin "packed_slot"
  vyre.handler @all opcode(16, 17) {
  ^bb0(%slot: !vyre.slot):
    %i = vyre.arg %slot[0]
    %j = vyre.arg %slot[1]
    %v = vyre.load @ints[%i] : i32
    vyre.store %v, @ints[%j] : i32
    %f = vyre.load @floats[%i] : f32
    vyre.store %f, @floats[%j] : f32
    %a = vyre.atomic_rmw add %v, @ints[%i] : i32
    %b = vyre.atomic_rmw xor %a, control[%j] : i32
    %c = vyre.atomic_cas @ints[%i], %a, %b : i32
    %d = vyre.load control[%c] : i32
    vyre.store %d, control[%i] : i32
    vyre.observe %d at [%j]
    %big = arith.constant 1000 : i32
    %bad = arith.cmpi ugt, %d, %big : i32
    scf.if %bad {
      vyre.fault code(301)
    }
    %n = arith.constant 4 : i32
    %c0 = arith.constant 0 : i32
    %sum = scf.for %k = %c0 to %n step %n iter_args(%acc = %c0) -> (i32) : i32 {
      %x = vyre.load @ints[%k] : i32
      %y = arith.addi %acc, %x : i32
      scf.yield %y : i32
    }
    vyre.printf %sum(%a, %b, %c)
    vyre.yield
  }
}
