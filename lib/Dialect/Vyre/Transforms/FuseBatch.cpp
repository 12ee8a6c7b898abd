//===- FuseBatch.cpp - vyre-fuse-batch: a batch as straight-line code -*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Static batch fusion. For each work item the pass decides at compile time
// what the interpreter decides per slot (which arm, whether the tenant may
// run it), copies the prologue and handler body with the slot's arguments
// as constants, folds the copy, and appends it to one straight-line block.
// Each item is built in a scratch op first, so an item whose loops have no
// constant trip count (or would exceed the batch's loop budget) can be
// dropped for a vyre.item_requeue without disturbing the items before it.
//
//===----------------------------------------------------------------------===//

#include "vyre/ABI/RingABI.h"
#include "vyre/Dialect/Vyre/IR/VyreOps.h"
#include "vyre/Dialect/Vyre/Transforms/Passes.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "mlir/Rewrite/FrozenRewritePatternSet.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/TypeSwitch.h"

namespace mlir::vyre {
#define GEN_PASS_DEF_VYREFUSEBATCH
#include "vyre/Dialect/Vyre/Transforms/Passes.h.inc"
} // namespace mlir::vyre

using namespace mlir;
using namespace mlir::vyre;

namespace {

/// Iterations of `loop` alone, if its bounds are constants.
std::optional<uint64_t> tripCount(scf::ForOp loop) {
  APInt lb, ub, step;
  if (!matchPattern(loop.getLowerBound(), m_ConstantInt(&lb)) ||
      !matchPattern(loop.getUpperBound(), m_ConstantInt(&ub)) ||
      !matchPattern(loop.getStep(), m_ConstantInt(&step)))
    return std::nullopt;
  bool isUnsigned = loop.getUnsignedCmp();
  if (step.isZero() || (!isUnsigned && step.isNegative()))
    return std::nullopt;
  bool empty = isUnsigned ? ub.ule(lb) : ub.sle(lb);
  if (empty)
    return 0;
  APInt span = ub - lb; // positive, fits the bit width
  return (span.getZExtValue() + step.getZExtValue() - 1) / step.getZExtValue();
}

/// Loop iterations `code` runs (nested loops multiply), or none if a loop's
/// trip count is not a constant or a loop is not an scf.for.
std::optional<uint64_t> loopIterations(Operation *code) {
  uint64_t total = 0;
  bool bounded = true;
  code->walk([&](Operation *op) {
    if (!bounded || op == code || !isa<LoopLikeOpInterface>(op))
      return;
    auto loop = dyn_cast<scf::ForOp>(op);
    std::optional<uint64_t> trips = loop ? tripCount(loop) : std::nullopt;
    if (!trips) {
      bounded = false;
      return;
    }
    uint64_t runs = *trips;
    for (auto outer = loop->getParentOfType<scf::ForOp>();
         outer && code->isAncestor(outer);
         outer = outer->getParentOfType<scf::ForOp>())
      runs *= tripCount(outer).value_or(0);
    total += runs;
  });
  return bounded ? std::optional<uint64_t>(total) : std::nullopt;
}

struct FuseBatchPass : mlir::vyre::impl::VyreFuseBatchBase<FuseBatchPass> {
  using Base::Base;

  LogicalResult initialize(MLIRContext *context) override {
    // The canonicalizer's patterns, to fold each item as it is built.
    RewritePatternSet set(context);
    for (Dialect *dialect : context->getLoadedDialects())
      dialect->getCanonicalizationPatterns(set);
    for (RegisteredOperationName op : context->getRegisteredOperations())
      op.getCanonicalizationPatterns(set, context);
    patterns = FrozenRewritePatternSet(std::move(set));
    return success();
  }

  void runOnOperation() override {
    for (MegakernelOp kernel : getOperation().getOps<MegakernelOp>())
      if (failed(fuseBatch(kernel)))
        return signalPassFailure();
  }

  FailureOr<BatchOp> pickBatch(MegakernelOp kernel) {
    SmallVector<BatchOp> batches(kernel.getBody().front().getOps<BatchOp>());
    std::string names;
    for (BatchOp b : batches)
      names += (names.empty() ? "@" : ", @") + b.getSymName().str();
    if (!batch.empty()) {
      for (BatchOp b : batches)
        if (b.getSymName() == batch)
          return b;
      return kernel.emitOpError()
             << "has no vyre.batch @" << batch << " (vyre-fuse-batch's `batch`)"
             << (batches.empty() ? std::string("; it has no batch")
                                 : "; its batches: " + names);
    }
    if (batches.size() == 1)
      return batches.front();
    if (batches.empty())
      return kernel.emitOpError()
             << "has no vyre.batch for vyre-fuse-batch to compile; list the "
                "work items in one";
    return kernel.emitOpError()
           << "has several batches (" << names
           << "); choose one with vyre-fuse-batch's `batch` option";
  }

