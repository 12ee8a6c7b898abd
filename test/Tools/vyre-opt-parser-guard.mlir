// MLIR 22's parser crashes on a dense array of index elements (a null
// dereference in parseDenseArrayAttr; mlir-opt crashes the same way).
// vyre-opt refuses the text before parsing it, from a file or stdin
// (docs/reliability.md).
// RUN: not vyre-opt %s 2>&1 | FileCheck %s
// RUN: not vyre-opt < %s 2>&1 | FileCheck %s
// CHECK: :[[@LINE+1]]:{{[0-9]+}}: error: a dense array of index elements (array<index: ...>) is not an MLIR attribute, and MLIR 22's parser crashes on it; use array<i64: ...> or array<i32: ...>
vyre.megakernel @k slots(4) workgroups(1) workgroup_size(1) mode(once) attributes {x = array<index: 3>} {}
