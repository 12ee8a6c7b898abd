//===- SlotServer.cpp - claim, dispatch and complete one slot -------------===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Memory model (SPIR-V, GLSL450 memory model, Vulkan): every word another
// agent writes while the kernel runs (slot words, SHUTDOWN, the tenant table,
// control words handlers share) is read with a Volatile load, so the driver
// can neither keep it in a register across polling iterations nor serve it
// from a non-coherent cache. A slot has one owner lane per dispatch, so
// the claim is a device-scope Acquire fence (the slot's words are read
// after its status) and a plain CLAIMED store, not a compare-exchange. The
// completion mirror is stored after a Release fence, which orders every
// write of the handler (user buffers included) and the CLAIMED store
// before it; DONE_COUNT is added per lane and pass with release, so a host
// that has seen it reach N also sees the N mirror words.
//
//===----------------------------------------------------------------------===//

#include "SlotServer.h"

using namespace mlir;
using namespace mlir::vyre;
using namespace mlir::vyre::detail;

SlotHooks::~SlotHooks() = default;

SmallVector<unsigned> SlotServer::dispatchOrder() {
  // A JIT-fused kernel tests only its fused arms, in vyre-fuse's order.
  if (std::optional<ArrayRef<int32_t>> fused = ctx.kernel.getFusedArms())
    return llvm::map_to_vector(*fused, [](int32_t a) { return unsigned(a); });
  SmallVector<unsigned> order(arms.size());
  std::iota(order.begin(), order.end(), 0u);
  ProfileAttr profile = ctx.kernel.getProfileAttr();
  if (!profile)
    return order;
  auto heat = [&](unsigned arm) {
    return profile.getCount(HandlerOp(arms[arm]).getOpcodes());
  };
  llvm::stable_sort(order,
                    [&](unsigned l, unsigned r) { return heat(l) > heat(r); });
  return order;
}

/// The status word a tagged slot `slot` must hold to be claimable
/// (RingABI.h, VYRE_STATUS_LAP_EVEN): its queue's tail W (mod 2 x capacity
/// m) says which lap last wrote each slot. Slots before the tail's position
/// r = W mod m were written in the current lap (parity W >= m), the others
/// in the lap before.
Value SlotServer::expectedTag(Value slot) {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  Value s = ctx.toI32(slot);
  // The queue of `slot`: the last one starting at or before it. An empty
  // queue starts where the next one does, so the next one's select wins.
  SmallVector<unsigned> numbers = queues.queueNumbers();
  ArrayRef<Value> bounds = queues.bounds();
  Value queue = ctx.i32(numbers[0]), first = bounds[numbers[0]],
        end = bounds[numbers[0] + 1];
  for (unsigned q : ArrayRef(numbers).drop_front()) {
    Value inOrAfter = ctx.cmp(arith::CmpIPredicate::uge, s, bounds[q]);
    queue = arith::SelectOp::create(b, loc, inOrAfter, ctx.i32(q), queue);
    first = arith::SelectOp::create(b, loc, inOrAfter, bounds[q], first);
    end = arith::SelectOp::create(b, loc, inOrAfter, bounds[q + 1], end);
  }
  Value capacity = arith::SubIOp::create(b, loc, end, first);
  Value tail = queues.tailOf(queue);
  Value oddLap = ctx.cmp(arith::CmpIPredicate::uge, tail, capacity);
  Value position = arith::SelectOp::create(
      b, loc, oddLap, arith::SubIOp::create(b, loc, tail, capacity), tail);
  Value thisLap = ctx.cmp(arith::CmpIPredicate::ult,
                          arith::SubIOp::create(b, loc, s, first), position);
  Value odd = ctx.cmp(arith::CmpIPredicate::eq,
                      arith::ExtUIOp::create(b, loc, b.getI32Type(), thisLap),
                      arith::ExtUIOp::create(b, loc, b.getI32Type(), oddLap));
  return arith::SelectOp::create(
      b, loc, odd, ctx.i32(VYRE_STATUS_PUBLISHED | VYRE_STATUS_LAP_ODD),
      ctx.i32(VYRE_STATUS_PUBLISHED | VYRE_STATUS_LAP_EVEN));
}

