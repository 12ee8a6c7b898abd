// RUN: not vyre-translate --vyre-to-spirv %s 2>&1 | FileCheck %s --check-prefix=UNLOWERED
// RUN: vyre-opt %s --vyre-to-spirv-interpreter -o %t.mlir
// RUN: not vyre-translate --vyre-to-manifest %t.mlir 2>&1 | FileCheck %s --check-prefix=TWO
// RUN: not vyre-translate --vyre-to-spirv --vyre-kernel=nope %t.mlir 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: vyre-translate --vyre-to-manifest --vyre-kernel=second %t.mlir | FileCheck %s --check-prefix=PICKED
// RUN: vyre-translate --vyre-to-spirv --vyre-kernel=first %t.mlir -o %t.first.spv
// RUN: spirv-val --target-env vulkan1.1 %t.first.spv
// The binary is found by the attribute vyre-convert-gpu-to-spirv sets on
// each spirv.module, not by upstream's module name; without it, an error.
// RUN: FileCheck %s --check-prefix=MARKED < %t.mlir
// RUN: sed 's/vyre.kernel = "first"/vyre.other = "first"/' %t.mlir > %t.unmarked.mlir
// RUN: not vyre-translate --vyre-to-spirv --vyre-kernel=first %t.unmarked.mlir 2>&1 | FileCheck %s --check-prefix=UNMARKED

// UNLOWERED: error: no lowered vyre kernel in this module; run vyre-opt --vyre-to-spirv-interpreter on it first
// TWO: error: the module has 2 kernels; pick one with --vyre-kernel=first|second
// MISSING: error: no kernel named 'nope' in this module
// PICKED: "kernel": "second",
// MARKED-DAG: spirv.module @{{[_a-z]*}}first {{.*}}attributes {vyre.kernel = "first"}
// MARKED-DAG: spirv.module @{{[_a-z]*}}second {{.*}}attributes {vyre.kernel = "second"}
// UNMARKED: error: kernel 'first' has no spirv.module marked vyre.kernel = "first"; the module is only partly lowered

vyre.megakernel @first slots(8) workgroups(1) workgroup_size(8) mode(once) {
  vyre.builtin "nop"
}
vyre.megakernel @second slots(8) workgroups(1) workgroup_size(8) mode(persistent) {
  vyre.builtin "shutdown"
}
