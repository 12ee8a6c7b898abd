//===- VyreOps.td - vyre operations ------------------------*- tablegen -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_DIALECT_VYRE_IR_VYREOPS_TD
#define VYRE_DIALECT_VYRE_IR_VYREOPS_TD

include "vyre/Dialect/Vyre/IR/VyreBase.td"
include "vyre/Dialect/Vyre/IR/VyreTypes.td"
include "vyre/Dialect/Vyre/IR/VyreAttrs.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
// The ops by level, in this order (the generated files keep it):
include "vyre/Dialect/Vyre/IR/VyreKernelOps.td"
include "vyre/Dialect/Vyre/IR/VyreHandlerOps.td"
include "vyre/Dialect/Vyre/IR/VyreBatchOps.td"
include "vyre/Dialect/Vyre/IR/VyreFusionOps.td"
include "vyre/Dialect/Vyre/IR/VyreDeviceOps.td"

#endif // VYRE_DIALECT_VYRE_IR_VYREOPS_TD