Value SlotServer::statusAt(Value slot) {
  // Clamped into the ring: the load past a lane's last slot is issued too
  // (its value unused), and a lane may start past the end of a small ring.
  Value inRing = arith::MinUIOp::create(ctx.b, ctx.loc, slot,
                                        ctx.index(ctx.kernel.getSlots() - 1));
  return ctx.loadVolatile(ctx.ring,
                          ctx.mul(inRing, ctx.index(VYRE_SLOT_WORDS)));
}

/// Claims `slot`, whose status word read `state`, if it is PUBLISHED
/// (plain, or tagged for the lap its queue's tail implies) and serves it.
/// Returns 1 if it did, and the status of `nextSlot`.
std::pair<Value, Value> SlotServer::tryClaim(Value slot, Value state,
                                                     Value nextSlot) {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  Value base = ctx.mul(slot, ctx.index(VYRE_SLOT_WORDS));
  Value published = ctx.cmp(
      arith::CmpIPredicate::eq,
      arith::AndIOp::create(b, loc, state, ctx.i32(VYRE_STATUS_MASK)),
      ctx.i32(VYRE_STATUS_PUBLISHED));
  auto ifPublished =
      scf::IfOp::create(b, loc, TypeRange{b.getI1Type()}, published, true);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(ifPublished.thenBlock());
  // Plain PUBLISHED was written while no dispatch ran (a pre-filled once
  // ring): claimable without its queue's tail, which a once kernel would
  // read over the bus per slot. A tagged one needs the tail's lap.
  // A dependent slot's flag is not part of its tag (ABI v10).
  Value tagged = deps ? deps->untagged(state) : state;
  Value plain = ctx.cmp(arith::CmpIPredicate::eq, tagged,
                        ctx.i32(VYRE_STATUS_PUBLISHED));
  // A slot the host published again after its IO request (ABI v9) is
  // untagged too: resumed, or failed.
  if (ctx.ioRequest)
    for (uint32_t flag : {VYRE_STATUS_RESUMED, VYRE_STATUS_IO_FAILED})
      plain = arith::OrIOp::create(
          b, loc, plain,
          ctx.cmp(arith::CmpIPredicate::eq, state,
                  ctx.i32(VYRE_STATUS_PUBLISHED | flag)));
  auto ifPlain =
      scf::IfOp::create(b, loc, TypeRange{b.getI1Type()}, plain, true);
  b.setInsertionPointToStart(ifPlain.thenBlock());
  scf::YieldOp::create(b, loc, plain);
  b.setInsertionPointToStart(ifPlain.elseBlock());
  scf::YieldOp::create(
      b, loc, ctx.cmp(arith::CmpIPredicate::eq, tagged, expectedTag(slot)));
  b.setInsertionPointAfter(ifPlain);
  Value claimable = ifPlain.getResult(0);
  if (deps) {
    // Skipped, not waited for, while the counter it waits on is short.
    auto ifReady = scf::IfOp::create(b, loc, TypeRange{b.getI1Type()},
                                     claimable, true);
    b.setInsertionPointToStart(ifReady.thenBlock());
    scf::YieldOp::create(b, loc, ValueRange{deps->ready(slot, state)});
    b.setInsertionPointToStart(ifReady.elseBlock());
    scf::YieldOp::create(b, loc, ValueRange{claimable});
    b.setInsertionPointAfter(ifReady);
    claimable = ifReady.getResult(0);
  }
  scf::YieldOp::create(b, loc, claimable);
  b.setInsertionPointToStart(ifPublished.elseBlock());
  scf::YieldOp::create(b, loc, published);
  b.setInsertionPointAfter(ifPublished);
  // The next slot's status is loaded before this one is served, so its bus
  // round trip overlaps this slot's instead of following it; after the
  // claim's fence, which would wait for it. Seen early is seen old, which
  // is safe: only this lane claims it, and a slot published since is found
  // by a later pass, as one published after this lane's load always was.
  auto ifClaimable =
      scf::IfOp::create(b, loc, TypeRange{b.getI32Type(), b.getI32Type()},
                        ifPublished.getResult(0), true);
  b.setInsertionPointToStart(ifClaimable.thenBlock());
  claimSlot(base);
  Value next = statusAt(nextSlot);
  serveSlot(slot, base, state);
  scf::YieldOp::create(b, loc, ValueRange{ctx.i32(1), next});
  b.setInsertionPointToStart(ifClaimable.elseBlock());
  scf::YieldOp::create(b, loc, ValueRange{ctx.i32(0), statusAt(nextSlot)});
  return {ifClaimable.getResult(0), ifClaimable.getResult(1)};
}

