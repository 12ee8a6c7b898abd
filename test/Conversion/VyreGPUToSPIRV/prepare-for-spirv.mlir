// RUN: vyre-opt %s --vyre-prepare-gpu-for-spirv | FileCheck %s
// RUN: vyre-opt %s --vyre-prepare-gpu-for-spirv=spirv-version=v1.0 | FileCheck %s --check-prefix=V10

// The neutral level's ABI, as upstream's GPU-to-SPIR-V conversion reads it:
// the default Vulkan target environment; the entry point's workgroup size
// from known_block_size; bindings from vyre.binding; workgroup
// attributions as Workgroup allocations at the start, in their order; and
// storage classes for the GPU address spaces.
// CHECK-LABEL: module attributes {gpu.container_module, spirv.target_env = #spirv.target_env<#spirv.vce<v1.3, [Shader, Int8, StorageBuffer8BitAccess], [SPV_KHR_storage_buffer_storage_class, SPV_KHR_8bit_storage]>, api=Vulkan
// V10: #spirv.vce<v1.0,
// CHECK: gpu.func @k(
// CHECK-SAME: %[[RING:.*]]: memref<?xi32, #spirv.storage_class<StorageBuffer>> {spirv.interface_var_abi = #spirv.interface_var_abi<(0, 0)>}
// CHECK-SAME: %[[USER:.*]]: memref<?xi8, #spirv.storage_class<StorageBuffer>> {spirv.interface_var_abi = #spirv.interface_var_abi<(0, 6)>})
// CHECK-NOT: workgroup(
// CHECK-SAME: kernel attributes {
// CHECK-SAME: spirv.entry_point_abi = #spirv.entry_point_abi<workgroup_size = [32, 1, 1]>
// CHECK-NEXT: %[[STATE:.*]] = memref.alloc() : memref<5xi32, #spirv.storage_class<Workgroup>>
// CHECK-NEXT: %[[QUEUE:.*]] = memref.alloc() : memref<8xi32, #spirv.storage_class<Workgroup>>
// CHECK-NEXT: %[[LANE:.*]] = memref.alloca() : memref<1xi32, #spirv.storage_class<Function>>
// CHECK: %[[V:.*]] = memref.load %[[RING]]
// CHECK-NEXT: memref.store %[[V]], %[[STATE]]
// CHECK-NEXT: memref.store %[[V]], %[[QUEUE]]
// CHECK-NEXT: memref.store %[[V]], %[[LANE]]
// CHECK-NOT: vyre.binding
module attributes {gpu.container_module} {
  gpu.module @k {
    gpu.func @k(%ring: memref<?xi32, #gpu.address_space<global>> {vyre.binding = 0 : i32},
                %user: memref<?xi8, #gpu.address_space<global>> {vyre.binding = 6 : i32})
        workgroup(%state : memref<5xi32, #gpu.address_space<workgroup>>,
                  %queue : memref<8xi32, #gpu.address_space<workgroup>>)
        kernel attributes {known_block_size = array<i32: 32, 1, 1>} {
      %lane = memref.alloca() : memref<1xi32, #gpu.address_space<private>>
      %c0 = arith.constant 0 : index
      %v = memref.load %ring[%c0] : memref<?xi32, #gpu.address_space<global>>
      memref.store %v, %state[%c0] : memref<5xi32, #gpu.address_space<workgroup>>
      memref.store %v, %queue[%c0] : memref<8xi32, #gpu.address_space<workgroup>>
      memref.store %v, %lane[%c0] : memref<1xi32, #gpu.address_space<private>>
      gpu.return
    }
  }
}
