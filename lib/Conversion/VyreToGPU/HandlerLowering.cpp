//===- HandlerLowering.cpp - vyre handler bodies to gpu-level IR -*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// A handler body is cloned into its dispatch arm and each vyre op in it is
// replaced in place:
//
//   vyre.arg          volatile load of ring[slot*16 + 4 + i]
//   vyre.load/store   bounds check, then memref.load/store (user buffers) or
//                     a volatile access (control buffer: the host reads and
//                     writes it while the kernel runs). Writes to the control
//                     buffer must land in the observables
//                     (vyre_control_word_writable); only built-in handlers
//                     write ABI words, and only at constant indices.
//   vyre.atomic_*     bounds check, then a relaxed (rmw) or acq_rel (cas)
//                     device atomic
//   vyre.observe      bounds check against `observables`, volatile store
//   vyre.fault        record the code (first fault wins)
//   vyre.printf       atomic append to the debug log, dropped past capacity
//   vyre.io_read      true if the slot runs resumed, else records the
//                     request for the yield (IoRequests.cpp)
//   vyre.prologue_value  the value the dispatch prologue computed for the
//                     slot before dispatch (inlined once per slot, its
//                     vyre.arg ops lowered like a handler's)
//
// A failed bounds check performs no access, yields 0 for a read, and records
// VYRE_FAULT_OUT_OF_BOUNDS; the slot then ends as FAULT.
//
//===----------------------------------------------------------------------===//

#include "DeviceQueue.h"
#include "KernelContext.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::vyre;
using namespace mlir::vyre::detail;

Value KernelContext::guardedValue(Value inBounds, Type type,
                                  function_ref<Value()> thenFn) {
  auto ifOp = scf::IfOp::create(b, loc, TypeRange{type}, inBounds,
                                /*withElseRegion=*/true);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(ifOp.thenBlock());
  scf::YieldOp::create(b, loc, thenFn());
  b.setInsertionPointToStart(ifOp.elseBlock());
  raiseFault(VYRE_FAULT_OUT_OF_BOUNDS);
  Value zero = isa<FloatType>(type)
                   ? Value(arith::ConstantOp::create(b, loc, b.getZeroAttr(type)))
                   : i32(0);
  scf::YieldOp::create(b, loc, zero);
  return ifOp.getResult(0);
}

namespace {

/// The memref and element count a body op's buffer reference resolves to.
struct Target {
  Value memref;
  Value length;
  bool isControl;
};

class BodyLowering {
public:
  BodyLowering(KernelContext &ctx, Value slotBase, bool builtin)
      : ctx(ctx), slotBase(slotBase), builtin(builtin) {}

  LogicalResult lower(Operation *op);

private:
  Target resolve(FlatSymbolRefAttr buffer) {
    if (!buffer)
      return {ctx.control, ctx.index(ctx.kernel.getControlWords()), true};
    const UserBuffer &ub = ctx.buffers.find(buffer.getValue())->second;
    return {ub.memref, ub.length, false};
  }
  Value inBounds(Value index, Value length) {
    return ctx.cmp(arith::CmpIPredicate::ult, index, length);
  }
  /// The bounds check of a write through `index` (`i32Index` before the
  /// cast): a user buffer's length, or for the control buffer the
  /// observables window, so a slot's arguments can never reach the tenant
  /// table, the doorbell or the counters. A built-in's constant index (the
  /// SHUTDOWN word, EPOCH) is the ABI's own write and keeps the plain check.
  Value writeInBounds(Operation *op, const Target &t, Value index,
                      Value i32Index) {
    if (!t.isControl || (builtin && matchPattern(i32Index, m_Constant())) ||
        op->hasAttr(kAbiWordAttrName))
      return inBounds(index, t.length);
    Value offset = arith::SubIOp::create(ctx.b, ctx.loc, index,
                                         ctx.index(VYRE_CTRL_OBSERVABLES));
    // Below the window the subtraction wraps to a huge index: one compare.
    return inBounds(offset, ctx.index(ctx.kernel.getNumObservables()));
  }