void SlotServer::claimSlot(Value base) {
  // No compare-exchange: a slot has one owner lane per dispatch (the scan's
  // stride, or its workgroup's block) and one dispatch runs at a time, so
  // no other lane can race for it; the CAS was a device-scope atomic round
  // trip on every slot's path. The acquire fence keeps what the CAS's
  // acquire gave: the slot's words are read after its status. CLAIMED
  // reaches the ring before the slot's mirror (the completion's release
  // fence), so the host never rewrites a line that this store then hits.
  DeviceFenceOp::create(ctx.b, ctx.loc, MemoryOrder::acquire);
  ctx.storeVolatile(ctx.i32(VYRE_STATUS_CLAIMED), ctx.ring, base);
}

void SlotServer::claimAndRun(Value base) {
  claimSlot(base);
  memref::StoreOp::create(ctx.b, ctx.loc, ctx.i32(VYRE_FAULT_NONE),
                          ctx.faultVar, ctx.index(0));
  dispatchSlot(base);
}

void SlotServer::serveSlot(Value slot, Value base, Value state) {
  OpBuilder &b = ctx.b;
  memref::StoreOp::create(b, ctx.loc, ctx.i32(VYRE_FAULT_NONE), ctx.faultVar,
                          ctx.index(0));
  currentSlot = slot;
  if (deps) { // (never with IO: the verifier refuses both)
    deps->beforeRun(slot, state, [&] { dispatchSlot(base); });
    return complete(slot, base, state);
  }
  if (!ctx.ioRequest) {
    dispatchSlot(base);
    return complete(slot, base, state);
  }
  // The host could not serve the slot's request: it ends FAULT without
  // running its handler again.
  ctx.beginIoSlot(state);
  ctx.ifThenElse(
      ctx.cmp(arith::CmpIPredicate::eq, state,
              ctx.i32(VYRE_STATUS_PUBLISHED | VYRE_STATUS_IO_FAILED)),
      [&] { ctx.raiseFault(VYRE_FAULT_IO_ERROR); },
      [&] { dispatchSlot(base); });
  complete(slot, base, state);
}

void SlotServer::dispatchSlot(Value base) {
  Value opcode = ctx.loadVolatile(
      ctx.ring, ctx.add(base, ctx.index(VYRE_SLOT_WORD_OPCODE)));
  Value tenant = ctx.loadVolatile(
      ctx.ring, ctx.add(base, ctx.index(VYRE_SLOT_WORD_TENANT)));
  Value known = ctx.cmp(arith::CmpIPredicate::ult, tenant,
                        ctx.i32(VYRE_MAX_TENANTS));
  SmallVector<unsigned> order = dispatchOrder();
  ctx.ifThenElse(
      known,
      [&] {
        // Work every arm shares runs once here, in step across the lanes,
        // not once per divergent arm.
        if (DispatchPrologueOp prologue = ctx.kernel.getPrologue())
          if (failed(inlinePrologue(ctx, prologue, base)))
            result = failure();
        Value mask = ctx.loadTenantMaskWord(tenant, 0);
        dispatch(order, opcode, tenant, mask, base);
      },
      [&] { ctx.raiseFault(VYRE_FAULT_TENANT_OUT_OF_RANGE); });
}