  LogicalResult fuseBatch(MegakernelOp kernel) {
    for (BuiltinOp builtin : kernel.getBody().front().getOps<BuiltinOp>())
      return builtin.emitOpError()
             << "is not materialized; run vyre-materialize-builtins before "
                "vyre-fuse-batch (the vyre-to-spirv-batch pipeline does)";
    if (kernel.getFusedArms() || kernel.getFusedBatch())
      return kernel.emitOpError()
             << "is already fused; vyre-fuse-batch compiles a batch of the "
                "generic kernel";
    if (kernel.getNumDependencyCounters())
      return kernel.emitOpError()
             << "has dependency_counters; vyre-fuse-batch does not fuse task "
                "graphs yet (its straight line would run the items in order "
                "but not fail an item whose predecessor faulted); run the "
                "batch through the interpreter (vyre-run --batch)";
    FailureOr<BatchOp> chosen = pickBatch(kernel);
    if (failed(chosen))
      return failure();
    SmallVector<WorkItemOp> items(
        chosen->getBody().front().getOps<WorkItemOp>());
    if (items.empty())
      return chosen->emitOpError()
             << "has no work items; there is nothing to fuse";
    if (items.size() > kernel.getSlots())
      return chosen->emitOpError()
             << "has " << items.size() << " work items but the ring of @"
             << kernel.getSymName() << " has " << kernel.getSlots()
             << " slots; the fused batch runs on the ring, so split the "
                "batch or raise `slots`";

    OpBuilder b(kernel.getContext());
    b.setInsertionPointToEnd(&kernel.getBody().front());
    auto fused = FusedBatchOp::create(b, chosen->getLoc(),
                                      chosen->getSymName(),
                                      uint32_t(items.size()));
    Block &body = fused.getBody().emplaceBlock();

    SmallVector<HandlerOp> arms = kernel.getHandlers();
    SmallVector<uint32_t> table = kernel.getTenantTable();
    uint32_t words = vyre_tenant_mask_words(arms.size());
    llvm::SetVector<std::pair<uint32_t, uint32_t>> assumed;
    SmallVector<int32_t> assumes;
    uint64_t loopBudget = maxLoopTrips;

    for (auto [i, item] : llvm::enumerate(items)) {
      Location loc = item.getLoc();
      b.setInsertionPointToEnd(&body);
      HandlerOp handler = kernel.lookupHandler(item.getOpcode());
      if (!handler) {
        FaultOp::create(b, loc, kernel.isDeniedOpcode(item.getOpcode())
                                    ? VYRE_FAULT_TENANT_DENIED
                                    : VYRE_FAULT_UNKNOWN_OPCODE);
        ItemEndOp::create(b, loc, uint32_t(i), IntegerAttr());
        continue;
      }
      uint32_t arm = llvm::find(arms, handler) - arms.begin();
      uint32_t tenant = item.getTenantOrDefault();
      uint64_t word = uint64_t(tenant) * words + arm / 32;
      bool allowed =
          word < table.size() && ((table[word] >> (arm % 32)) & 1u);
      if (assumed.insert({tenant, arm})) {
        assumes.append({int32_t(tenant), int32_t(arm), allowed ? 1 : 0});
      }
      if (!allowed) {
        FaultOp::create(b, loc, VYRE_FAULT_TENANT_DENIED);
        ItemEndOp::create(b, loc, uint32_t(i), IntegerAttr());
        continue;
      }
      if (failed(appendItem(kernel, body, handler, item, uint32_t(i), arm,
                            loopBudget)))
        return failure();
    }
    fused.setAssumes(assumes);
    return success();
  }

