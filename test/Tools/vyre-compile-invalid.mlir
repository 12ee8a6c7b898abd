// Bad input: the diagnostic at its line, without the op dump, exit 1, and
// neither file written.
// RUN: rm -rf %t && mkdir -p %t
// RUN: not vyre-compile %s -o %t/k.spv 2>&1 | FileCheck %s
// RUN: not test -e %t/k.spv
// RUN: not test -e %t/k.json
// An unknown pipeline flag is refused before anything runs.
// RUN: not vyre-compile %s --vyre-to-nowhere -o %t/k.spv 2>&1 | FileCheck %s --check-prefix=FLAG

// CHECK: vyre-compile-invalid.mlir:[[@LINE+3]]:1: error: 'vyre.megakernel' op has 4 ring slots, too few for 5 priority partitions
// CHECK-NOT: see current operation
// FLAG: Unknown command line argument '--vyre-to-nowhere'
vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.builtin "nop"
}
