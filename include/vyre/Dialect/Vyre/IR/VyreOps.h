//===- VyreOps.h - vyre operations -------------------------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_DIALECT_VYRE_IR_VYREOPS_H
#define VYRE_DIALECT_VYRE_IR_VYREOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/RegionKindInterface.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "vyre/Dialect/Vyre/IR/VyreDialect.h"

namespace mlir::vyre {
class HandlerOp;
} // namespace mlir::vyre

#define GET_OP_CLASSES
#include "vyre/Dialect/Vyre/IR/VyreOps.h.inc"

#endif // VYRE_DIALECT_VYRE_IR_VYREOPS_H
