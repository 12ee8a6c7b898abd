//===- MergeEqualHandlers.cpp - one arm for equal handlers -------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Handlers with structurally equal bodies, equal builtin flags and equal
// tenant columns become one arm serving all their opcodes: one test fewer
// in every slot's dispatch chain per merge.
//
//===----------------------------------------------------------------------===//

#include "ArmTable.h"
#include "vyre/Dialect/Vyre/Transforms/Passes.h"

#include "mlir/IR/OperationSupport.h"

namespace mlir::vyre {
#define GEN_PASS_DEF_VYREMERGEEQUALHANDLERS
#include "vyre/Dialect/Vyre/Transforms/Passes.h.inc"
} // namespace mlir::vyre

using namespace mlir;
using namespace mlir::vyre;

namespace {

/// Merges the equal arms of `kernel` into the first of each kind; how many.
unsigned mergeEqualHandlers(MegakernelOp kernel, TenantTable &table) {
  unsigned merged = 0;
  SmallVector<HandlerOp> handlers = kernel.getHandlers();
  // Quadratic in arms (at most 256); each merge removes arm j, so later
  // arms move down one index in the table as well as in `handlers`.
  for (unsigned i = 0; i < handlers.size(); ++i) {
    for (unsigned j = i + 1; j < handlers.size();) {
      HandlerOp keep = handlers[i], twin = handlers[j];
      bool equal =
          keep.getBuiltin() == twin.getBuiltin() && table.sameColumn(i, j) &&
          OperationEquivalence::isRegionEquivalentTo(
              &keep.getBody(), &twin.getBody(),
              OperationEquivalence::IgnoreLocations);
      if (!equal) {
        ++j;
        continue;
      }
      SmallVector<int64_t> opcodes(keep.getOpcodes());
      llvm::append_range(opcodes, twin.getOpcodes());
      keep.setOpcodes(opcodes);
      table.eraseArm(j);
      twin.erase();
      handlers.erase(handlers.begin() + j);
      ++merged;
    }
  }
  return merged;
}

struct MergeEqualHandlersPass
    : mlir::vyre::impl::VyreMergeEqualHandlersBase<MergeEqualHandlersPass> {
  using Base::Base;

  void runOnOperation() override {
    bool ok = forEachKernel(getOperation(), getArgument(), [&](MegakernelOp k) {
      TenantTable table(k);
      unsigned merged = mergeEqualHandlers(k, table);
      table.writeBack(k);
      numMerged += merged;
      if (report)
        k.emitRemark() << getArgument() << ": " << merged
                       << " handlers merged into an equal one";
    });
    if (!ok)
      signalPassFailure();
  }
};

} // namespace
