//===- StarvationBound.cpp - restricted passes, bounded -------------------===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Priority by position: the queues are laid out critical first, and every
// lane walks its share of the ring in slot order, so in each pass it meets
// its critical slots before its normal and idle ones.
//
// Starvation bound: while critical and high work keeps coming (the last
// pass served some), passes walk only the critical and high queues, so
// lanes return to them sooner instead of spending the pass on the rest of
// the ring; at most `starvation_bound` restricted passes run in a row, then
// a full one. A lower-priority slot waits at most bound + 1 passes.
//
//===----------------------------------------------------------------------===//

#include "LoopFeatures.h"

using namespace mlir;
using namespace mlir::vyre;
using namespace mlir::vyre::detail;

StarvationBound::StarvationBound(KernelContext &ctx, WorkgroupState &state)
    : ctx(ctx), state(state), servedHigh(state.reserve()),
      restricted(state.reserve()), inRow(state.reserve()) {}

bool StarvationBound::applies(MegakernelOp kernel,
                              const SubmissionQueues &queues) {
  return queues.partitioned() &&
         kernel.getShardAttr().getStarvationBound() != 0;
}

void StarvationBound::initialize() {
  for (StateWord w : {servedHigh, restricted, inRow})
    state.store(0, w);
}

void StarvationBound::beforeGo() {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  Value high = state.load(servedHigh);
  Value run = state.load(inRow);
  Value bound = ctx.i32(ctx.kernel.getShardAttr().getStarvationBound());
  Value next = arith::AndIOp::create(
      b, loc, ctx.cmp(arith::CmpIPredicate::ne, high, ctx.i32(0)),
      ctx.cmp(arith::CmpIPredicate::ult, run, bound));
  state.store(arith::ExtUIOp::create(b, loc, b.getI32Type(), next),
              restricted);
  state.store(arith::SelectOp::create(b, loc, next,
                                      ctx.add(run, ctx.i32(1)), ctx.i32(0)),
              inRow);
  state.store(0, servedHigh);
  // Restricted passes, all workgroups together, for the host to see.
  ctx.ifThenElse(next, [&] {
    ctx.countInControl(VYRE_CTRL_STARVATION);
  });
}

Value StarvationBound::limitScan(Value last, Value restrictedNow,
                                 ArrayRef<Value> bounds) {
  // Restricted passes stop where the normal queue starts.
  highEnd = ctx.toIndex(bounds[VYRE_PRIORITY_NORMAL]);
  return arith::SelectOp::create(
      ctx.b, ctx.loc, restrictedNow,
      arith::MinUIOp::create(ctx.b, ctx.loc, last, highEnd), last);
}

Value StarvationBound::countHigh(Value slot, Value served, Value count) {
  return arith::SelectOp::create(
      ctx.b, ctx.loc, ctx.cmp(arith::CmpIPredicate::ult, slot, highEnd),
      ctx.add(count, served), count);
}

void StarvationBound::addServedHigh(Value count) {
  ctx.ifThenElse(ctx.cmp(arith::CmpIPredicate::ne, count, ctx.i32(0)),
                 [&] { state.add(count, servedHigh); });
}
