//===- PassState.cpp - what a workgroup carries from pass to pass -*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Two pieces of the interpreter's loop head that take bus round trips off
// the path of every slot (docs/design.md, "The device side of the host
// path"): the queues' tails, read by lane 0 once per pass instead of by each
// lane per claim, and the DONE counter, bumped once per lane and pass
// instead of by a fenced atomic per slot.
//
//===----------------------------------------------------------------------===//

#include "InterpreterBuilder.h"

using namespace mlir;
using namespace mlir::vyre;
using namespace mlir::vyre::detail;

bool InterpreterBuilder::partitioned() {
  ShardAttr shard = ctx.kernel.getShardAttr();
  return shard && shard.getPartitions().size() == VYRE_PRIORITY_OFFSET_WORDS;
}

SmallVector<unsigned> InterpreterBuilder::queueNumbers() {
  if (!partitioned())
    return {0};
  SmallVector<unsigned> queues(VYRE_PRIORITY_LEVELS);
  std::iota(queues.begin(), queues.end(), 0u);
  return queues;
}

void InterpreterBuilder::shareQueueBounds() {
  // The partitions compiled in (#vyre.shard) are only the manifest's
  // default layout: the host writes the one it runs before the dispatch,
  // and the words do not change while it runs. Read by lane 0 alone: six
  // loads by each of 135168 lanes cost the 1M drain at 132 x 1024 lanes
  // 4 us on the H100 (docs/benchmarks.md, the tenth round).
  for (unsigned w = 0; w < VYRE_PRIORITY_OFFSET_WORDS; ++w)
    memref::StoreOp::create(
        ctx.b, ctx.loc,
        ctx.loadVolatile(ctx.control,
                         ctx.index(VYRE_CTRL_PRIORITY_OFFSETS + w)),
        shared, ctx.index(boundsBase + w));
}

void InterpreterBuilder::readQueueBounds() {
  queueBounds.clear();
  if (boundsBase < 0) {
    queueBounds = {ctx.i32(0), ctx.i32(ctx.kernel.getSlots())};
    return;
  }
  for (unsigned w = 0; w < VYRE_PRIORITY_OFFSET_WORDS; ++w)
    queueBounds.push_back(memref::LoadOp::create(
        ctx.b, ctx.loc, shared, ctx.index(boundsBase + w)));
  if (restricts)
    highEnd = ctx.toIndex(queueBounds[VYRE_PRIORITY_NORMAL]);
}

Value InterpreterBuilder::snapshotTails() {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  // Loads first, comparisons after: the loads leave together, so the
  // snapshot costs one bus round trip, not one per queue.
  SmallVector<std::pair<unsigned, Value>> tails;
  for (unsigned queue : queueNumbers())
    tails.emplace_back(queue,
                       ctx.loadVolatile(ctx.control,
                                        ctx.index(VYRE_CTRL_SQ_TAIL + queue)));
  Value moved = arith::ConstantIntOp::create(b, loc, 0, 1);
  for (auto [q, tail] : tails) {
    Value word = ctx.index(tailsBase + q);
    Value last = memref::LoadOp::create(b, loc, shared, word);
    moved = arith::OrIOp::create(
        b, loc, moved, ctx.cmp(arith::CmpIPredicate::ne, tail, last));
    memref::StoreOp::create(b, loc, tail, shared, word);
  }
  return moved;
}

Value InterpreterBuilder::onceDoorbellMoved() {
  // Every commit changes the doorbell after its lines and tail (RingABI.h),
  // so a slot committed before this head's read was visible to the pass
  // that began after the last one; a later commit moves the doorbell.
  Value bell = ctx.loadVolatile(ctx.control, ctx.index(VYRE_CTRL_DOORBELL));
  Value last = memref::LoadOp::create(ctx.b, ctx.loc, shared, doorbellSlot);
  memref::StoreOp::create(ctx.b, ctx.loc, bell, shared, doorbellSlot);
  return ctx.cmp(arith::CmpIPredicate::ne, bell, last);
}

Value InterpreterBuilder::tailOf(Value queue) {
  Value q = ctx.toIndex(queue);
  if (tailsBase < 0) // once: no loop head snapshot
    return ctx.loadVolatile(ctx.control,
                            ctx.add(ctx.index(VYRE_CTRL_SQ_TAIL), q));
  return memref::LoadOp::create(ctx.b, ctx.loc, shared,
                                ctx.add(ctx.index(tailsBase), q));
}

void InterpreterBuilder::tallyLaneDone() {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  Value zero = ctx.index(0);
  // The arm counts first: DONE_COUNT's release then covers them, so a
  // host that sees a slot counted done sees its arm counted.
  ctx.flushArmRun();
  Value mine = memref::LoadOp::create(b, loc, ctx.doneVar, zero);
  ctx.ifThenElse(ctx.cmp(arith::CmpIPredicate::ne, mine, ctx.i32(0)), [&] {
    // DONE_COUNT reaching N promises the host N mirror words: the release
    // orders this lane's before its count. Per lane and pass, not per
    // slot; and nothing waits for a workgroup tally that a device which
    // stops loops mid-way (lavapipe's iteration bound) would never add.
    ctx.atomic(AtomicKind::Add, MemoryOrder::release, mine, ctx.control,
               ctx.index(VYRE_CTRL_DONE_COUNT));
    memref::StoreOp::create(b, loc, ctx.i32(0), ctx.doneVar, zero);
  });
}
