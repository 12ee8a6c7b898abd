//===- HoistCommon.h - hoist work every dispatch arm shares ------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_LIB_DIALECT_VYRE_TRANSFORMS_HOISTCOMMON_H
#define VYRE_LIB_DIALECT_VYRE_TRANSFORMS_HOISTCOMMON_H

#include "vyre/Dialect/Vyre/IR/VyreOps.h"

namespace mlir::vyre {

/// Moves the computations every handler of `kernel` performs (vyre.arg and
/// pure, speculatable ops at the top of each handler body, equal across
/// handlers up to value numbering) into the kernel's vyre.dispatch_prologue,
/// creating it if needed; the handlers read the results with
/// vyre.prologue_value. Needs at least two handlers. Returns how many
/// computations (constants not counted) were hoisted.
unsigned hoistCommonComputations(MegakernelOp kernel);

} // namespace mlir::vyre

#endif // VYRE_LIB_DIALECT_VYRE_TRANSFORMS_HOISTCOMMON_H
