// RUN: vyre-opt %s --no-implicit-module --pass-pipeline='spirv.module(vyre-spirv-mark-coherent)' | FileCheck %s
// RUN: vyre-opt %s --no-implicit-module --pass-pipeline='spirv.module(vyre-spirv-mark-coherent)' | mlir-translate --no-implicit-module --serialize-spirv | spirv-dis | FileCheck %s --check-prefix=BINARY

// Every StorageBuffer variable is decorated Coherent, so polling loads are
// served coherently at device scope; Workgroup and Private variables are not
// shared with other agents and are left alone.

// CHECK: spirv.GlobalVariable @ring bind(0, 0) {coherent}
// CHECK: spirv.GlobalVariable @control bind(0, 1) {coherent}
// CHECK: spirv.GlobalVariable @shared : !spirv.ptr<!spirv.array<3 x i32>, Workgroup>
// CHECK: spirv.GlobalVariable @scratch : !spirv.ptr<i32, Private>

// BINARY-DAG: OpDecorate %ring Coherent
// BINARY-DAG: OpDecorate %control Coherent
// BINARY-NOT: OpDecorate %shared Coherent
// BINARY-NOT: OpDecorate %scratch Coherent
spirv.module Logical GLSL450 requires #spirv.vce<v1.0, [Shader], [SPV_KHR_storage_buffer_storage_class]> {
  spirv.GlobalVariable @ring bind(0, 0) : !spirv.ptr<!spirv.struct<(!spirv.rtarray<i32, stride=4> [0])>, StorageBuffer>
  spirv.GlobalVariable @control bind(0, 1) : !spirv.ptr<!spirv.struct<(!spirv.rtarray<i32, stride=4> [0])>, StorageBuffer>
  spirv.GlobalVariable @shared : !spirv.ptr<!spirv.array<3 x i32>, Workgroup>
  spirv.GlobalVariable @scratch : !spirv.ptr<i32, Private>
  spirv.func @main() "None" {
    spirv.Return
  }
  spirv.EntryPoint "GLCompute" @main
  spirv.ExecutionMode @main "LocalSize", 1, 1, 1
}