  KernelContext &ctx;
  Value slotBase;
  bool builtin;
};

LogicalResult BodyLowering::lower(Operation *op) {
  OpBuilder &b = ctx.b;
  b.setInsertionPoint(op);
  ctx.loc = op->getLoc();
  return TypeSwitch<Operation *, LogicalResult>(op)
      .Case([&](ArgOp arg) {
        Value word = ctx.index(VYRE_SLOT_WORD_ARG0 + arg.getIndex());
        arg.replaceAllUsesWith(
            ctx.loadVolatile(ctx.ring, ctx.add(slotBase, word)));
        arg.erase();
        return success();
      })
      .Case([&](LoadOp load) {
        Target t = resolve(load.getBufferAttr());
        Value idx = ctx.toIndex(load.getIndex());
        Value v = ctx.guardedValue(inBounds(idx, t.length), load.getType(),
                                   [&]() -> Value {
                                     if (t.isControl)
                                       return ctx.loadVolatile(t.memref, idx);
                                     return memref::LoadOp::create(
                                         b, ctx.loc, t.memref, idx);
                                   });
        load.replaceAllUsesWith(v);
        load.erase();
        return success();
      })
      .Case([&](StoreOp store) {
        Target t = resolve(store.getBufferAttr());
        Value idx = ctx.toIndex(store.getIndex());
        ctx.guarded(writeInBounds(store, t, idx, store.getIndex()), [&] {
          if (t.isControl)
            ctx.storeVolatile(store.getValue(), t.memref, idx);
          else
            memref::StoreOp::create(b, ctx.loc, store.getValue(), t.memref,
                                    idx);
        });
        store.erase();
        return success();
      })
      .Case([&](AtomicRMWOp rmw) {
        // Handler atomics are relaxed, like CUDA's atomicAdd: counters and
        // histograms need no ordering. Use atomic_cas to synchronize.
        Target t = resolve(rmw.getBufferAttr());
        Value idx = ctx.toIndex(rmw.getIndex());
        Value v = ctx.guardedValue(
            writeInBounds(rmw, t, idx, rmw.getIndex()), rmw.getType(),
            [&]() -> Value {
              return ctx.atomic(rmw.getKind(), MemoryOrder::relaxed,
                                rmw.getValue(), t.memref, idx);
            });
        rmw.replaceAllUsesWith(v);
        rmw.erase();
        return success();
      })
      .Case([&](AtomicCASOp cas) {
        Target t = resolve(cas.getBufferAttr());
        Value idx = ctx.toIndex(cas.getIndex());
        Value v = ctx.guardedValue(
            writeInBounds(cas, t, idx, cas.getIndex()), cas.getType(),
            [&]() -> Value {
              return ctx.cas(MemoryOrder::acq_rel, t.memref, idx,
                             cas.getExpected(), cas.getDesired());
            });
        cas.replaceAllUsesWith(v);
        cas.erase();
        return success();
      })
      .Case([&](ObserveOp observe) {
        Value idx = ctx.toIndex(observe.getIndex());
        Value limit = ctx.index(ctx.kernel.getNumObservables());
        ctx.guarded(inBounds(idx, limit), [&] {
          Value word = ctx.add(ctx.index(VYRE_CTRL_OBSERVABLES), idx);
          ctx.storeVolatile(observe.getValue(), ctx.control, word);
        });
        observe.erase();
        return success();
      })
      .Case([&](PrologueValueOp value) {
        // Computed once for the slot before dispatch (inlinePrologue).
        value.replaceAllUsesWith(ctx.prologueValues[value.getIndex()]);
        value.erase();
        return success();
      })
      .Case([&](IoReadOp read) {
        UserBuffer &into =
            ctx.buffers.find(read.getBufferAttr().getValue())->second;
        read.replaceAllUsesWith(ctx.lowerIoRead(read, into));
        read.erase();
        return success();
      })
      .Case([&](EnqueueOp enqueue) -> LogicalResult {
        if (!ctx.deviceQueue)
          return enqueue.emitOpError()
                 << "needs a kernel with a device queue (device_queue = N), "
                    "served by the interpreter";
        ctx.deviceQueue->lowerEnqueue(enqueue, slotBase);
        enqueue.erase();
        return success();
      })
      .Case([&](FaultOp fault) {
        ctx.raiseFault(fault.getCode());
        fault.erase();
        return success();
      })
      .Case([&](PrintfOp print) {
        Value record = ctx.toIndex(
            ctx.atomic(AtomicKind::Add, MemoryOrder::relaxed, ctx.i32(1),
                       ctx.debug, ctx.index(VYRE_DEBUG_WORD_APPENDED)));
        Value capacity = ctx.index(ctx.kernel.getNumDebugRecords());
        // Past capacity the record is dropped; the appended count keeps
        // counting, so the host knows how many were lost.
        ctx.ifThenElse(inBounds(record, capacity), [&] {
          Value first = ctx.add(ctx.index(VYRE_DEBUG_HEADER_WORDS),
                                ctx.mul(record, ctx.index(VYRE_DEBUG_RECORD_WORDS)));
          ctx.storeVolatile(print.getFormat(), ctx.debug, first);
          for (unsigned k = 0; k < VYRE_PRINTF_MAX_ARGS; ++k) {
            Value value = k < print.getArgs().size() ? print.getArgs()[k]
                                                     : ctx.i32(0);
            ctx.storeVolatile(value, ctx.debug,
                              ctx.add(first, ctx.index(1 + k)));
          }
        });
        print.erase();
        return success();
      })
      .Default([&](Operation *other) {
        return other->emitOpError()
               << "cannot be lowered inside a handler by convert-vyre-to-gpu";
      });
}

} // namespace

