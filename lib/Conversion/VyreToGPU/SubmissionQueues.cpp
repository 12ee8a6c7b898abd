//===- SubmissionQueues.cpp - the queues' bounds and tails on device -----===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "SubmissionQueues.h"

using namespace mlir;
using namespace mlir::vyre;
using namespace mlir::vyre::detail;

void SubmissionQueues::reserveWords() {
  if (ctx.kernel.getMode() == Mode::persistent)
    tails = state.reserve(VYRE_PRIORITY_LEVELS);
  if (partitioned())
    boundsWords = state.reserve(VYRE_PRIORITY_OFFSET_WORDS);
}

bool SubmissionQueues::partitioned() const {
  ShardAttr shard = ctx.kernel.getShardAttr();
  return shard && shard.getPartitions().size() == VYRE_PRIORITY_OFFSET_WORDS;
}

SmallVector<unsigned> SubmissionQueues::queueNumbers() const {
  if (!partitioned())
    return {0};
  SmallVector<unsigned> queues(VYRE_PRIORITY_LEVELS);
  std::iota(queues.begin(), queues.end(), 0u);
  return queues;
}

void SubmissionQueues::clearTails() {
  for (int64_t q = 0; tails && q < VYRE_PRIORITY_LEVELS; ++q)
    state.store(0, WorkgroupState::at(tails, q));
}

void SubmissionQueues::shareBounds() {
  // The partitions compiled in (#vyre.shard) are only the manifest's
  // default layout: the host writes the one it runs before the dispatch,
  // and the words do not change while it runs. Read by lane 0 alone: six
  // loads by each of 135168 lanes cost the 1M drain at 132 x 1024 lanes
  // 4 us on the H100 (docs/benchmarks.md, the tenth round).
  if (!boundsWords)
    return;
  for (unsigned w = 0; w < VYRE_PRIORITY_OFFSET_WORDS; ++w)
    state.store(ctx.loadVolatile(ctx.control,
                                 ctx.index(VYRE_CTRL_PRIORITY_OFFSETS + w)),
                WorkgroupState::at(boundsWords, w));
}

void SubmissionQueues::readBounds() {
  queueBounds.clear();
  if (!boundsWords) {
    queueBounds = {ctx.i32(0), ctx.i32(ctx.kernel.getSlots())};
    return;
  }
  for (unsigned w = 0; w < VYRE_PRIORITY_OFFSET_WORDS; ++w)
    queueBounds.push_back(state.load(WorkgroupState::at(boundsWords, w)));
}

Value SubmissionQueues::snapshotTails() {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  // Loads first, comparisons after: the loads leave together, so the
  // snapshot costs one bus round trip, not one per queue.
  SmallVector<std::pair<unsigned, Value>> loaded;
  for (unsigned queue : queueNumbers())
    loaded.emplace_back(
        queue, ctx.loadVolatile(ctx.control,
                                ctx.index(VYRE_CTRL_SQ_TAIL + queue)));
  Value moved = arith::ConstantIntOp::create(b, loc, 0, 1);
  for (auto [q, tail] : loaded) {
    Value word = state.indexOf(WorkgroupState::at(tails, q));
    Value last = state.loadAt(word);
    moved = arith::OrIOp::create(
        b, loc, moved, ctx.cmp(arith::CmpIPredicate::ne, tail, last));
    state.storeAt(tail, word);
  }
  return moved;
}

Value SubmissionQueues::tailOf(Value queue) {
  Value q = ctx.toIndex(queue);
  if (!tails)
    return ctx.loadVolatile(ctx.control,
                            ctx.add(ctx.index(VYRE_CTRL_SQ_TAIL), q));
  return state.loadAt(ctx.add(ctx.index(tails.index), q));
}