  /// Builds item `index` in a scratch op, folds it, and moves it to the end
  /// of `body`, or appends vyre.item_requeue if its loops are unbounded or
  /// would overrun `loopBudget` (which it reduces by what it keeps).
  LogicalResult appendItem(MegakernelOp kernel, Block &body, HandlerOp handler,
                           WorkItemOp item, uint32_t index, uint32_t arm,
                           uint64_t &loopBudget) {
    Location loc = item.getLoc();
    OpBuilder b(kernel.getContext());
    b.setInsertionPointToEnd(&kernel.getBody().front());
    auto scratch = FusedBatchOp::create(
        b, loc, cast<FusedBatchOp>(body.getParentOp()).getBatch(), 1u);
    Block &code = scratch.getBody().emplaceBlock();
    b.setInsertionPointToEnd(&code);

    ArrayRef<int64_t> args = item.getArgs();
    auto constantArg = [&](unsigned k) -> Value {
      int64_t v = k < args.size() ? args[k] : 0;
      return arith::ConstantIntOp::create(b, loc, int32_t(uint32_t(v)), 32);
    };
    // Copies `block`'s ops (not its terminator) with the slot's arguments
    // as constants and `values` standing for vyre.prologue_value; returns
    // the terminator's operands.
    auto copyBlock = [&](Block &block, ArrayRef<Value> values,
                         bool builtin) -> SmallVector<Value> {
      BlockArgument slot = block.getArgument(0);
      auto standIn = UnrealizedConversionCastOp::create(
          b, loc, TypeRange{slot.getType()}, ValueRange{});
      IRMapping mapping;
      mapping.map(slot, standIn.getResult(0));
      for (Operation &op : block.without_terminator()) {
        Operation *copy = b.clone(op, mapping);
        if (builtin)
          markAbiWrites(&op, copy);
      }
      // A yielded value may be a vyre.arg itself: it follows the rewrite.
      DenseMap<Value, Value> rewritten;
      for (Operation *user : llvm::make_early_inc_range(
               standIn.getResult(0).getUsers())) {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPoint(user);
        Value with;
        if (auto arg = dyn_cast<ArgOp>(user))
          with = constantArg(arg.getIndex());
        else if (auto value = dyn_cast<PrologueValueOp>(user))
          with = values[value.getIndex()];
        else
          continue;
        rewritten[user->getResult(0)] = with;
        user->getResult(0).replaceAllUsesWith(with);
        user->erase();
      }
      SmallVector<Value> yielded =
          llvm::map_to_vector(block.getTerminator()->getOperands(), [&](Value v) {
            Value copy = mapping.lookupOrDefault(v);
            return rewritten.lookup(copy) ? rewritten.lookup(copy) : copy;
          });
      if (standIn.getResult(0).use_empty())
        standIn.erase();
      return yielded;
    };
    SmallVector<Value> prologueValues;
    if (DispatchPrologueOp prologue = kernel.getPrologue())
      prologueValues = copyBlock(prologue.getBody().front(), {}, false);
    copyBlock(handler.getBody().front(), prologueValues,
              handler.getBuiltin());
    ItemEndOp::create(b, loc, index, b.getI32IntegerAttr(arm));

    if (failed(applyPatternsGreedily(scratch.getBody(), patterns)))
      return scratch.emitOpError("folding work item ")
             << index << " did not converge";
    for (Operation &op : code)
      if (isa<UnrealizedConversionCastOp>(op))
        return item.emitOpError()
               << "reaches handler @" << handler.getSymName()
               << ", which uses its slot other than through vyre.arg; "
                  "vyre-fuse-batch cannot compile it";
    std::optional<uint64_t> trips = loopIterations(scratch);
    OpBuilder end = OpBuilder::atBlockEnd(&body);
    if (trips && *trips <= loopBudget) {
      loopBudget -= *trips;
      body.getOperations().splice(body.end(), code.getOperations());
    } else {
      ItemRequeueOp::create(end, loc, index);
    }
    scratch.erase();
    return success();
  }

  /// Tags the copies of a built-in's control-buffer writes at constant
  /// indices (its ABI words): `original` and `copy` have the same shape.
  static void markAbiWrites(Operation *original, Operation *copy) {
    SmallVector<Operation *> from, to;
    original->walk<WalkOrder::PreOrder>([&](Operation *op) { from.push_back(op); });
    copy->walk<WalkOrder::PreOrder>([&](Operation *op) { to.push_back(op); });
    for (auto [o, c] : llvm::zip(from, to)) {
      std::optional<Value> index =
          llvm::TypeSwitch<Operation *, std::optional<Value>>(o)
              .Case<StoreOp, AtomicRMWOp, AtomicCASOp>(
                  [](auto write) -> std::optional<Value> {
                    if (write.getBufferAttr())
                      return std::nullopt; // a user buffer
                    return write.getIndex();
                  })
              .Default([](Operation *) { return std::nullopt; });
      if (index && matchPattern(*index, m_Constant()))
        c->setAttr(kAbiWordAttrName, UnitAttr::get(c->getContext()));
    }
  }

  FrozenRewritePatternSet patterns;
};

} // namespace
