//===- Dependencies.cpp - slot-level dependencies in the lowering ---------===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Memory model: a counter is read with a volatile load before the claim;
// the claim's acquire fence then orders the slot's reads (its handler's
// reads of what its producers wrote) after it. A producer's signal is an
// atomic after a release fence that follows its handler's writes, and it
// comes before the slot's completion byte, so a host that sees every slot
// of a graph finished sees every count in place and may reset the counter.
//
//===----------------------------------------------------------------------===//

#include "Dependencies.h"

using namespace mlir;
using namespace mlir::vyre;
using namespace mlir::vyre::detail;

SlotDependencies::SlotDependencies(KernelContext &ctx, WorkgroupState &wg)
    : ctx(ctx), wg(wg), counters(ctx.kernel.getNumDependencyCounters()),
      firstCounterWord(vyre_dependency_counter_word(
          ctx.kernel.getNumObservables(), ctx.kernel.getNumArms(), 0)) {
  if (ctx.kernel.getMode() == Mode::once)
    skipped = wg.reserve();
}

Value SlotDependencies::takeSkipped() {
  Value any = wg.flag(skipped);
  wg.store(0, skipped);
  return any;
}

Value SlotDependencies::isDependent(Value state) {
  Value flag = arith::AndIOp::create(ctx.b, ctx.loc, state,
                                     ctx.i32(VYRE_STATUS_DEPENDENT));
  return ctx.cmp(arith::CmpIPredicate::ne, flag, ctx.i32(0));
}

Value SlotDependencies::untagged(Value state) {
  return arith::AndIOp::create(ctx.b, ctx.loc, state,
                               ctx.i32(~VYRE_STATUS_DEPENDENT));
}

Value SlotDependencies::recordWord(Value slot, uint32_t word) {
  Value first = ctx.index(vyre_dependency_record_word(ctx.kernel.getSlots(), 0));
  Value at = ctx.add(first, ctx.mul(slot, ctx.index(VYRE_DEP_RECORD_WORDS)));
  return ctx.loadVolatile(ctx.ring, ctx.add(at, ctx.index(word)));
}

Value SlotDependencies::inRange(Value counter) {
  return ctx.cmp(arith::CmpIPredicate::ult, counter, ctx.i32(counters));
}

Value SlotDependencies::counterIndex(Value counter) {
  return ctx.add(ctx.index(firstCounterWord), ctx.toIndex(counter));
}

Value SlotDependencies::ready(Value slot, Value state) {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  auto ifDependent = scf::IfOp::create(b, loc, TypeRange{b.getI1Type()},
                                       isDependent(state), true);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(ifDependent.elseBlock());
  scf::YieldOp::create(b, loc, ValueRange{arith::ConstantIntOp::create(
                                   b, loc, 1, 1)});
  b.setInsertionPointToStart(ifDependent.thenBlock());
  Value wait = recordWord(slot, VYRE_DEP_WORD_WAIT);
  // No wait, or a counter the kernel does not have (faulted once claimed):
  // ready now. Otherwise the counter's word, read only when in range.
  auto ifCounter = scf::IfOp::create(b, loc, TypeRange{b.getI1Type()},
                                     inRange(wait), true);
  b.setInsertionPointToStart(ifCounter.elseBlock());
  scf::YieldOp::create(b, loc, ValueRange{arith::ConstantIntOp::create(
                                   b, loc, 1, 1)});
  b.setInsertionPointToStart(ifCounter.thenBlock());
  Value value = ctx.loadVolatile(ctx.control, counterIndex(wait));
  Value target = recordWord(slot, VYRE_DEP_WORD_TARGET);
  Value count = arith::AndIOp::create(b, loc, value,
                                      ctx.i32(VYRE_DEP_COUNT_MASK));
  Value reached = ctx.cmp(arith::CmpIPredicate::uge, count, target);
  Value poisoned = ctx.cmp(arith::CmpIPredicate::uge, value,
                           ctx.i32(VYRE_DEP_POISONED));
  scf::YieldOp::create(b, loc, ValueRange{arith::OrIOp::create(
                                   b, loc, reached, poisoned)});
  b.setInsertionPointAfter(ifCounter);
  Value isReady = ifCounter.getResult(0);
  if (skipped)
    ctx.ifThenElse(arith::XOrIOp::create(
                       b, loc, isReady, arith::ConstantIntOp::create(b, loc, 1, 1)),
                   [&] { wg.orInto(ctx.i32(1), skipped); });
  scf::YieldOp::create(b, loc, ValueRange{isReady});
  return ifDependent.getResult(0);
}

