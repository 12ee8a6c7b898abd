//===- DeferredArms.cpp - cold arms served in arm-sorted rounds -*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// A JIT-fused kernel tests its fused (hot) arms at claim time. A slot of a
// deferred arm is not run there: the lanes of a warp that claimed a mix of
// opcodes would run every arm present one after the other (divergence), so
// a few cold slots would cost the whole warp several handler bodies. The
// lane instead appends the slot to its arm's queue, a bucket of one
// Workgroup array, and moves on; the slot stays CLAIMED. When lane 0
// decides so (between the pass loop's barriers, so the whole workgroup
// drains together) it lays the buckets end to end (their starts) and the
// lanes serve the concatenation in rounds, lane i taking entry
// round * workgroup_size + i: consecutive lanes hold slots of the same arm,
// so a warp runs one body for up to 32 slots and at most one more per
// bucket boundary inside it. Design, drain rule and why every loop here
// runs workgroup-uniform rounds: docs/design.md, "Deferred arms".
//
//===----------------------------------------------------------------------===//

#include "LoopFeatures.h"

using namespace mlir;
using namespace mlir::vyre;
using namespace mlir::vyre::detail;

namespace {
/// Workgroup-memory words the deferral may use (queues, counts, starts):
/// 12 KiB of the 16 KiB every Vulkan device guarantees
/// (maxComputeSharedMemorySize).
constexpr int64_t kDeferralWords = 3072;
/// The fault variable's value for "this slot waits in its arm's bucket"
/// (it stays CLAIMED; the drain serves it later).
constexpr uint32_t kDeferMark = 0xFFFFFFFEu;
/// ... for "the bucket was full: give the claim back" (PUBLISHED again, to
/// be claimed in a later pass).
constexpr uint32_t kUnclaimMark = 0xFFFFFFFDu;
} // namespace

std::unique_ptr<DeferredArms>
DeferredArms::create(KernelContext &ctx, WorkgroupState &state,
                     SlotServer &server, ArrayRef<HandlerOp> arms) {
  std::optional<ArrayRef<int32_t>> list = ctx.kernel.getDeferredArms();
  if (!list || list->empty())
    return nullptr;
  return std::make_unique<DeferredArms>(
      ctx, state, server, arms,
      llvm::map_to_vector(*list, [](int32_t a) { return unsigned(a); }));
}

DeferredArms::DeferredArms(KernelContext &ctx, WorkgroupState &state,
                           SlotServer &server, ArrayRef<HandlerOp> arms,
                           SmallVector<unsigned> deferredArms)
    : ctx(ctx), state(state), server(server), arms(arms),
      bucketArms(std::move(deferredArms)), unclaimedWord(state.reserve()),
      deferredWord(state.reserve()), plannedWord(state.reserve()) {
  // The counts and the starts (one more) take their words first; the
  // verifier bounds the arms (VYRE_MAX_HANDLERS), so every bucket keeps
  // several entries.
  int64_t buckets = int64_t(bucketArms.size());
  capacity = (kDeferralWords - 2 * buckets - 1) / buckets;
}

void DeferredArms::allocate(Value localId, Value workgroups) {
  local = localId;
  numWorkgroups = workgroups;
  int64_t buckets = int64_t(bucketArms.size());
  queue = ctx.workgroupArray(buckets * capacity);
  counts = ctx.workgroupArray(buckets);
  starts = ctx.workgroupArray(buckets + 1);
}

void DeferredArms::initialize() {
  for (StateWord w : {unclaimedWord, deferredWord, plannedWord})
    state.store(0, w);
  // Workgroup memory starts undefined (llvmpipe leaves the previous
  // dispatch's words there: measured, stale counts served stale queue
  // entries). The loop head's barrier orders this before any enqueue.
  for (int64_t i = 0, e = int64_t(bucketArms.size()); i < e; ++i)
    memref::StoreOp::create(ctx.b, ctx.loc, ctx.i32(0), counts, ctx.index(i));
}

void DeferredArms::miss(Value opcode, Value slot) {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  // The bucket of the opcode's arm, or -1: compares and selects, no branch.
  Value bucket = ctx.i32(-1);
  for (auto [i, arm] : llvm::enumerate(bucketArms))
    bucket = arith::SelectOp::create(
        b, loc, ctx.opcodeIn(opcode, HandlerOp(arms[arm]).getOpcodes()),
        ctx.i32(int64_t(i)), bucket);
  Value none = ctx.cmp(arith::CmpIPredicate::eq, bucket, ctx.i32(-1));
  ctx.ifThenElse(
      none, [&] { ctx.raiseFault(kRequeueMark); },
      [&] {
        // A fault already recorded (by the prologue) ends the slot now.
        Value recorded = memref::LoadOp::create(b, loc, ctx.faultVar,
                                                ctx.index(0));
        Value clean = ctx.cmp(arith::CmpIPredicate::eq, recorded, ctx.i32(0));
        ctx.ifThenElse(clean, [&] { enqueue(ctx.toIndex(bucket), slot); });
      });
}

