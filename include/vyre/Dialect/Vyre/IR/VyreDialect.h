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
/// `[a, b, ...]` lists of i32 offsets in attribute parameters.
FailureOr<SmallVector<int32_t>> parseOffsetList(AsmParser &parser);
void printOffsetList(AsmPrinter &printer, ArrayRef<int32_t> offsets);
} // namespace mlir::vyre

#define GET_ATTRDEF_CLASSES
#include "vyre/Dialect/Vyre/IR/VyreOpsAttrs.h.inc"

#endif // VYRE_DIALECT_VYRE_IR_VYREDIALECT_H
