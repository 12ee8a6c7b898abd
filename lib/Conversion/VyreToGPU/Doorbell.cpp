//===- Doorbell.cpp - scan only when the host committed -------------------===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Persistent kernels scan the ring only in passes where the host's doorbell
// or a queue's tail moved: an idle pass over a large ring is a chain of
// dependent status loads. The state's doorbell word starts as "never seen"
// (the complement of the current value), so the first pass always scans
// (slots left PUBLISHED by a dispatch that spent its budget). Once kernels
// end after a pass whose head saw no commit.
//
//===----------------------------------------------------------------------===//

#include "LoopFeatures.h"

using namespace mlir;
using namespace mlir::vyre;
using namespace mlir::vyre::detail;

void Doorbell::readSwitch() {
  enabled = ctx.cmp(arith::CmpIPredicate::ne,
                    ctx.loadVolatile(ctx.control,
                                     ctx.index(VYRE_CTRL_DOORBELL_ON)),
                    ctx.i32(0));
}

Value Doorbell::current() {
  Value bell = ctx.loadVolatile(ctx.control, ctx.index(VYRE_CTRL_DOORBELL));
  if (!ctx.kernel.getNumDependencyCounters() &&
      !ctx.kernel.getNumDeviceQueueLines())
    return bell;
  // The host's commits and the lanes' signals and enqueues: two words that
  // only move forward, each by its own writers, so their sum moves on
  // either.
  return ctx.add(bell, ctx.loadVolatile(ctx.control,
                                        ctx.index(VYRE_CTRL_DEP_SIGNALS)));
}

void Doorbell::initialize() {
  Value now = current();
  state.store(arith::XOrIOp::create(ctx.b, ctx.loc, now, ctx.i32(-1)),
              state.doorbell);
}

Value Doorbell::movedSinceLastHead() {
  // Every commit changes the doorbell after its lines and tail (RingABI.h),
  // so a slot committed before this head's read was visible to the pass
  // that began after the last one; a later commit moves the doorbell. An
  // empty pass over a 1M ring is a chain of dependent status loads, 80 us
  // on the H200 at 132 x 64 lanes.
  Value now = current();
  Value last = state.load(state.doorbell);
  state.store(now, state.doorbell);
  return ctx.cmp(arith::CmpIPredicate::ne, now, last);
}

Value Doorbell::scanDecision() {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  bell = current();
  Value last = state.load(state.doorbell);
  Value moved = arith::OrIOp::create(
      b, loc, ctx.cmp(arith::CmpIPredicate::ne, bell, last),
      queues.snapshotTails());
  return arith::OrIOp::create(
      b, loc, moved,
      arith::XOrIOp::create(b, loc, enabled,
                            arith::ConstantIntOp::create(b, loc, 1, 1)));
}

void Doorbell::record() { state.store(bell, state.doorbell); }
