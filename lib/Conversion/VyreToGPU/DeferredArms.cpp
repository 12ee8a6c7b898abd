//===- DeferredArms.cpp - cold arms served in opcode-uniform rounds -*- C++ -*-===//
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
// lane instead adds the slot to its own list, kept sorted by arm, and moves
// on; the slot stays CLAIMED. When lane 0 decides so (between the pass
// loop's barriers, so the whole workgroup drains together) every lane
// serves its list arm by arm: all lanes of a warp holding slots of arm a
// run a's body at the same time. Each list is written and served by its
// own lane only (its stripe of a Workgroup array), and a dispatch serves
// every list before it returns. Design, drain rule and why the drain's
// loops run uniform rounds: docs/design.md, "Deferred arms".
//
//===----------------------------------------------------------------------===//

#include "InterpreterBuilder.h"

using namespace mlir;
using namespace mlir::vyre;
using namespace mlir::vyre::detail;

namespace {
/// Slots one lane may hold deferred; a lane whose list is full gives the
/// next claim back (PUBLISHED) and the workgroup drains at the next pass.
constexpr int64_t kMaxDeferListEntries = 16;
/// Workgroup-memory words all lanes' lists together may use: 12 KiB of the
/// 16 KiB every Vulkan device guarantees (maxComputeSharedMemorySize).
constexpr int64_t kDeferralWords = 3072;
/// An entry is slot << kTagBits | bucket (bucket < VYRE_MAX_HANDLERS).
constexpr int64_t kTagBits = 8;
static_assert(VYRE_MAX_HANDLERS <= (1u << kTagBits),
              "a bucket number must fit the entry's tag");
} // namespace

void InterpreterBuilder::setUpDeferral() {
  std::optional<ArrayRef<int32_t>> list = ctx.kernel.getDeferredArms();
  if (!list || list->empty())
    return;
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  Deferral d;
  d.arms = llvm::map_to_vector(*list, [](int32_t a) { return unsigned(a); });
  // Each lane's list is its own stripe of one Workgroup array rather than
  // a dynamically indexed Function array, which GPUs keep in per-thread
  // local memory off chip.
  int64_t size = ctx.kernel.getWorkgroupSize();
  d.capacity = std::clamp<int64_t>(kDeferralWords / size, 1,
                                   kMaxDeferListEntries);
  d.list = memref::AllocOp::create(
      b, loc,
      MemRefType::get({size * d.capacity}, b.getI32Type(),
                      MemRefLayoutAttrInterface{},
                      spirv::StorageClassAttr::get(
                          b.getContext(), spirv::StorageClass::Workgroup)));
  d.first = ctx.mul(local, ctx.index(d.capacity));
  d.length = ctx.functionWord();
  memref::StoreOp::create(b, loc, ctx.i32(0), d.length, ctx.index(0));
  deferral = std::move(d);
}

void InterpreterBuilder::deferOrRequeue(Value opcode) {
  if (!deferral)
    return ctx.raiseFault(kRequeueMark);
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  // The bucket of the opcode's arm, or -1: compares and selects, no branch.
  Value bucket = ctx.i32(-1);
  for (auto [i, arm] : llvm::enumerate(deferral->arms))
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
        ctx.ifThenElse(clean, [&] {
          Value length = memref::LoadOp::create(b, loc, deferral->length,
                                                ctx.index(0));
          Value fits = ctx.cmp(arith::CmpIPredicate::ult, length,
                               ctx.i32(deferral->capacity));
          ctx.ifThenElse(
              fits, [&] { insertSorted(bucket, length); },
              [&] {
                memref::StoreOp::create(b, loc, ctx.i32(kUnclaimMark),
                                        ctx.faultVar, ctx.index(0));
              });
        });
      });
}

Value InterpreterBuilder::listIndex(Value position) {
  return ctx.add(deferral->first, ctx.toIndex(position));
}

Value InterpreterBuilder::entryTag(Value entry) {
  return arith::AndIOp::create(ctx.b, ctx.loc, entry,
                               ctx.i32((1 << kTagBits) - 1));
}

void InterpreterBuilder::insertSorted(Value bucket, Value length) {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  Value entry = arith::OrIOp::create(
      b, loc,
      arith::ShLIOp::create(b, loc, ctx.toI32(currentSlot),
                            ctx.i32(kTagBits)),
      bucket);
  // Insertion sort step: entries of a higher bucket move up one place.
  auto shift = scf::WhileOp::create(
      b, loc, TypeRange{b.getI32Type()}, ValueRange{length},
      [&](OpBuilder &, Location, ValueRange args) {
        Value j = args[0];
        Value inside = ctx.cmp(arith::CmpIPredicate::ugt, j, ctx.i32(0));
        // list[max(j, 1) - 1]: never out of the list, used only if inside.
        Value below = arith::SubIOp::create(
            b, loc, arith::MaxUIOp::create(b, loc, j, ctx.i32(1)), ctx.i32(1));
        Value previous =
            memref::LoadOp::create(b, loc, deferral->list, listIndex(below));
        Value higher = ctx.cmp(arith::CmpIPredicate::ugt, entryTag(previous),
                               bucket);
        scf::ConditionOp::create(
            b, loc, arith::AndIOp::create(b, loc, inside, higher),
            ValueRange{j});
      },
      [&](OpBuilder &, Location, ValueRange args) {
        ctx.countEdges(1);
        Value j = args[0];
        Value below = arith::SubIOp::create(b, loc, j, ctx.i32(1));
        Value moved =
            memref::LoadOp::create(b, loc, deferral->list, listIndex(below));
        memref::StoreOp::create(b, loc, moved, deferral->list, listIndex(j));
        scf::YieldOp::create(b, loc, ValueRange{below});
      });
  memref::StoreOp::create(b, loc, entry, deferral->list,
                          listIndex(shift.getResult(0)));
  memref::StoreOp::create(b, loc, ctx.add(length, ctx.i32(1)),
                          deferral->length, ctx.index(0));
  memref::StoreOp::create(b, loc, ctx.i32(kDeferMark), ctx.faultVar,
                          ctx.index(0));
  // Counted for lane 0's drain decision, with the longest list, which
  // bounds the drain's rounds; the old values are not used.
  memref::AtomicRMWOp::create(b, loc, arith::AtomicRMWKind::addi, ctx.i32(1),
                              shared, ValueRange{deferredSlot});
  memref::AtomicRMWOp::create(b, loc, arith::AtomicRMWKind::maxu,
                              ctx.add(length, ctx.i32(1)), shared,
                              ValueRange{longestSlot});
}

