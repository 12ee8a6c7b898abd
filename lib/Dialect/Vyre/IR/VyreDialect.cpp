//===- VyreDialect.cpp - vyre dialect registration ---------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "vyre/Dialect/Vyre/IR/VyreDialect.h"
#include "vyre/Dialect/Vyre/IR/VyreOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::vyre;

#include "vyre/Dialect/Vyre/IR/VyreOpsDialect.cpp.inc"
#include "vyre/Dialect/Vyre/IR/VyreOpsEnums.cpp.inc"

#define GET_TYPEDEF_CLASSES
#include "vyre/Dialect/Vyre/IR/VyreOpsTypes.cpp.inc"

void VyreDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "vyre/Dialect/Vyre/IR/VyreOps.cpp.inc"
      >();
  addTypes<
#define GET_TYPEDEF_LIST
#include "vyre/Dialect/Vyre/IR/VyreOpsTypes.cpp.inc"
      >();
  registerAttributes();
}
