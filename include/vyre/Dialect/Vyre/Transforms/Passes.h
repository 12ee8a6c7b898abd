//===- Passes.h - vyre dialect transforms ------------------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_DIALECT_VYRE_TRANSFORMS_PASSES_H
#define VYRE_DIALECT_VYRE_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::vyre {

#define GEN_PASS_DECL
#include "vyre/Dialect/Vyre/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "vyre/Dialect/Vyre/Transforms/Passes.h.inc"

} // namespace mlir::vyre

#endif // VYRE_DIALECT_VYRE_TRANSFORMS_PASSES_H
