// RUN: vyre-opt %s --vyre-convert-gpu-to-spirv | FileCheck %s

// Upstream's SCF-to-SPIR-V stores a scf.for's results into a Function
// variable only inside the loop body, so after a zero-trip loop the variable
// is uninitialized. The pass selects the init value when the loop cannot run.

// CHECK-LABEL: spirv.func @k
// CHECK: %[[N:.*]] = spirv.Load "StorageBuffer" %{{.*}} ["Volatile"] : i32
// CHECK: %[[VAR:.*]] = spirv.Variable : !spirv.ptr<i32, Function>
// CHECK: spirv.mlir.loop
// CHECK: %[[LOOPED:.*]] = spirv.Load "Function" %[[VAR]] : i32
// CHECK: %[[RUNS:.*]] = spirv.SGreaterThan %[[N]], %{{.*}} : i32
// CHECK: %[[SAFE:.*]] = spirv.Select %[[RUNS]], %[[LOOPED]], %{{.*}} : i1, i32
// CHECK: spirv.Store "StorageBuffer" %{{.*}}, %[[SAFE]] ["Volatile"] : i32
module attributes {gpu.container_module, spirv.target_env = #spirv.target_env<#spirv.vce<v1.3, [Shader], [SPV_KHR_storage_buffer_storage_class]>, api=Vulkan, #spirv.resource_limits<>>} {
  gpu.module @k {
    gpu.func @k(%buf: memref<?xi32, #spirv.storage_class<StorageBuffer>> {spirv.interface_var_abi = #spirv.interface_var_abi<(0, 0)>})
        kernel attributes {spirv.entry_point_abi = #spirv.entry_point_abi<workgroup_size = [1, 1, 1]>} {
      %c0 = arith.constant 0 : index
      %c1 = arith.constant 1 : index
      %n = vyre.device.load_volatile %buf[%c0] : memref<?xi32, #spirv.storage_class<StorageBuffer>>
      %ub = arith.index_castui %n : i32 to index
      %r = scf.for %i = %c0 to %ub step %c1 iter_args(%a = %c0) -> (index) {
        %b = arith.addi %a, %c1 : index
        scf.yield %b : index
      }
      %ri = arith.index_castui %r : index to i32
      vyre.device.store_volatile %ri, %buf[%c1] : memref<?xi32, #spirv.storage_class<StorageBuffer>>
      gpu.return
    }
  }
}
