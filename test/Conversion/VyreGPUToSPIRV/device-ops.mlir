// RUN: vyre-opt %s --vyre-convert-gpu-to-spirv | FileCheck %s

// Each vyre.device op becomes the SPIR-V access its ordering needs:
// Volatile loads/stores, Device-scope atomics with UniformMemory semantics.

module attributes {gpu.container_module, spirv.target_env = #spirv.target_env<#spirv.vce<v1.3, [Shader, Int8, StorageBuffer8BitAccess], [SPV_KHR_storage_buffer_storage_class, SPV_KHR_8bit_storage]>, api=Vulkan, #spirv.resource_limits<>>} {
  // CHECK-NOT: gpu.module
  // CHECK: spirv.module @__spv__k Logical GLSL450
  gpu.module @k {
    // CHECK: spirv.func @k
    gpu.func @k(%buf: memref<?xi32, #spirv.storage_class<StorageBuffer>> {spirv.interface_var_abi = #spirv.interface_var_abi<(0, 0)>})
        kernel attributes {spirv.entry_point_abi = #spirv.entry_point_abi<workgroup_size = [1, 1, 1]>} {
      %i = arith.constant 3 : index
      %v = arith.constant 7 : i32
      // CHECK: %[[P0:.*]] = spirv.AccessChain
      // CHECK-NEXT: %[[L:.*]] = spirv.Load "StorageBuffer" %[[P0]] ["Volatile"] : i32
      %l = vyre.device.load_volatile %buf[%i] : memref<?xi32, #spirv.storage_class<StorageBuffer>>
      // CHECK: spirv.Store "StorageBuffer" %{{.*}}, %{{.*}} ["Volatile"] : i32
      vyre.device.store_volatile %l, %buf[%i] : memref<?xi32, #spirv.storage_class<StorageBuffer>>
      // CHECK: spirv.AtomicIAdd <Device> <None> %{{.*}}, %{{.*}} : !spirv.ptr<i32, StorageBuffer>
      %a = vyre.device.atomic_rmw add relaxed %v, %buf[%i] : memref<?xi32, #spirv.storage_class<StorageBuffer>>
      // CHECK: spirv.AtomicISub <Device> <Acquire|UniformMemory>
      %b = vyre.device.atomic_rmw sub acquire %v, %buf[%i] : memref<?xi32, #spirv.storage_class<StorageBuffer>>
      // CHECK: spirv.AtomicAnd <Device> <Release|UniformMemory>
      %c = vyre.device.atomic_rmw and release %v, %buf[%i] : memref<?xi32, #spirv.storage_class<StorageBuffer>>
      // CHECK: spirv.AtomicOr <Device> <AcquireRelease|UniformMemory>
      %d = vyre.device.atomic_rmw or acq_rel %v, %buf[%i] : memref<?xi32, #spirv.storage_class<StorageBuffer>>
      // CHECK: spirv.AtomicXor <Device> <None>
      %e = vyre.device.atomic_rmw xor relaxed %v, %buf[%i] : memref<?xi32, #spirv.storage_class<StorageBuffer>>
      // CHECK: spirv.AtomicSMax <Device> <None>
      %f = vyre.device.atomic_rmw smax relaxed %v, %buf[%i] : memref<?xi32, #spirv.storage_class<StorageBuffer>>
      // CHECK: spirv.AtomicSMin <Device> <None>
      %g = vyre.device.atomic_rmw smin relaxed %v, %buf[%i] : memref<?xi32, #spirv.storage_class<StorageBuffer>>
      // CHECK: spirv.AtomicUMax <Device> <None>
      %h = vyre.device.atomic_rmw umax relaxed %v, %buf[%i] : memref<?xi32, #spirv.storage_class<StorageBuffer>>
      // CHECK: spirv.AtomicUMin <Device> <None>
      %j = vyre.device.atomic_rmw umin relaxed %v, %buf[%i] : memref<?xi32, #spirv.storage_class<StorageBuffer>>
      // CHECK: spirv.AtomicExchange <Device> <Release|UniformMemory>
      %k = vyre.device.atomic_rmw exchange release %v, %buf[%i] : memref<?xi32, #spirv.storage_class<StorageBuffer>>
      // A failed compare is at most an acquire.
      // CHECK: spirv.AtomicCompareExchange <Device> <AcquireRelease|UniformMemory> <Acquire|UniformMemory>
      %m = vyre.device.atomic_cas acq_rel %buf[%i], %v, %l : memref<?xi32, #spirv.storage_class<StorageBuffer>>
      // CHECK: spirv.AtomicCompareExchange <Device> <Release|UniformMemory> <None>
      %n = vyre.device.atomic_cas release %buf[%i], %v, %l : memref<?xi32, #spirv.storage_class<StorageBuffer>>
      // CHECK: spirv.MemoryBarrier <Device>, <AcquireRelease|UniformMemory>
      vyre.device.fence acq_rel
      gpu.return
    }
  }
  // The completion plane: one byte per slot, a real byte store (ABI v8),
  // not a read-modify-write of the word around it.
  // CHECK: spirv.module @__spv__bytes Logical GLSL450
  gpu.module @bytes {
    // CHECK: spirv.func @bytes(%{{.*}}: !spirv.ptr<!spirv.struct<(!spirv.rtarray<i8, stride=1> [0])>, StorageBuffer>
    gpu.func @bytes(%plane: memref<?xi8, #spirv.storage_class<StorageBuffer>> {spirv.interface_var_abi = #spirv.interface_var_abi<(0, 3)>})
        kernel attributes {spirv.entry_point_abi = #spirv.entry_point_abi<workgroup_size = [64, 1, 1]>} {
      %i = arith.constant 5 : index
      %done = arith.constant 3 : i8
      // CHECK: %[[C:.*]] = spirv.Constant 3 : i8
      // CHECK: spirv.Store "StorageBuffer" %{{.*}}, %[[C]] ["Volatile"] : i8
      // CHECK-NOT: spirv.Atomic
      vyre.device.store_volatile %done, %plane[%i] : memref<?xi8, #spirv.storage_class<StorageBuffer>>
      gpu.return
    }
  }
}
