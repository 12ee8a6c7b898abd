//===- PruneBatches.cpp - drop work items the batch subsumes -----*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Static batches lose the work items whose effect the rest of the batch
// subsumes, with the rules the runtime applies to published batches
// (common/prune/BatchPruner.h, one implementation for both).
//
//===----------------------------------------------------------------------===//

#include "ArmTable.h"
#include "BatchPruner.h"
#include "vyre/Dialect/Vyre/Transforms/Passes.h"

namespace mlir::vyre {
#define GEN_PASS_DEF_VYREPRUNEBATCHES
#include "vyre/Dialect/Vyre/Transforms/Passes.h.inc"
} // namespace mlir::vyre

using namespace mlir;
using namespace mlir::vyre;
/// The runtime's plain-C++ namespace `::vyre` is not MLIR's `mlir::vyre`.
namespace batch = ::vyre::prune;

namespace {

/// Drops the subsumed work items of `batch`, counting them into `counts`
/// (no effect, duplicate, overwritten); what the pass's report says.
void pruneBatch(MegakernelOp kernel, BatchOp batch, const TenantTable &table,
                batch::PruneResult &counts, bool report, StringRef pass) {
  // A task graph's items are named by index in `after`, and an item another
  // waits for is part of the graph's meaning: left as written.
  if (batch.hasEdges()) {
    if (report)
      batch.emitRemark() << pass << ": not pruned (its work items have "
                                    "`after` edges)";
    return;
  }
  SmallVector<HandlerOp> handlers = kernel.getHandlers();
  batch::KernelFacts facts;
  facts.observables = kernel.getNumObservables();
  facts.controlWords = kernel.getControlWords();
  facts.runsBuiltin = [&](uint32_t opcode, uint32_t tenant) {
    for (auto [arm, handler] : llvm::enumerate(handlers))
      if (llvm::is_contained(handler.getOpcodes(), int64_t(opcode)))
        return handler.getBuiltin() && table.mayRun(arm, tenant);
    return false;
  };
  SmallVector<WorkItemOp> ops =
      llvm::to_vector(batch.getBody().front().getOps<WorkItemOp>());
  std::vector<batch::BatchItem> items(ops.size());
  for (auto [op, item] : llvm::zip(ops, items)) {
    item.opcode = uint32_t(op.getOpcode());
    item.tenant = op.getTenantOrDefault();
    for (auto [k, arg] : llvm::enumerate(op.getArgs()))
      item.args[k] = uint32_t(arg);
  }
  batch::PruneResult result = batch::pruneBatch(items, facts);
  for (auto [k, op] : llvm::enumerate(ops))
    if (!result.keeps(k))
      op.erase();
  counts.noEffect += result.noEffect;
  counts.duplicate += result.duplicate;
  counts.overwritten += result.overwritten;
  if (report)
    batch.emitRemark() << pass << ": " << result.pruned()
                       << " of " << items.size() << " work items pruned ("
                       << result.noEffect << " without effect, "
                       << result.duplicate << " duplicate, "
                       << result.overwritten << " overwritten)";
}

struct PruneBatchesPass
    : mlir::vyre::impl::VyrePruneBatchesBase<PruneBatchesPass> {
  using Base::Base;

  void runOnOperation() override {
    batch::PruneResult counts;
    bool ok = forEachKernel(getOperation(), getArgument(), [&](MegakernelOp k) {
      TenantTable table(k);
      for (BatchOp b :
           llvm::make_early_inc_range(k.getBody().front().getOps<BatchOp>()))
        pruneBatch(k, b, table, counts, report, getArgument());
    });
    numNoEffect += counts.noEffect;
    numDuplicate += counts.duplicate;
    numOverwritten += counts.overwritten;
    if (!ok)
      signalPassFailure();
  }
};

} // namespace