LogicalResult mlir::vyre::detail::lowerBodyOp(KernelContext &ctx,
                                              Operation *op, Value slotBase,
                                              bool builtin) {
  return BodyLowering(ctx, slotBase, builtin).lower(op);
}

/// Clones `block` (a handler's or the dispatch prologue's) at `ctx.b`'s
/// insertion point for the slot at `slotBase` and lowers its vyre ops;
/// `builtin` relaxes the control-write check for built-ins' ABI words.
/// Returns the clones of the terminator's operands.
static FailureOr<SmallVector<Value>> inlineBlock(KernelContext &ctx,
                                                 Block &block, Value slotBase,
                                                 bool builtin) {
  OpBuilder &b = ctx.b;
  BlockArgument slot = block.getArgument(0);
  // The slot value stands for the slot's ring offset; vyre.arg reads words
  // relative to `slotBase`, so the stand-in only has to live until then.
  auto standIn = UnrealizedConversionCastOp::create(
      b, slot.getLoc(), TypeRange{slot.getType()}, ValueRange{slotBase});
  IRMapping mapping;
  mapping.map(slot, standIn.getResult(0));
  SmallVector<Operation *> vyreOps;
  SmallVector<Region *> loopBodies;
  for (Operation &op : block.without_terminator()) {
    Operation *copy = b.clone(op, mapping);
    copy->walk([&](Operation *nested) {
      if (isa<VyreDialect>(nested->getDialect()))
        vyreOps.push_back(nested);
      else if (auto loop = dyn_cast<LoopLikeOpInterface>(nested))
        for (Region *body : loop.getLoopRegions())
          loopBodies.push_back(body);
    });
  }
  // The yielded values, held as operands of a placeholder: lowering an op
  // replaces its uses, and the placeholder's operands follow.
  SmallVector<Value> yielded = llvm::map_to_vector(
      block.getTerminator()->getOperands(),
      [&](Value v) { return mapping.lookupOrDefault(v); });
  auto sink = UnrealizedConversionCastOp::create(b, slot.getLoc(), TypeRange{},
                                                 yielded);
  // Every iteration of a handler's loop counts toward the lane's loop
  // budget (see VYRE_CTRL_LOOP_BUDGET), so a pass never runs into a
  // device's bound on loop iterations mid-slot.
  SmallVector<std::pair<arith::ConstantIntOp, Region *>> loopEdges;
  for (Region *body : loopBodies) {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(&body->front());
    loopEdges.emplace_back(ctx.countEdges(1), body);
  }
  OpBuilder::InsertionGuard guard(b);
  Location savedLoc = ctx.loc;
  auto restoreLoc = llvm::make_scope_exit([&] { ctx.loc = savedLoc; });
  BodyLowering lowering(ctx, slotBase, builtin);
  for (Operation *op : vyreOps)
    if (failed(lowering.lower(op)))
      return failure();
  SmallVector<Value> results(sink->getOperands());
  sink.erase();
  // A loop nested in a handler's loop is entered once per outer iteration,
  // masked off or not (counted once the body is lowered).
  for (auto [amount, body] : loopEdges)
    KernelContext::countMaskedLoops(amount, *body);
  standIn.erase();
  return results;
}

LogicalResult mlir::vyre::detail::inlineHandler(KernelContext &ctx,
                                                HandlerOp handler,
                                                Value slotBase) {
  return inlineBlock(ctx, handler.getBody().front(), slotBase,
                     handler.getBuiltin());
}

LogicalResult mlir::vyre::detail::inlinePrologue(KernelContext &ctx,
                                                 DispatchPrologueOp prologue,
                                                 Value slotBase) {
  FailureOr<SmallVector<Value>> values =
      inlineBlock(ctx, prologue.getBody().front(), slotBase,
                  /*builtin=*/false);
  if (failed(values))
    return failure();
  ctx.prologueValues = std::move(*values);
  return success();
}