void DeferredArms::end(Value code, Value isRequeue, Value base,
                       function_ref<void()> requeue,
                       function_ref<void()> finish) {
  // A deferred slot stays CLAIMED in its bucket; one given back is
  // PUBLISHED again, untouched, for a later pass.
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  Value isDeferred = ctx.cmp(arith::CmpIPredicate::eq, code,
                             ctx.i32(kDeferMark));
  Value isUnclaimed = ctx.cmp(arith::CmpIPredicate::eq, code,
                              ctx.i32(kUnclaimMark));
  ctx.ifThenElse(isRequeue, requeue, [&] {
    ctx.ifThenElse(
        isUnclaimed,
        [&] {
          ctx.atomic(AtomicKind::Exchange, MemoryOrder::release,
                     ctx.i32(VYRE_STATUS_PUBLISHED), ctx.ring, base);
          state.orInto(ctx.i32(1), unclaimedWord);
        },
        [&] {
          ctx.ifThenElse(
              arith::XOrIOp::create(b, loc, isDeferred,
                                    arith::ConstantIntOp::create(b, loc, 1, 1)),
              finish);
        });
  });
}

void DeferredArms::enqueue(Value bucket, Value slot) {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  // The count may pass the capacity: the claims beyond it are given back,
  // and the drain reads at most `capacity` entries of a bucket.
  Value at = memref::AtomicRMWOp::create(b, loc, arith::AtomicRMWKind::addi,
                                         ctx.i32(1), counts,
                                         ValueRange{bucket});
  Value fits = ctx.cmp(arith::CmpIPredicate::ult, at,
                       ctx.i32(capacity));
  ctx.ifThenElse(
      fits,
      [&] {
        Value where = ctx.add(ctx.mul(bucket, ctx.index(capacity)),
                              ctx.toIndex(at));
        memref::StoreOp::create(b, loc, ctx.toI32(slot),
                                queue, where);
        memref::StoreOp::create(b, loc, ctx.i32(kDeferMark), ctx.faultVar,
                                ctx.index(0));
        // For lane 0's drain decision; the old value is not used.
        state.add(ctx.i32(1), deferredWord);
      },
      [&] {
        memref::StoreOp::create(b, loc, ctx.i32(kUnclaimMark), ctx.faultVar,
                                ctx.index(0));
      });
}

Value DeferredArms::planDrain() {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  int64_t buckets = int64_t(bucketArms.size());
  // starts[i] = entries of the buckets before i (each at most `capacity`),
  // starts[buckets] = all; the counts restart from 0.
  auto walk = scf::ForOp::create(
      b, loc, ctx.index(0), ctx.index(buckets), ctx.index(1),
      ValueRange{ctx.i32(0)},
      [&](OpBuilder &, Location, Value i, ValueRange args) {
        Value before = args[0];
        memref::StoreOp::create(b, loc, before, starts, i);
        Value count = memref::LoadOp::create(b, loc, counts, i);
        memref::StoreOp::create(b, loc, ctx.i32(0), counts, i);
        Value held = arith::MinUIOp::create(b, loc, count,
                                            ctx.i32(capacity));
        scf::YieldOp::create(b, loc, ValueRange{ctx.add(before, held)});
      });
  Value total = walk.getResult(0);
  memref::StoreOp::create(b, loc, total, starts,
                          ctx.index(buckets));
  state.store(0, deferredWord);
  return total;
}

void DeferredArms::afterGo() {
  // Reads this pass's served count and give-back flag, so runs before the
  // loop clears them.
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  Value idle = ctx.cmp(arith::CmpIPredicate::eq, state.load(state.served),
                       ctx.i32(0));
  Value waiting = state.load(deferredWord);
  // A quarter of the workgroup's share of the ring, as dispatched: deferred
  // slots hold ring slots the host cannot refill until they are served.
  Value share = arith::DivUIOp::create(b, loc,
                                       ctx.index(ctx.kernel.getSlots()),
                                       numWorkgroups);
  Value quarter = arith::MaxUIOp::create(
      b, loc, ctx.toI32(arith::DivUIOp::create(b, loc, share, ctx.index(4))),
      ctx.i32(1));
  Value crowded = ctx.cmp(arith::CmpIPredicate::uge, waiting, quarter);
  // A lane found its bucket full and gave a claim back.
  Value full = state.flag(unclaimedWord);
  Value any = ctx.cmp(arith::CmpIPredicate::ne, waiting, ctx.i32(0));
  Value drainNow = arith::OrIOp::create(
      b, loc, arith::AndIOp::create(b, loc, idle, any),
      arith::OrIOp::create(b, loc, crowded, full));
  // This pass's drain: the entries planned (0: none).
  state.store(0, plannedWord);
  ctx.ifThenElse(drainNow, [&] { state.store(planDrain(), plannedWord); });
}

Value DeferredArms::owedScan() {
  // A slot given back to PUBLISHED (its bucket was full) is claimed again
  // even if nothing new was published.
  Value owed = state.flag(unclaimedWord);
  state.store(0, unclaimedWord);
  return owed;
}