/// `mask0` is the tenant's mask word 0, loaded once per slot; arms 32 and
/// up load their own word in their branch, so narrow kernels pay nothing.
void SlotServer::dispatch(ArrayRef<unsigned> order, Value opcode,
                                  Value tenant, Value mask0, Value base) {
  if (order.empty())
    return raiseUnknownOrDenied(opcode);
  unsigned armIndex = order.front();
  ctx.ifThenElse(
      ctx.opcodeIn(opcode, HandlerOp(arms[armIndex]).getOpcodes()),
      [&] {
        serveArm(armIndex,
                 armIndex < 32 ? mask0
                               : ctx.loadTenantMaskWord(tenant, armIndex / 32),
                 base);
      },
      [&] { dispatch(order.drop_front(), opcode, tenant, mask0, base); });
}

void SlotServer::serveArm(unsigned armIndex, Value mask, Value base) {
  Value bit = ctx.armBit(mask, armIndex);
  Value allowed = ctx.cmp(arith::CmpIPredicate::ne, bit, ctx.i32(0));
  ctx.ifThenElse(
      allowed,
      [&] {
        ctx.countArm(vyre_handler_counter_word(
            ctx.kernel.getNumObservables(), arms.size(), armIndex));
        if (failed(inlineHandler(ctx, arms[armIndex], base)))
          result = failure();
        checkCanary();
      },
      [&] { ctx.raiseFault(VYRE_FAULT_TENANT_DENIED); });
}

void SlotServer::raiseUnknownOrDenied(Value opcode) {
  // A fused kernel defers the slots of its deferred arms and hands every
  // other slot it has no arm for to the generic interpreter, which serves
  // it or faults it as it would have.
  if (ctx.kernel.getFusedArms()) {
    if (hooks)
      return hooks->miss(opcode, currentSlot);
    return ctx.raiseFault(kRequeueMark);
  }
  std::optional<ArrayRef<int64_t>> denied = ctx.kernel.getDeniedOpcodes();
  if (!denied || denied->empty())
    return ctx.raiseFault(VYRE_FAULT_UNKNOWN_OPCODE);
  ctx.raiseFault(arith::SelectOp::create(
      ctx.b, ctx.loc, ctx.opcodeIn(opcode, *denied), ctx.i32(VYRE_FAULT_TENANT_DENIED),
      ctx.i32(VYRE_FAULT_UNKNOWN_OPCODE)));
}

void SlotServer::checkCanary() {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  auto loop = scf::ForOp::create(
      b, loc, ctx.index(0), ctx.canaryTrips, ctx.index(1),
      ValueRange{ctx.index(0)},
      [&](OpBuilder &, Location, Value, ValueRange iters) {
        scf::YieldOp::create(b, loc, ctx.add(iters[0], ctx.index(1)));
      });
  Value shortfall = ctx.cmp(arith::CmpIPredicate::ne, loop.getResult(0),
                            ctx.canaryTrips);
  ctx.ifThenElse(shortfall,
                 [&] { ctx.raiseFault(VYRE_FAULT_ITERATION_LIMIT); });
}

void SlotServer::complete(Value slot, Value base, Value state) {
  OpBuilder &b = ctx.b;
  Value code = memref::LoadOp::create(b, ctx.loc, ctx.faultVar, ctx.index(0));
  if (ctx.kernel.getFusedArms()) {
    // REQUEUE leaves the slot's words as the host wrote them and counts
    // nothing: the slot is not finished until the generic kernel runs it.
    Value requeue = ctx.cmp(arith::CmpIPredicate::eq, code,
                            ctx.i32(kRequeueMark));
    auto requeueIt = [&] { ctx.requeueSlot(slot, base); };
    auto finish = [&] { ctx.completeServed(slot, base, code); };
    if (hooks)
      hooks->end(code, requeue, base, requeueIt, finish);
    else
      ctx.ifThenElse(requeue, requeueIt, finish);
    return;
  }
  if (deps)
    deps->signal(slot, state, code);
  if (!ctx.ioRequest)
    return ctx.completeServed(slot, base, code);
  // A request leaves only from a slot that did not fault.
  Value asks = arith::AndIOp::create(
      b, ctx.loc, ctx.cmp(arith::CmpIPredicate::eq, code, ctx.i32(0)),
      ctx.ioPending());
  ctx.ifThenElse(
      asks, [&] { ctx.issueIoRequest(slot, base); },
      [&] { ctx.completeServed(slot, base, code); });
}

