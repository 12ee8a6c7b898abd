//===- Fuse.cpp - vyre-fuse: the arms of a JIT-fused kernel -------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Reads each megakernel's profile, measures its arms, asks FuseModel for the
// subset worth inlining and records it as `fused_arms`. The lowering builds
// the fused dispatch from that attribute (SlotServer.cpp): it never deletes
// an arm, so the fused kernel shares the generic kernel's control layout
// and the runtime can swap one for the other on the same buffers.
//
//===----------------------------------------------------------------------===//

#include "FuseModel.h"

#include "vyre/Dialect/Vyre/IR/VyreOps.h"
#include "vyre/Dialect/Vyre/Transforms/Passes.h"

#include "llvm/Support/FormatVariadic.h"

namespace mlir::vyre {
#define GEN_PASS_DEF_VYREFUSE
#include "vyre/Dialect/Vyre/Transforms/Passes.h.inc"
} // namespace mlir::vyre

using namespace mlir;
using namespace mlir::vyre;

namespace {

/// Operations in a handler's body, nested ones included, its terminator
/// not: the code the arm adds to the kernel.
uint64_t bodySize(HandlerOp handler) {
  uint64_t n = 0;
  handler.getBody().walk([&](Operation *op) {
    if (!isa<YieldOp>(op))
      ++n;
  });
  return n;
}

struct FusePass : mlir::vyre::impl::VyreFuseBase<FusePass> {
  using Base::Base;

  /// Executed arms outside `fused`, by falling count, while their bodies
  /// fit `defer-budget` together.
  SmallVector<int32_t> chooseDeferredArms(const std::vector<fuse::Arm> &arms,
                                          ArrayRef<unsigned> fused) {
    SmallVector<int32_t> candidates;
    for (unsigned a = 0; a < arms.size(); ++a)
      if (arms[a].count > 0 && !llvm::is_contained(fused, a))
        candidates.push_back(int32_t(a));
    llvm::stable_sort(candidates, [&](int32_t l, int32_t r) {
      return arms[l].count > arms[r].count;
    });
    SmallVector<int32_t> chosen;
    uint64_t used = 0;
    for (int32_t a : candidates)
      if (used + arms[a].size <= deferBudget) {
        used += arms[a].size;
        chosen.push_back(a);
      }
    return chosen;
  }

  void runOnOperation() override {
    for (MegakernelOp kernel : getOperation().getOps<MegakernelOp>())
      if (failed(fuse(kernel)))
        return signalPassFailure();
  }

  LogicalResult fuse(MegakernelOp kernel) {
    ProfileAttr profile = kernel.getProfileAttr();
    if (!profile)
      return kernel.emitOpError()
             << "has no #vyre.profile, which vyre-fuse chooses arms from; "
                "attach one with vyre-attach-profile file=PROFILE (written "
                "by vyre-run --profile-out)";
    if (profile.getTotal() == 0)
      return kernel.emitOpError()
             << "has a profile that counts no slot; profile a workload "
                "first";
    if (kernel.getMode() != Mode::persistent)
      return kernel.emitOpError()
             << "is mode(once); vyre-fuse builds kernels that requeue slots "
                "to the generic interpreter, which the runtime swaps in only "
                "for persistent kernels";
    // A slot that waited for IO comes back RESUMED, and only an interpreter
    // that asks (and so claims RESUMED slots) can run it; a fused kernel
    // that requeued it would drop the resumption and ask again forever.
    if (kernel.usesIO())
      return kernel.emitOpError()
             << "has handlers that use vyre.io_read; vyre-fuse does not "
                "build JIT-fused kernels of an IO kernel yet (its resumed "
                "slots need the generic interpreter); serve it with the "
                "interpreter (vyre-to-spirv-interpreter)";
    if (kernel.getNumDependencyCounters())
      return kernel.emitOpError()
             << "has dependency_counters; vyre-fuse does not build JIT-fused "
                "kernels of a kernel with dependencies yet (a requeued slot "
                "would signal its counters twice); serve it with the "
                "interpreter (vyre-to-spirv-interpreter)";
    for (BuiltinOp builtin : kernel.getBody().front().getOps<BuiltinOp>())
      return builtin.emitOpError()
             << "is not materialized; run vyre-materialize-builtins before "
                "vyre-fuse (the vyre-to-spirv-jit pipeline does)";

    SmallVector<HandlerOp> handlers = kernel.getHandlers();
    std::vector<fuse::Arm> arms;
    for (HandlerOp handler : handlers) {
      fuse::Arm arm;
      arm.count = uint64_t(profile.getCount(handler.getOpcodes()));
      arm.size = bodySize(handler);
      arms.push_back(arm);
    }
    fuse::Costs costs;
    costs.budget = budget;
    costs.test = testCost;
    costs.requeue = requeueCost;
    fuse::Choice choice = fuse::chooseFusedArms(arms, costs);
    if (choice.arms.empty()) {
      uint64_t smallest = UINT64_MAX;
      for (const fuse::Arm &arm : arms)
        if (arm.count)
          smallest = std::min(smallest, arm.size);
      return kernel.emitOpError()
             << "fuses no arm: every executed arm is larger than the budget "
                "of "
             << unsigned(budget) << " operations (the smallest has " << smallest
             << "); raise vyre-fuse's `budget`";
    }
    SmallVector<int32_t> deferred = chooseDeferredArms(arms, choice.arms);
    uint64_t deferredSlots = 0;
    for (int32_t a : deferred)
      deferredSlots += arms[a].count;
    // The model prices requeues; deferred slots are not requeued.
    if (choice.fusedCost > choice.genericCost &&
        choice.requeued > deferredSlots)
      kernel.emitWarning() << llvm::formatv(
          "vyre-fuse: the budget of {0} operations leaves {1} of {2} "
          "profiled slots to requeue; the model expects the fused kernel to "
          "cost more than the generic interpreter ({3:F0} vs {4:F0}); raise "
          "`budget`",
          budget, choice.requeued, profile.getTotal(), choice.fusedCost,
          choice.genericCost);
    SmallVector<int32_t> fused(choice.arms.begin(), choice.arms.end());
    kernel.setFusedArms(fused);
    if (!deferred.empty())
      kernel.setDeferredArms(deferred);
    if (report) {
      auto namesOf = [&](auto list) {
        std::string names;
        for (auto a : list)
          names += (names.empty() ? "@" : ", @") +
                   handlers[a].getSymName().str();
        return names.empty() ? std::string("none") : names;
      };
      kernel.emitRemark() << llvm::formatv(
          "vyre-fuse: fused {0} of {1} arms ({2}), {3} of {4} operations; "
          "model cost {5:F0} vs {6:F0} generic; {7} of {8} profiled slots "
          "not fused, {9} of them deferred ({10})",
          choice.arms.size(), arms.size(), namesOf(choice.arms), choice.size,
          budget, choice.fusedCost, choice.genericCost, choice.requeued,
          profile.getTotal(), deferredSlots, namesOf(deferred));
    }
    return success();
  }
};

} // namespace