void DeferredArms::beginPass() {
  // Deferred slots first, all lanes of the workgroup together.
  ctx.ifThenElse(state.flag(plannedWord),
                 [&] { drain(state.load(plannedWord)); });
}

void DeferredArms::afterLoop() {
  // No slot may stay CLAIMED in a bucket after the dispatch. A drain lane 0
  // planned in the head that ended the loop did not run (nothing was
  // deferred since: no pass ran); else lane 0 plans one now.
  Value leader = ctx.cmp(arith::CmpIPredicate::eq, local, ctx.index(0));
  ctx.ifThenElse(leader, [&] {
    Value none = ctx.cmp(arith::CmpIPredicate::eq, state.load(plannedWord),
                         ctx.i32(0));
    ctx.ifThenElse(none, [&] { state.store(planDrain(), plannedWord); });
  });
  gpu::BarrierOp::create(ctx.b, ctx.loc);
  drain(state.load(plannedWord));
}

Value DeferredArms::bucketOf(Value entry) {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  // The last bucket whose start is <= entry (empty buckets share their
  // start with the next, so the last one is the bucket holding it): a
  // binary search of fixed depth, so every lane runs the same steps.
  int64_t buckets = int64_t(bucketArms.size());
  Value low = ctx.index(0), high = ctx.index(buckets);
  for (int64_t span = buckets; span > 1; span = (span + 1) / 2) {
    Value middle = arith::ShRUIOp::create(b, loc, ctx.add(low, high),
                                          ctx.index(1));
    Value start = memref::LoadOp::create(b, loc, starts, middle);
    Value atOrBelow = ctx.cmp(arith::CmpIPredicate::ule, start, entry);
    low = arith::SelectOp::create(b, loc, atOrBelow, middle, low);
    high = arith::SelectOp::create(b, loc, atOrBelow, high, middle);
  }
  return low;
}

void DeferredArms::drain(Value total) {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  // Every lane runs the same rounds (workgroup-uniform): llvmpipe skipped
  // iterations of a loop whose trip count differed between lanes and
  // whose body holds loops (the handlers'), once a workgroup spans
  // several SIMD chunks (measured: lost slots).
  Value size = ctx.index(ctx.kernel.getWorkgroupSize());
  Value entries = ctx.toIndex(total);
  Value rounds = arith::DivUIOp::create(
      b, loc, ctx.add(entries, ctx.index(ctx.kernel.getWorkgroupSize() - 1)),
      size);
  arith::ConstantIntOp roundEdges;
  auto drain = scf::ForOp::create(
      b, loc, ctx.index(0), rounds, ctx.index(1), ValueRange{},
      [&](OpBuilder &, Location, Value round, ValueRange) {
        roundEdges = ctx.countEdges(1);
        Value entry = ctx.add(ctx.mul(round, size), local);
        Value inside = ctx.cmp(arith::CmpIPredicate::ult, entry, entries);
        ctx.ifThenElse(inside, [&] {
          Value bucket = bucketOf(ctx.toI32(entry));
          Value start = memref::LoadOp::create(b, loc, starts,
                                               bucket);
          Value where = ctx.add(
              ctx.mul(bucket, ctx.index(capacity)),
              arith::SubIOp::create(b, loc, entry, ctx.toIndex(start)));
          Value slot = ctx.toIndex(
              memref::LoadOp::create(b, loc, queue, where));
          // With the round's: as a scanned slot (the loop's back-edge,
          // the canary's two and one spare).
          ctx.countEdges(3);
          for (auto [i, arm] : llvm::enumerate(bucketArms)) {
            unsigned armIndex = arm;
            ctx.ifThenElse(
                ctx.cmp(arith::CmpIPredicate::eq, bucket,
                        ctx.index(int64_t(i))),
                [&] { serveDeferred(slot, armIndex); });
          }
        });
        scf::YieldOp::create(b, loc);
      });
  // Every deferred arm's loops are entered in every round, masked off.
  KernelContext::countMaskedLoops(roundEdges, drain.getRegion());
  // Lanes defer into the buckets again only after every lane has read its
  // entries.
  gpu::BarrierOp::create(b, loc);
}

void DeferredArms::serveDeferred(Value slot, unsigned armIndex) {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  Value base = ctx.mul(slot, ctx.index(VYRE_SLOT_WORDS));
  memref::StoreOp::create(b, loc, ctx.i32(VYRE_FAULT_NONE), ctx.faultVar,
                          ctx.index(0));
  // The tenant was range-checked when the slot was claimed; its mask is
  // read now, as the interpreter reads it when it serves a slot.
  Value tenant = ctx.loadVolatile(
      ctx.ring, ctx.add(base, ctx.index(VYRE_SLOT_WORD_TENANT)));
  if (DispatchPrologueOp prologue = ctx.kernel.getPrologue())
    if (failed(inlinePrologue(ctx, prologue, base)))
      result = failure();
  server.serveArm(armIndex, ctx.loadTenantMaskWord(tenant, armIndex / 32), base);
  Value code = memref::LoadOp::create(b, loc, ctx.faultVar, ctx.index(0));
  ctx.completeServed(slot, base, code);
}
