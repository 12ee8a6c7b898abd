//===- DeviceQueue.cpp - device-side enqueue in the lowering --------------===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Memory model: an enqueuer takes a line with an acquire-release
// compare-and-swap EMPTY -> CLAIMED (so the last server's reads of it are
// done before it writes), writes the task's words, and stores PUBLISHED
// after a release fence; the serving lane reads the status volatile and
// claims with an acquire fence, as for a ring slot. A line has one server
// per dispatch (the scan's stride), so its claim is a plain store. The
// counts the host reads (DQ_*) are relaxed atomics ordered by those fences:
// DQ_PENDING rises before the line is published and falls after it is
// EMPTY, so it is never below the lines in flight.
//
//===----------------------------------------------------------------------===//

#include "DeviceQueue.h"

using namespace mlir;
using namespace mlir::vyre;
using namespace mlir::vyre::detail;

/// What the probe yields when it took no line.
static constexpr uint32_t kNoLine = 0xFFFFFFFFu;

DeviceQueue::DeviceQueue(KernelContext &ctx, SlotServer &server)
    : ctx(ctx), server(server),
      lines(ctx.kernel.getNumDeviceQueueLines()),
      firstLineWord(vyre_device_queue_word(
          ctx.kernel.getSlots(), ctx.kernel.getNumDependencyCounters(), 0)) {}

Value DeviceQueue::lineBase(Value line) {
  return ctx.add(ctx.index(firstLineWord),
                 ctx.mul(line, ctx.index(VYRE_SLOT_WORDS)));
}

void DeviceQueue::lowerEnqueue(EnqueueOp op, Value taskBase) {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  Value cursor = ctx.countInControl(VYRE_CTRL_DQ_CURSOR);
  // The probe, unrolled (no loop for a device's iteration bound to cut,
  // no variable: an alloca in a handler's loop is one per iteration).
  Value line = probe(cursor, 0);
  Value none = ctx.i32(kNoLine);
  ctx.ifThenElse(
      ctx.cmp(arith::CmpIPredicate::ne, line, none),
      [&] {
        // Counted in flight before anyone can see it published.
        ctx.countInControl(VYRE_CTRL_DQ_PENDING);
        ctx.countInControl(VYRE_CTRL_DQ_ENQUEUED);
        Value base = lineBase(ctx.toIndex(line));
        auto put = [&](uint32_t word, Value v) {
          ctx.storeVolatile(v, ctx.ring, ctx.add(base, ctx.index(word)));
        };
        Value tenant = ctx.loadVolatile(
            ctx.ring, ctx.add(taskBase, ctx.index(VYRE_SLOT_WORD_TENANT)));
        put(VYRE_SLOT_WORD_OPCODE, op.getOpcode());
        put(VYRE_SLOT_WORD_TENANT, tenant);
        put(VYRE_SLOT_WORD_PRIORITY, ctx.i32(0));
        for (uint32_t a = 0; a < VYRE_SLOT_ARG_COUNT; ++a)
          put(VYRE_SLOT_WORD_ARG0 + a,
              a < op.getArgs().size() ? op.getArgs()[a] : ctx.i32(0));
        DeviceFenceOp::create(b, loc, MemoryOrder::release);
        ctx.storeVolatile(ctx.i32(VYRE_STATUS_PUBLISHED), ctx.ring, base);
        // Idle workgroups scan again (their doorbell is the sum of the
        // host's and this word).
        ctx.countInControl(VYRE_CTRL_DEP_SIGNALS);
      },
      [&] {
        ctx.countInControl(VYRE_CTRL_DQ_FULL);
        ctx.raiseFault(VYRE_FAULT_QUEUE_FULL);
      });
}

/// The line taken from `cursor + i` on (mod N), or kNoLine: nested
/// scf.if ops, one compare-and-swap EMPTY -> CLAIMED each.
Value DeviceQueue::probe(Value cursor, uint32_t i) {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  if (i == VYRE_DQ_PROBE || i == lines)
    return ctx.i32(kNoLine);
  Value line = arith::RemUIOp::create(b, loc, ctx.add(cursor, ctx.i32(i)),
                                      ctx.i32(lines));
  Value old = ctx.cas(MemoryOrder::acq_rel, ctx.ring,
                      lineBase(ctx.toIndex(line)), ctx.i32(VYRE_STATUS_EMPTY),
                      ctx.i32(VYRE_STATUS_CLAIMED));
  auto ifTaken = scf::IfOp::create(
      b, loc, TypeRange{b.getI32Type()},
      ctx.cmp(arith::CmpIPredicate::eq, old, ctx.i32(VYRE_STATUS_EMPTY)),
      true);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(ifTaken.thenBlock());
  scf::YieldOp::create(b, loc, line);
  b.setInsertionPointToStart(ifTaken.elseBlock());
  scf::YieldOp::create(b, loc, probe(cursor, i + 1));
  return ifTaken.getResult(0);
}

void DeviceQueue::servePass(Value lane, Value lanes) {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  arith::ConstantIntOp lineEdges;
  auto loop = scf::ForOp::create(
      b, loc, lane, ctx.index(lines), lanes, ValueRange{},
      [&](OpBuilder &, Location, Value line, ValueRange) {
        // As a ring slot: the scan's back-edge, the canary's two, a spare.
        lineEdges = ctx.countEdges(4);
        Value base = lineBase(line);
        Value status = ctx.loadVolatile(ctx.ring, base);
        ctx.ifThenElse(
            ctx.cmp(arith::CmpIPredicate::eq, status,
                    ctx.i32(VYRE_STATUS_PUBLISHED)),
            [&] {
              server.claimAndRun(base);
              finishLine(line, base);
            });
        scf::YieldOp::create(b, loc);
      });
  KernelContext::countMaskedLoops(lineEdges, loop.getRegion());
}

void DeviceQueue::finishLine(Value line, Value base) {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  Value code = memref::LoadOp::create(b, loc, ctx.faultVar, ctx.index(0));
  ctx.ifThenElse(
      ctx.cmp(arith::CmpIPredicate::ne, code, ctx.i32(0)),
      [&] {
        // The fault log names a line as slot `slots + line`.
        ctx.logFault(ctx.add(ctx.toI32(line), ctx.i32(ctx.kernel.getSlots())),
                     code);
        ctx.countInControl(VYRE_CTRL_DQ_FAULTS);
      },
      [&] { ctx.countInControl(VYRE_CTRL_DQ_DONE); });
  // The handler's writes and the counts before the line is free again and
  // before the host can see the queue drained.
  DeviceFenceOp::create(b, loc, MemoryOrder::release);
  ctx.storeVolatile(ctx.i32(VYRE_STATUS_EMPTY), ctx.ring, base);
  ctx.countInControl(VYRE_CTRL_DQ_PENDING, -1);
}
