//===- VyreDialect.h - vyre dialect, types, attributes -----------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_DIALECT_VYRE_IR_VYREDIALECT_H
#define VYRE_DIALECT_VYRE_IR_VYREDIALECT_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/DialectImplementation.h"

#include "vyre/Dialect/Vyre/IR/VyreOpsDialect.h.inc"
#include "vyre/Dialect/Vyre/IR/VyreOpsEnums.h.inc"

#define GET_TYPEDEF_CLASSES
#include "vyre/Dialect/Vyre/IR/VyreOpsTypes.h.inc"

namespace mlir::vyre {
/// Unit attribute vyre-fuse-batch puts on a control-buffer write it copied
/// from a built-in that writes an ABI word at a constant index (SHUTDOWN,
/// EPOCH). In a fused batch every index is a constant, so the lowering
/// cannot tell those writes from a slot argument's by the index alone; the
/// ones without it may write only the observables, as in the interpreter.
inline constexpr llvm::StringLiteral kAbiWordAttrName = "vyre.abi_word";

/// `[a, b, ...]` lists of i32 offsets in attribute parameters.
FailureOr<SmallVector<int32_t>> parseOffsetList(AsmParser &parser);
void printOffsetList(AsmPrinter &printer, ArrayRef<int32_t> offsets);
} // namespace mlir::vyre

#define GET_ATTRDEF_CLASSES
#include "vyre/Dialect/Vyre/IR/VyreOpsAttrs.h.inc"

#endif // VYRE_DIALECT_VYRE_IR_VYREDIALECT_H