void InterpreterBuilder::decideDrain() {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  Value served = memref::LoadOp::create(b, loc, shared, servedSlot);
  Value idle = ctx.cmp(arith::CmpIPredicate::eq, served, ctx.i32(0));
  Value deferred = memref::LoadOp::create(b, loc, shared, deferredSlot);
  // A quarter of the workgroup's share of the ring, as dispatched: deferred
  // slots hold ring slots the host cannot refill until they are served.
  Value share = arith::DivUIOp::create(b, loc,
                                       ctx.index(ctx.kernel.getSlots()),
                                       numWorkgroups);
  Value quarter = arith::MaxUIOp::create(
      b, loc, ctx.toI32(arith::DivUIOp::create(b, loc, share, ctx.index(4))),
      ctx.i32(1));
  Value crowded = ctx.cmp(arith::CmpIPredicate::uge, deferred, quarter);
  // A lane whose list was full gave a claim back.
  Value full = ctx.cmp(arith::CmpIPredicate::ne,
                       memref::LoadOp::create(b, loc, shared, unclaimedSlot),
                       ctx.i32(0));
  Value any = ctx.cmp(arith::CmpIPredicate::ne, deferred, ctx.i32(0));
  Value drain = arith::OrIOp::create(
      b, loc, arith::AndIOp::create(b, loc, idle, any),
      arith::OrIOp::create(b, loc, crowded, full));
  // The drain's rounds (0: no drain): the longest list, then cleared with
  // the count.
  Value longest = memref::LoadOp::create(b, loc, shared, longestSlot);
  memref::StoreOp::create(
      b, loc, arith::SelectOp::create(b, loc, drain, longest, ctx.i32(0)),
      shared, drainSlot);
  for (Value word : {deferredSlot, longestSlot})
    memref::StoreOp::create(
        b, loc,
        arith::SelectOp::create(
            b, loc, drain, ctx.i32(0),
            memref::LoadOp::create(b, loc, shared, word)),
        shared, word);
}

void InterpreterBuilder::drainDeferred(Value rounds) {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  Value length = memref::LoadOp::create(b, loc, deferral->length,
                                        ctx.index(0));
  // The list is sorted by bucket: bucket i's entries are the run that
  // starts where bucket i - 1's ended. Lanes walk their runs in step, so a
  // warp runs arm i's body once per entry of its fullest lane. Every loop
  // runs `rounds` times in every lane (workgroup-uniform), a lane serving
  // in a round only if its next entry is arm i's: llvmpipe skipped
  // iterations of a loop whose trip count differed between lanes and
  // whose body holds loops (the handler's), once a workgroup spans
  // several SIMD chunks (measured: lost slots).
  Value cursor = ctx.i32(0);
  for (auto [i, arm] : llvm::enumerate(deferral->arms)) {
    unsigned armIndex = arm;
    int64_t tag = int64_t(i);
    auto run = scf::ForOp::create(
        b, loc, ctx.index(0), ctx.toIndex(rounds), ctx.index(1),
        ValueRange{cursor},
        [&](OpBuilder &, Location, Value, ValueRange args) {
          ctx.countEdges(1);
          Value at = args[0];
          Value inside = ctx.cmp(arith::CmpIPredicate::ult, at, length);
          Value clamped = arith::MinUIOp::create(
              b, loc, at, ctx.i32(deferral->capacity - 1));
          Value entry = memref::LoadOp::create(b, loc, deferral->list,
                                               listIndex(clamped));
          Value mine = arith::AndIOp::create(
              b, loc, inside,
              ctx.cmp(arith::CmpIPredicate::eq, entryTag(entry),
                      ctx.i32(tag)));
          ctx.ifThenElse(mine, [&] {
            // With the round's: as a scanned slot (the loop's back-edge,
            // the canary's two and one spare).
            ctx.countEdges(3);
            Value slot = ctx.toIndex(
                arith::ShRUIOp::create(b, loc, entry, ctx.i32(kTagBits)));
            serveDeferred(slot, armIndex);
          });
          scf::YieldOp::create(
              b, loc,
              ValueRange{arith::SelectOp::create(
                  b, loc, mine, ctx.add(at, ctx.i32(1)), at)});
        });
    cursor = run.getResult(0);
  }
  memref::StoreOp::create(b, loc, ctx.i32(0), deferral->length, ctx.index(0));
}

void InterpreterBuilder::serveDeferred(Value slot, unsigned armIndex) {
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
      status = failure();
  serveArm(armIndex, ctx.loadTenantMaskWord(tenant, armIndex / 32), base);
  Value code = memref::LoadOp::create(b, loc, ctx.faultVar, ctx.index(0));
  ctx.completeServed(slot, base, code);
}
