// A kernel with vyre.io_read lowers to valid SPIR-V, its IO queue in the
// completions binding, and the runtime's manifest says so.
// RUN: vyre-opt %S/../../Conversion/VyreToGPU/io-requests.mlir --vyre-to-spirv-interpreter -o %t.mlir
// RUN: vyre-translate %t.mlir --vyre-to-spirv -o %t.spv
// RUN: spirv-val --target-env vulkan1.1 %t.spv
// RUN: vyre-translate %t.mlir --vyre-to-manifest | FileCheck %s
// CHECK: "abi_version": 11,
// CHECK: "elements": 192,
// CHECK-NEXT: "kind": "completions",
// The destination of an io_read lives in device memory: the host writes it
// while the kernel runs.
// CHECK: "kind": "user",
// CHECK-NEXT: "memory": "device",
// CHECK-NEXT: "name": "stage"
// CHECK: "io_entries": 4,
