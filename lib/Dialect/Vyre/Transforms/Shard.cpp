//===- Shard.cpp - ring partitions among workgroups and priorities -*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Chooses a #vyre.shard for each megakernel: the strategy (by option or by
// the cost rule in Passes.td) and the five priority partitions. The lowering
// walks the partitions highest first with the starvation bound; the runtime
// publishes each slot into its priority's partition.
//
//===----------------------------------------------------------------------===//

#include "vyre/ABI/RingABI.h"
#include "vyre/Dialect/Vyre/IR/VyreOps.h"
#include "vyre/Dialect/Vyre/Transforms/Passes.h"

#include <numeric>

namespace mlir::vyre {
#define GEN_PASS_DEF_VYRESHARD
#include "vyre/Dialect/Vyre/Transforms/Passes.h.inc"
} // namespace mlir::vyre

using namespace mlir;
using namespace mlir::vyre;

namespace {

constexpr unsigned kDefaultWeights[VYRE_PRIORITY_LEVELS] = {1, 2, 8, 2, 1};

struct ShardPass : mlir::vyre::impl::VyreShardBase<ShardPass> {
  using Base::Base;

  void runOnOperation() override {
    if (strategy != "auto" && strategy != "contiguous" &&
        strategy != "strided") {
      getOperation().emitError()
          << "vyre-shard: strategy '" << strategy
          << "' is not one of contiguous, strided, auto";
      return signalPassFailure();
    }
    SmallVector<unsigned> weights(priorityWeights.begin(),
                                  priorityWeights.end());
    if (weights.empty())
      weights.assign(std::begin(kDefaultWeights), std::end(kDefaultWeights));
    if (weights.size() != VYRE_PRIORITY_LEVELS ||
        std::accumulate(weights.begin(), weights.end(), 0u) == 0 ||
        weights[VYRE_PRIORITY_NORMAL] == 0) {
      getOperation().emitError()
          << "vyre-shard: priority-weights needs " << VYRE_PRIORITY_LEVELS
          << " weights (critical, high, normal, low, idle) with a non-zero "
             "normal weight; got "
          << weights.size() << " values";
      return signalPassFailure();
    }
    if (starvationBound < 0) {
      getOperation().emitError()
          << "vyre-shard: starvation-bound must be 0 (never skip the lower "
             "partitions) or positive, got "
          << int64_t(starvationBound);
      return signalPassFailure();
    }
    getOperation().walk([&](MegakernelOp kernel) {
      if (kernel.getShardAttr())
        return; // the user's explicit geometry wins
      if (failed(shard(kernel, weights)))
        signalPassFailure();
    });
  }

  LogicalResult shard(MegakernelOp kernel, ArrayRef<unsigned> weights) {
    int64_t slots = kernel.getSlots();
    SmallVector<int32_t> offsets;
    int64_t normalSlots = slots;
    if (priorities) {
      unsigned needed = llvm::count_if(weights, [](unsigned w) { return w; });
      if (slots < needed)
        return kernel.emitOpError()
               << "has " << slots << " ring slots, too few for " << needed
               << " priority partitions; give it more slots or run "
                  "vyre-shard with priorities=false";
      SmallVector<int64_t> sizes = partitionSizes(slots, weights);
      normalSlots = sizes[VYRE_PRIORITY_NORMAL];
      int64_t at = 0;
      for (int64_t size : sizes) {
        offsets.push_back(at);
        at += size;
      }
      offsets.push_back(at);
    }
    ShardStrategy chosen = ShardStrategy::strided;
    if (strategy == "contiguous")
      chosen = ShardStrategy::contiguous;
    else if (strategy == "auto") {
      int64_t lanes =
          int64_t(kernel.getWorkgroups()) * kernel.getWorkgroupSize();
      if (kernel.getWorkgroups() > 1 && normalSlots < lanes)
        chosen = ShardStrategy::contiguous;
    }
    kernel.setShardAttr(
        ShardAttr::get(&getContext(), chosen, offsets, starvationBound));
    return success();
  }

  /// Slots per partition: proportional to the weights, at least one for a
  /// non-zero weight, the rounding remainder to the normal partition.
  static SmallVector<int64_t> partitionSizes(int64_t slots,
                                             ArrayRef<unsigned> weights) {
    uint64_t total = std::accumulate(weights.begin(), weights.end(), 0ull);
    SmallVector<int64_t> sizes;
    int64_t used = 0;
    for (unsigned w : weights) {
      int64_t size = w ? std::max<int64_t>(1, slots * w / total) : 0;
      sizes.push_back(size);
      used += size;
    }
    // Give back (from the largest partitions) or add (to normal) the
    // difference, never taking a non-zero partition below one slot.
    while (used > slots) {
      auto *largest = llvm::max_element(sizes);
      --*largest;
      --used;
    }
    sizes[VYRE_PRIORITY_NORMAL] += slots - used;
    return sizes;
  }
};

} // namespace
