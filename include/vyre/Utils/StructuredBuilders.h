//===- StructuredBuilders.h - scf builders used by vyre passes ---*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_UTILS_STRUCTUREDBUILDERS_H
#define VYRE_UTILS_STRUCTUREDBUILDERS_H

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"

namespace mlir::vyre {

/// Emits `scf.if cond { thenFn() } else { elseFn() }` (no else region when
/// `elseFn` is null) at `b`'s insertion point; the callbacks build at the
/// start of their region, before its scf.yield. `b` is left after the if.
inline void buildIfThenElse(OpBuilder &b, Location loc, Value cond,
                            function_ref<void()> thenFn,
                            function_ref<void()> elseFn = nullptr) {
  auto ifOp = scf::IfOp::create(b, loc, cond, /*withElseRegion=*/!!elseFn);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(ifOp.thenBlock());
  thenFn();
  if (elseFn) {
    b.setInsertionPointToStart(ifOp.elseBlock());
    elseFn();
  }
}

} // namespace mlir::vyre

#endif // VYRE_UTILS_STRUCTUREDBUILDERS_H
