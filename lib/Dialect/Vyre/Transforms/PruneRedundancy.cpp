//===- PruneRedundancy.cpp - drop work the megakernel does for nothing -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Handlers no tenant may run are removed, structurally equal handlers are
// merged into one arm, work every arm shares moves into the dispatch
// prologue (HoistCommon.cpp), and static batches lose the work items whose effect
// the rest of the batch subsumes (rules shared with the runtime, in
// runtime/prune/BatchPruner.h). Arm numbers feed the tenant table, so every
// change to the handler list rewrites the table with it.
//
//===----------------------------------------------------------------------===//

#include "BatchPruner.h"
#include "HoistCommon.h"
#include "vyre/ABI/RingABI.h"
#include "vyre/Dialect/Vyre/IR/VyreOps.h"
#include "vyre/Dialect/Vyre/Transforms/Passes.h"

#include "mlir/IR/OperationSupport.h"

namespace mlir::vyre {
#define GEN_PASS_DEF_VYREPRUNEREDUNDANCY
#include "vyre/Dialect/Vyre/Transforms/Passes.h.inc"
} // namespace mlir::vyre

using namespace mlir;
using namespace mlir::vyre;
/// The runtime's plain-C++ namespace `::vyre` is not MLIR's `mlir::vyre`.
namespace batch = ::vyre::prune;

namespace {

/// The tenant table as per-arm columns: the arms are renumbered while
/// handlers are removed, and the table is written back at the end.
class TenantTable {
public:
  explicit TenantTable(MegakernelOp kernel)
      : explicitTable(kernel.getTenants().has_value()) {
    uint32_t arms = kernel.getNumArms();
    uint32_t words = vyre_tenant_mask_words(arms);
    SmallVector<uint32_t> table = kernel.getTenantTable();
    tenants = table.size() / words;
    columns.assign(arms, SmallVector<bool>(tenants, false));
    for (uint32_t t = 0; t < tenants; ++t)
      for (uint32_t h = 0; h < arms; ++h)
        columns[h][t] = (table[t * words + h / 32] >> (h % 32)) & 1u;
  }

  /// False when no `tenants` attribute was written: tenant 0 may run every
  /// arm, whatever the arms become.
  bool isExplicit() const { return explicitTable; }
  bool anyTenantMayRun(unsigned arm) const {
    return llvm::is_contained(columns[arm], true);
  }
  bool mayRun(unsigned arm, uint32_t tenant) const {
    return tenant < tenants && columns[arm][tenant];
  }
  bool sameColumn(unsigned a, unsigned b) const {
    return columns[a] == columns[b];
  }
  void eraseArm(unsigned arm) {
    columns.erase(columns.begin() + arm);
    changed = true;
  }

  /// Rewrites the attribute if arms went away (an untouched table keeps its
  /// words, bits past the last arm included).
  void writeBack(MegakernelOp kernel) const {
    if (!explicitTable || !changed)
      return;
    uint32_t arms = columns.size();
    uint32_t words = vyre_tenant_mask_words(arms);
    SmallVector<int32_t> table(tenants * words, 0);
    for (uint32_t t = 0; t < tenants; ++t)
      for (uint32_t h = 0; h < arms; ++h)
        if (columns[h][t])
          table[t * words + h / 32] |= int32_t(1u << (h % 32));
    kernel.setTenants(table);
  }

private:
  bool explicitTable;
  bool changed = false;
  uint32_t tenants = 0;
  /// columns[arm][tenant]: the tenant may run the arm.
  std::vector<SmallVector<bool>> columns;
};

struct PruneRedundancyPass
    : mlir::vyre::impl::VyrePruneRedundancyBase<PruneRedundancyPass> {
  using Base::Base;

  void runOnOperation() override {
    auto result = getOperation()->walk([&](MegakernelOp kernel) {
      if (failed(pruneKernel(kernel)))
        return WalkResult::interrupt();
      return WalkResult::advance();
    });
    if (result.wasInterrupted())
      signalPassFailure();
  }

private:
  LogicalResult pruneKernel(MegakernelOp kernel);
  /// Both return how many handlers they removed.
  unsigned dropDeniedHandlers(MegakernelOp kernel, TenantTable &table);
  unsigned mergeEqualHandlers(MegakernelOp kernel, TenantTable &table);
  void pruneBatch(MegakernelOp kernel, BatchOp batch, const TenantTable &table);
};

LogicalResult PruneRedundancyPass::pruneKernel(MegakernelOp kernel) {
  if (!kernel.getBody().front().getOps<BuiltinOp>().empty())
    return kernel.emitOpError()
           << "still requests built-ins; vyre-prune-redundancy works on "
              "dispatch arms, so run vyre-materialize-builtins first";
  TenantTable table(kernel);
  unsigned dropped = 0, merged = 0;
  if (dropDenied && table.isExplicit())
    dropped = dropDeniedHandlers(kernel, table);
  if (mergeHandlers)
    merged = mergeEqualHandlers(kernel, table);
  table.writeBack(kernel);
  unsigned hoisted = hoistCommon ? hoistCommonComputations(kernel) : 0;
  numDropped += dropped;
  numMerged += merged;
  numHoisted += hoisted;
  if (report)
    kernel.emitRemark() << "vyre-prune-redundancy: " << dropped
                        << " handlers no tenant may run removed, " << merged
                        << " merged into an equal handler, " << hoisted
                        << " computations hoisted above the opcode switch";
  if (pruneBatches)
    for (BatchOp batch :
         llvm::make_early_inc_range(kernel.getBody().front().getOps<BatchOp>()))
      pruneBatch(kernel, batch, table);
  return success();
}

unsigned PruneRedundancyPass::dropDeniedHandlers(MegakernelOp kernel,
                                                 TenantTable &table) {
  unsigned dropped = 0;
  SmallVector<int64_t> denied;
  if (std::optional<ArrayRef<int64_t>> old = kernel.getDeniedOpcodes())
    denied.assign(old->begin(), old->end());
  SmallVector<HandlerOp> handlers = kernel.getHandlers();
  for (unsigned arm = handlers.size(); arm-- > 0;) {
    if (table.anyTenantMayRun(arm))
      continue;
    HandlerOp handler = handlers[arm];
    handler.emitRemark() << "handler @" << handler.getSymName()
                         << " removed: no tenant in the tenant table of @"
                         << kernel.getSymName()
                         << " may run it (its opcodes now fault "
                            "TENANT_DENIED without a dispatch arm)";
    llvm::append_range(denied, handler.getOpcodes());
    table.eraseArm(arm);
    handler.erase();
    ++dropped;
  }
  if (!denied.empty()) {
    llvm::sort(denied);
    kernel.setDeniedOpcodes(denied);
  }
  return dropped;
}

unsigned PruneRedundancyPass::mergeEqualHandlers(MegakernelOp kernel,
                                                 TenantTable &table) {
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

void PruneRedundancyPass::pruneBatch(MegakernelOp kernel, BatchOp batch,
                                     const TenantTable &table) {
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
  numNoEffect += result.noEffect;
  numDuplicate += result.duplicate;
  numOverwritten += result.overwritten;
  if (report)
    batch.emitRemark() << "vyre-prune-redundancy: " << result.pruned()
                       << " of " << items.size() << " work items pruned ("
                       << result.noEffect << " without effect, "
                       << result.duplicate << " duplicate, "
                       << result.overwritten << " overwritten)";
}

} // namespace