void SlotDependencies::beforeRun(Value slot, Value state,
                                 function_ref<void()> run) {
  ctx.ifThenElse(
      isDependent(state),
      [&] {
        OpBuilder &b = ctx.b;
        Location loc = ctx.loc;
        // Every counter the record names is the kernel's, or none.
        Value none = ctx.i32(VYRE_DEP_NONE);
        Value wait = recordWord(slot, VYRE_DEP_WORD_WAIT);
        Value valid = arith::OrIOp::create(
            b, loc, inRange(wait), ctx.cmp(arith::CmpIPredicate::eq, wait, none));
        for (uint32_t i = 0; i < VYRE_DEP_MAX_SIGNALS; ++i) {
          Value s = recordWord(slot, VYRE_DEP_WORD_SIGNAL0 + i);
          valid = arith::AndIOp::create(
              b, loc, valid,
              arith::OrIOp::create(b, loc, inRange(s),
                                   ctx.cmp(arith::CmpIPredicate::eq, s, none)));
        }
        ctx.ifThenElse(
            valid,
            [&] {
              // The wait was read ready; poisoned is the one way to fail.
              Value safe = arith::SelectOp::create(b, loc, inRange(wait), wait,
                                                   ctx.i32(0));
              Value value = ctx.loadVolatile(ctx.control, counterIndex(safe));
              Value poisoned = arith::AndIOp::create(
                  b, loc, inRange(wait),
                  ctx.cmp(arith::CmpIPredicate::uge, value,
                          ctx.i32(VYRE_DEP_POISONED)));
              ctx.ifThenElse(
                  poisoned,
                  [&] { ctx.raiseFault(VYRE_FAULT_DEPENDENCY_FAILED); }, run);
            },
            [&] { ctx.raiseFault(VYRE_FAULT_OUT_OF_BOUNDS); });
      },
      run);
}

void SlotDependencies::signal(Value slot, Value state, Value code) {
  ctx.ifThenElse(isDependent(state), [&] {
    OpBuilder &b = ctx.b;
    Location loc = ctx.loc;
    // The handler's writes before any count a dependent may see.
    DeviceFenceOp::create(b, loc, MemoryOrder::release);
    Value done = ctx.cmp(arith::CmpIPredicate::eq, code, ctx.i32(0));
    for (uint32_t i = 0; i < VYRE_DEP_MAX_SIGNALS; ++i) {
      Value s = recordWord(slot, VYRE_DEP_WORD_SIGNAL0 + i);
      ctx.ifThenElse(inRange(s), [&] {
        Value word = counterIndex(s);
        ctx.ifThenElse(
            done,
            [&] {
              ctx.atomic(AtomicKind::Add, MemoryOrder::relaxed, ctx.i32(1),
                         ctx.control, word);
            },
            [&] {
              ctx.atomic(AtomicKind::Or, MemoryOrder::relaxed,
                         ctx.i32(VYRE_DEP_POISONED), ctx.control, word);
            });
      });
    }
    // Workgroups that found nothing to do scan again (and a once kernel
    // runs another pass): the device's doorbell (RingABI.h).
    ctx.countInControl(VYRE_CTRL_DEP_SIGNALS);
  });
}
