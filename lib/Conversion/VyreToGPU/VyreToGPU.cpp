//===- VyreToGPU.cpp - megakernel to persistent gpu.func ---------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// The persistent interpreter loop (docs/design.md, "Lowering"):
//
//   lane = workgroup_id * workgroup_size + local_id
//   lanes = num_workgroups * workgroup_size              // as dispatched
//   loop:                                                // workgroup-uniform
//     barrier; lane 0: go = control[SHUTDOWN] == 0
//                           && (no LOOP_BUDGET || max lane back-edges <
//                               LOOP_BUDGET)
//                           && (persistent || served a slot last pass)
//                      scan = !DOORBELL_ON || DOORBELL moved since last pass
//                             || last pass restricted
//                             (persistent; once mode always scans)
//                      restricted = last pass served a critical/high slot
//                             && < starvation_bound restricted in a row
//                             (control[78]++ when set); barrier
//     if !go: return
//     if !scan: next pass
//     for s in lane, lane + lanes, ... < slots:        // strided share
//         (contiguous shard: s in this workgroup's block, step
//          workgroup_size; priority partitions are slot ranges, critical
//          first, so each lane meets critical slots first; a
//          restricted pass stops at the end of the high partition)
//       if volatile ring[s].status != PUBLISHED: continue   // one load
//         (plain, or tagged with the lap its queue's tail implies)
//       fence acquire; ring[s].status = CLAIMED   // the owner lane: no CAS
//       fault = 0
//       tenant check -> dispatch prologue (once per slot) -> arm match
//         -> tenant mask -> handler body
//       if fault: log (slot, code); slot word 15 = code;
//                 status = FAULT (release); completions[s] = FAULT;
//                 FAULT_COUNT++
//       else:     status = DONE (release); completions[s] = DONE;
//                 DONE_COUNT++
//     local_id == 0: HEARTBEAT++
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

#include "InterpreterBuilder.h"
#include "vyre/Conversion/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVAttributes.h"
#include "mlir/Dialect/SPIRV/IR/TargetAndABI.h"
#include "mlir/AsmParser/AsmParser.h"

namespace mlir::vyre {
#define GEN_PASS_DEF_CONVERTVYRETOGPU
#include "vyre/Conversion/Passes.h.inc"
} // namespace mlir::vyre

using namespace mlir;
using namespace mlir::vyre;
using namespace mlir::vyre::detail;


SmallVector<unsigned> InterpreterBuilder::dispatchOrder() {
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

LogicalResult InterpreterBuilder::build(gpu::GPUFuncOp func) {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  MegakernelOp kernel = ctx.kernel;
  b.setInsertionPointToStart(&func.front());

  ctx.faultVar = ctx.functionWord();
  ctx.setUpIo();

  ctx.loadBufferLengths();

  ctx.canaryTrips = ctx.toIndex(
      ctx.loadVolatile(ctx.control, ctx.index(VYRE_CTRL_CANARY_TRIPS)));

  workgroup = gpu::BlockIdOp::create(b, loc, gpu::Dimension::x);
  local = gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x);
  numWorkgroups = gpu::GridDimOp::create(b, loc, gpu::Dimension::x);
  Value size = ctx.index(kernel.getWorkgroupSize());
  Value lane = ctx.add(ctx.mul(workgroup, size), local);
  // The stride is the lanes actually dispatched, not the manifest's count,
  // so a host may launch fewer workgroups (as many as the device runs at
  // once) and every slot still has a running owner.
  Value lanes = ctx.mul(numWorkgroups, size);
  bool persistent = kernel.getMode() == Mode::persistent;
  Value leader = ctx.cmp(arith::CmpIPredicate::eq, local, ctx.index(0));

  // Deferred arms' buckets (JIT-fused kernels with deferred_arms).
  setUpDeferral();

  // Workgroup-shared [go, served-this-pass]. Lane 0 decides for the whole
  // workgroup whether to run another pass, between two barriers, so the loop
  // is workgroup-uniform: barriers are legal in it, and a device that runs a
  // workgroup's lanes as sequential SIMD chunks (llvmpipe) switches chunks at
  // each barrier instead of running the first chunk's endless loop forever.
  // (A memref.alloc in Workgroup storage: upstream's MemRef-to-SPIR-V turns
  // it into a Workgroup variable; gpu.func workgroup attributions have no
  // SPIR-V lowering.)
  // [go, served-this-pass, max lane back-edges, last doorbell, scan,
  //  served-high-this-pass, restricted, restricted passes in a row,
  //  deferred arms: a claim given back this pass, slots deferred since the
  //  last drain plan, entries of this pass's drain;
  //  persistent: each queue's tail as the loop head last read it
  //  (PassState.cpp)].
  int64_t words = deferral ? 11 : 8;
  if (persistent) {
    tailsBase = words;
    words += VYRE_PRIORITY_LEVELS;
  }
  if (partitioned()) {
    boundsBase = words;
    words += VYRE_PRIORITY_OFFSET_WORDS;
  }
  shared = memref::AllocOp::create(
      b, loc,
      MemRefType::get({words}, b.getI32Type(),
                      MemRefLayoutAttrInterface{},
                      spirv::StorageClassAttr::get(
                          b.getContext(), spirv::StorageClass::Workgroup)));
  servedSlot = ctx.index(1);
  Value goSlot = ctx.index(0), edgesSlot = ctx.index(2),
        scanSlot = ctx.index(4);
  doorbellSlot = ctx.index(3);
  servedHighSlot = ctx.index(5);
  restrictedSlot = ctx.index(6);
  runSlot = ctx.index(7);
  if (deferral) {
    unclaimedSlot = ctx.index(8);
    deferredSlot = ctx.index(9);
    drainSlot = ctx.index(10);
  }
  // Restricted passes stop where the normal queue starts.
  ShardAttr shard = kernel.getShardAttr();
  restricts = partitioned() && shard.getStarvationBound() != 0;
  // shared[word] != 0.
  auto sharedFlag = [&](Value word) {
    return ctx.cmp(arith::CmpIPredicate::ne,
                   memref::LoadOp::create(b, loc, shared, word), ctx.i32(0));
  };
  // Doorbell (persistent only): scan the ring only in passes where the
  // host's published count moved. Starts as "never seen" so the first pass
  // always scans (slots left PUBLISHED by a dispatch that spent its budget).
  Value doorbellOn =
      persistent ? ctx.cmp(arith::CmpIPredicate::ne,
                           ctx.loadVolatile(ctx.control,
                                            ctx.index(VYRE_CTRL_DOORBELL_ON)),
                           ctx.i32(0))
                 : Value();
  ctx.doneVar = ctx.functionWord();
  memref::StoreOp::create(b, loc, ctx.i32(0), ctx.doneVar, ctx.index(0));
  ctx.armRunWord = ctx.functionWord();
  ctx.armRunCount = ctx.functionWord();
  for (Value w : {ctx.armRunWord, ctx.armRunCount})
    memref::StoreOp::create(b, loc, ctx.i32(0), w, ctx.index(0));
  ctx.ifThenElse(leader, [&] {
    memref::StoreOp::create(b, loc, ctx.i32(1), shared, servedSlot);
    memref::StoreOp::create(b, loc, ctx.i32(0), shared, edgesSlot);
    for (int64_t q = 0; tailsBase >= 0 && q < VYRE_PRIORITY_LEVELS; ++q)
      memref::StoreOp::create(b, loc, ctx.i32(0), shared,
                              ctx.index(tailsBase + q));
    for (Value w : {servedHighSlot, restrictedSlot, runSlot, unclaimedSlot,
                    deferredSlot, drainSlot})
      if (w)
        memref::StoreOp::create(b, loc, ctx.i32(0), shared, w);
    if (deferral)
      resetDeferral(); // the loop head's barrier orders it before any enqueue
    if (boundsBase >= 0)
      shareQueueBounds(); // read after the loop head's barrier
    // Both modes: a once kernel ends when its last pass saw no doorbell.
    Value bell = ctx.loadVolatile(ctx.control, ctx.index(VYRE_CTRL_DOORBELL));
    memref::StoreOp::create(b, loc,
                            arith::XOrIOp::create(b, loc, bell, ctx.i32(-1)),
                            shared, doorbellSlot);
  });
  // This lane's loop back-edges so far in this dispatch.
  ctx.edgesVar = ctx.functionWord();
  memref::StoreOp::create(b, loc, ctx.i32(0), ctx.edgesVar, ctx.index(0));

  arith::ConstantIntOp passEdges;
  auto passLoop = scf::WhileOp::create(
      b, loc, TypeRange{}, ValueRange{},
      [&](OpBuilder &, Location, ValueRange) {
        gpu::BarrierOp::create(b, loc);
        ctx.ifThenElse(leader, [&] {
          Value shutdown =
              ctx.loadVolatile(ctx.control, ctx.index(VYRE_CTRL_SHUTDOWN));
          Value go = ctx.cmp(arith::CmpIPredicate::eq, shutdown, ctx.i32(0));
          // Loop budget: leave at a pass boundary before a device that
          // bounds loop iterations (lavapipe: 65535 back-edges per
          // invocation, all loops together) stops a loop mid-way; the host
          // relaunches the dispatch. Every lane's count is in shared[2].
          Value budget =
              ctx.loadVolatile(ctx.control, ctx.index(VYRE_CTRL_LOOP_BUDGET));
          Value edges = memref::LoadOp::create(b, loc, shared, edgesSlot);
          Value unbounded = ctx.cmp(arith::CmpIPredicate::eq, budget, ctx.i32(0));
          Value withinBudget = ctx.cmp(arith::CmpIPredicate::ult, edges, budget);
          go = arith::AndIOp::create(
              b, loc, go,
              arith::OrIOp::create(b, loc, unbounded, withinBudget));
          // The previous pass skipped the lower partitions: this one must
          // scan (once mode: must run; persistent: even if the doorbell
          // did not move), or slots there could wait forever.
          Value wasRestricted =
              restricts ? sharedFlag(restrictedSlot) : Value();
          if (!persistent) {
            Value more = deferral ? sharedFlag(servedSlot) : onceDoorbellMoved();
            if (wasRestricted)
              more = arith::OrIOp::create(b, loc, more, wasRestricted);
            go = arith::AndIOp::create(b, loc, go, more);
          }
          if (restricts)
            decideRestriction();
          memref::StoreOp::create(
              b, loc, arith::ExtUIOp::create(b, loc, b.getI32Type(), go),
              shared, goSlot);
          // Reads this pass's served count and give-back flag, so before
          // both are cleared.
          if (deferral)
            decideDrain();
          memref::StoreOp::create(b, loc, ctx.i32(0), shared, servedSlot);
          if (persistent) {
            Value bell =
                ctx.loadVolatile(ctx.control, ctx.index(VYRE_CTRL_DOORBELL));
            Value last = memref::LoadOp::create(b, loc, shared, doorbellSlot);
            Value moved = arith::OrIOp::create(
                b, loc, ctx.cmp(arith::CmpIPredicate::ne, bell, last),
                snapshotTails());
            Value scan = arith::OrIOp::create(
                b, loc, moved,
                arith::XOrIOp::create(
                    b, loc, doorbellOn,
                    arith::ConstantIntOp::create(b, loc, 1, 1)));
            if (wasRestricted)
              scan = arith::OrIOp::create(b, loc, scan, wasRestricted);
            // A slot given back to PUBLISHED (its bucket was full) is
            // claimed again even if nothing new was published.
            if (deferral) {
              scan = arith::OrIOp::create(b, loc, scan,
                                          sharedFlag(unclaimedSlot));
              memref::StoreOp::create(b, loc, ctx.i32(0), shared,
                                      unclaimedSlot);
            }
            memref::StoreOp::create(
                b, loc, arith::ExtUIOp::create(b, loc, b.getI32Type(), scan),
                shared, scanSlot);
            memref::StoreOp::create(b, loc, bell, shared, doorbellSlot);
          }
        });
        gpu::BarrierOp::create(b, loc);
        Value go = ctx.cmp(arith::CmpIPredicate::ne,
                           memref::LoadOp::create(b, loc, shared, goSlot),
                           ctx.i32(0));
        scf::ConditionOp::create(b, loc, go, ValueRange{});
      },
      [&](OpBuilder &, Location, ValueRange) {
        // The pass's own back-edge, whether or not this lane scans a slot
        // (in a restricted pass whole workgroups may scan none), and its
        // share of the loops the pass enters masked off (set below).
        passEdges = ctx.countEdges(1);
        Value restricted = restricts ? sharedFlag(restrictedSlot) : Value();
        if (persistent) {
          Value scan = ctx.cmp(arith::CmpIPredicate::ne,
                               memref::LoadOp::create(b, loc, shared, scanSlot),
                               ctx.i32(0));
          // Deferred slots first, all lanes of the workgroup together.
          if (deferral)
            ctx.ifThenElse(sharedFlag(drainSlot), [&] {
              drainDeferred(memref::LoadOp::create(b, loc, shared, drainSlot));
            });
          ctx.ifThenElse(scan, [&] {
            Value found = scanPass(lane, lanes, restricted);
            if (deferral)
              memref::AtomicRMWOp::create(b, loc, arith::AtomicRMWKind::addi,
                                          found, shared,
                                          ValueRange{servedSlot});
            // A pass that did not scan served nothing, and the last tally
            // emptied the counts: an idle pass (most passes of a persistent
            // kernel, and a lane's wait between a round trip's slots) skips
            // the tally's loads and branches. Deferring kernels also
            // complete slots in the drain above, so they tally every pass.
            if (!deferral)
              tallyLaneDone();
          });
          if (deferral)
            tallyLaneDone();
        } else {
          Value found = scanPass(lane, lanes, restricted);
          Value any = ctx.cmp(arith::CmpIPredicate::ne, found, ctx.i32(0));
          ctx.ifThenElse(any, [&] {
            memref::AtomicRMWOp::create(b, loc, arith::AtomicRMWKind::addi,
                                        found, shared, ValueRange{servedSlot});
          });
          tallyLaneDone();
        }
        Value mine =
            memref::LoadOp::create(b, loc, ctx.edgesVar, ctx.index(0));
        memref::AtomicRMWOp::create(b, loc, arith::AtomicRMWKind::maxu, mine,
                                    shared, ValueRange{edgesSlot});
        ctx.ifThenElse(leader, [&] {
          ctx.atomic(AtomicKind::Add, MemoryOrder::relaxed, ctx.i32(1),
                     ctx.control, ctx.index(VYRE_CTRL_HEARTBEAT));
        });
        scf::YieldOp::create(b, loc);
      });
  // An idle pass of a 40-arm kernel enters the scan loop and its 40
  // canaries once each on llvmpipe: 42 chunk back-edges where the lane
  // counted 1, so the device's bound cut dispatches mid-slot (1559 idle
  // passes, 2026-12-03) before the budget was reached.
  KernelContext::countMaskedLoops(passEdges, passLoop.getAfter());
  // No slot may stay CLAIMED in a bucket after the dispatch.
  if (deferral) {
    ctx.ifThenElse(leader, [&] { planFinalDrain(); });
    gpu::BarrierOp::create(b, loc);
    drainDeferred(memref::LoadOp::create(b, loc, shared, drainSlot));
  }
  // The last drain's DONEs; and where a device stopped the loop itself
  // (lavapipe's iteration bound), the DONEs of the pass it cut short.
  tallyLaneDone();
  gpu::ReturnOp::create(b, loc);
  return status;
}

/// Priority by position: the partitions are laid out critical first, and
/// every lane walks its share of the ring in slot order, so in each pass it
/// meets its critical slots before its normal and idle ones.
///
/// Starvation bound: while critical and high work keeps coming (the last
/// pass served some), passes walk only the critical and high partitions,
/// so lanes return to them sooner instead of spending the pass on the rest
/// of the ring; at most `starvation_bound` restricted passes run in a row,
/// then a full one. A lower-priority slot waits at most bound + 1 passes.
void InterpreterBuilder::decideRestriction() {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  Value high = memref::LoadOp::create(b, loc, shared, servedHighSlot);
  Value inRow = memref::LoadOp::create(b, loc, shared, runSlot);
  Value bound = ctx.i32(ctx.kernel.getShardAttr().getStarvationBound());
  Value next = arith::AndIOp::create(
      b, loc, ctx.cmp(arith::CmpIPredicate::ne, high, ctx.i32(0)),
      ctx.cmp(arith::CmpIPredicate::ult, inRow, bound));
  memref::StoreOp::create(b, loc,
                          arith::ExtUIOp::create(b, loc, b.getI32Type(), next),
                          shared, restrictedSlot);
  memref::StoreOp::create(
      b, loc,
      arith::SelectOp::create(b, loc, next, ctx.add(inRow, ctx.i32(1)),
                              ctx.i32(0)),
      shared, runSlot);
  memref::StoreOp::create(b, loc, ctx.i32(0), shared, servedHighSlot);
  // Restricted passes, all workgroups together, for the host to see.
  ctx.ifThenElse(next, [&] {
    ctx.atomic(AtomicKind::Add, MemoryOrder::relaxed, ctx.i32(1), ctx.control,
               ctx.index(VYRE_CTRL_STARVATION));
  });
}

Value InterpreterBuilder::scanPass(Value lane, Value lanes, Value restricted) {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  MegakernelOp kernel = ctx.kernel;
  Value limit = ctx.index(kernel.getSlots());
  Value first = lane, last = limit, step = lanes;
  ShardAttr shard = kernel.getShardAttr();
  if (shard && shard.getStrategy() == ShardStrategy::contiguous) {
    // Workgroup w owns ring block [w*chunk, (w+1)*chunk), chunk =
    // ceil(slots / workgroups dispatched), its lanes strided within it:
    // every slot has an owner however many workgroups the host launched.
    // (arith.ceildivui has no SPIR-V lowering.)
    Value chunk = arith::DivUIOp::create(
        b, loc, ctx.add(ctx.index(kernel.getSlots() - 1), numWorkgroups),
        numWorkgroups);
    Value blockStart = ctx.mul(workgroup, chunk);
    first = ctx.add(blockStart, local);
    last = arith::MinUIOp::create(b, loc, ctx.add(blockStart, chunk), limit);
    step = ctx.index(kernel.getWorkgroupSize());
  }
  readQueueBounds();
  Value highLimit = restricts ? highEnd : limit;
  if (restricts)
    last = arith::SelectOp::create(
        b, loc, restricted, arith::MinUIOp::create(b, loc, last, highLimit),
        last);
  // Iteration values: the status of the slot at hand, slots served, and
  // with partitions to skip, those of them below highEnd.
  SmallVector<Value> init = {statusAt(first), ctx.i32(0)};
  if (restricts)
    init.push_back(ctx.i32(0));
  arith::ConstantIntOp slotEdges;
  auto loop = scf::ForOp::create(
      b, loc, first, last, step, init,
      [&](OpBuilder &, Location, Value slot, ValueRange iters) {
        // Per slot scanned: the scan's back-edge, the canary's two (it runs
        // whenever any lane of a SIMD chunk served a slot) and one spare,
        // and the lane's share of the arms' loops entered masked off.
        slotEdges = ctx.countEdges(4);
        auto [served, nextStatus] =
            tryClaim(slot, iters[0], ctx.add(slot, step));
        SmallVector<Value> next = {nextStatus, ctx.add(iters[1], served)};
        if (restricts)
          next.push_back(arith::SelectOp::create(
              b, loc, ctx.cmp(arith::CmpIPredicate::ult, slot, highLimit),
              ctx.add(iters[2], served), iters[2]));
        scf::YieldOp::create(b, loc, next);
      });
  KernelContext::countMaskedLoops(slotEdges, loop.getRegion());
  if (restricts) {
    Value high = loop.getResult(2);
    ctx.ifThenElse(ctx.cmp(arith::CmpIPredicate::ne, high, ctx.i32(0)), [&] {
      memref::AtomicRMWOp::create(b, loc, arith::AtomicRMWKind::addi, high,
                                  shared, ValueRange{servedHighSlot});
    });
  }
  return loop.getResult(1);
}

/// The status word a tagged slot `slot` must hold to be claimable
/// (RingABI.h, VYRE_STATUS_LAP_EVEN): its queue's tail W (mod 2 x capacity
/// m) says which lap last wrote each slot. Slots before the tail's position
/// r = W mod m were written in the current lap (parity W >= m), the others
/// in the lap before.
Value InterpreterBuilder::expectedTag(Value slot) {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  Value s = ctx.toI32(slot);
  // The queue of `slot`: the last one starting at or before it. An empty
  // queue starts where the next one does, so the next one's select wins.
  SmallVector<unsigned> queues = queueNumbers();
  Value queue = ctx.i32(queues[0]), first = queueBounds[queues[0]],
        end = queueBounds[queues[0] + 1];
  for (unsigned q : ArrayRef(queues).drop_front()) {
    Value inOrAfter = ctx.cmp(arith::CmpIPredicate::uge, s, queueBounds[q]);
    queue = arith::SelectOp::create(b, loc, inOrAfter, ctx.i32(q), queue);
    first = arith::SelectOp::create(b, loc, inOrAfter, queueBounds[q], first);
    end = arith::SelectOp::create(b, loc, inOrAfter, queueBounds[q + 1], end);
  }
  Value capacity = arith::SubIOp::create(b, loc, end, first);
  Value tail = tailOf(queue);
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

Value InterpreterBuilder::statusAt(Value slot) {
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
std::pair<Value, Value> InterpreterBuilder::tryClaim(Value slot, Value state,
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
  Value plain = ctx.cmp(arith::CmpIPredicate::eq, state,
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
      b, loc, ctx.cmp(arith::CmpIPredicate::eq, state, expectedTag(slot)));
  b.setInsertionPointAfter(ifPlain);
  scf::YieldOp::create(b, loc, ifPlain.getResult(0));
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

void InterpreterBuilder::claimSlot(Value base) {
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

void InterpreterBuilder::serveSlot(Value slot, Value base, Value state) {
  OpBuilder &b = ctx.b;
  memref::StoreOp::create(b, ctx.loc, ctx.i32(VYRE_FAULT_NONE), ctx.faultVar,
                          ctx.index(0));
  currentSlot = slot;
  if (!ctx.ioRequest) {
    dispatchSlot(base);
    return complete(slot, base);
  }
  // The host could not serve the slot's request: it ends FAULT without
  // running its handler again.
  ctx.beginIoSlot(state);
  ctx.ifThenElse(
      ctx.cmp(arith::CmpIPredicate::eq, state,
              ctx.i32(VYRE_STATUS_PUBLISHED | VYRE_STATUS_IO_FAILED)),
      [&] { ctx.raiseFault(VYRE_FAULT_IO_ERROR); },
      [&] { dispatchSlot(base); });
  complete(slot, base);
}

void InterpreterBuilder::dispatchSlot(Value base) {
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
            status = failure();
        Value mask = ctx.loadTenantMaskWord(tenant, 0);
        dispatch(order, opcode, tenant, mask, base);
      },
      [&] { ctx.raiseFault(VYRE_FAULT_TENANT_OUT_OF_RANGE); });
}

/// `mask0` is the tenant's mask word 0, loaded once per slot; arms 32 and
/// up load their own word in their branch, so narrow kernels pay nothing.
void InterpreterBuilder::dispatch(ArrayRef<unsigned> order, Value opcode,
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

void InterpreterBuilder::serveArm(unsigned armIndex, Value mask, Value base) {
  Value bit = ctx.armBit(mask, armIndex);
  Value allowed = ctx.cmp(arith::CmpIPredicate::ne, bit, ctx.i32(0));
  ctx.ifThenElse(
      allowed,
      [&] {
        ctx.countArm(vyre_handler_counter_word(
            ctx.kernel.getNumObservables(), arms.size(), armIndex));
        if (failed(inlineHandler(ctx, arms[armIndex], base)))
          status = failure();
        checkCanary();
      },
      [&] { ctx.raiseFault(VYRE_FAULT_TENANT_DENIED); });
}

void InterpreterBuilder::raiseUnknownOrDenied(Value opcode) {
  // A fused kernel defers the slots of its deferred arms and hands every
  // other slot it has no arm for to the generic interpreter, which serves
  // it or faults it as it would have.
  if (ctx.kernel.getFusedArms())
    return deferOrRequeue(opcode);
  std::optional<ArrayRef<int64_t>> denied = ctx.kernel.getDeniedOpcodes();
  if (!denied || denied->empty())
    return ctx.raiseFault(VYRE_FAULT_UNKNOWN_OPCODE);
  ctx.raiseFault(arith::SelectOp::create(
      ctx.b, ctx.loc, ctx.opcodeIn(opcode, *denied), ctx.i32(VYRE_FAULT_TENANT_DENIED),
      ctx.i32(VYRE_FAULT_UNKNOWN_OPCODE)));
}

void InterpreterBuilder::checkCanary() {
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

void InterpreterBuilder::complete(Value slot, Value base) {
  OpBuilder &b = ctx.b;
  Value code = memref::LoadOp::create(b, ctx.loc, ctx.faultVar, ctx.index(0));
  if (ctx.kernel.getFusedArms()) {
    // REQUEUE leaves the slot's words as the host wrote them and counts
    // nothing: the slot is not finished until the generic kernel runs it.
    // A deferred slot stays CLAIMED in its bucket; one given back is
    // PUBLISHED again, untouched, for a later pass.
    Value requeue = ctx.cmp(arith::CmpIPredicate::eq, code,
                            ctx.i32(kRequeueMark));
    if (!deferral) {
      ctx.ifThenElse(
          requeue, [&] { ctx.requeueSlot(slot, base); },
          [&] { ctx.completeServed(slot, base, code); });
      return;
    }
    Value deferred = ctx.cmp(arith::CmpIPredicate::eq, code,
                             ctx.i32(kDeferMark));
    Value unclaimed = ctx.cmp(arith::CmpIPredicate::eq, code,
                              ctx.i32(kUnclaimMark));
    ctx.ifThenElse(
        requeue, [&] { ctx.requeueSlot(slot, base); },
        [&] {
          ctx.ifThenElse(
              unclaimed,
              [&] {
                ctx.atomic(AtomicKind::Exchange, MemoryOrder::release,
                           ctx.i32(VYRE_STATUS_PUBLISHED), ctx.ring, base);
                memref::AtomicRMWOp::create(b, ctx.loc,
                                            arith::AtomicRMWKind::ori,
                                            ctx.i32(1), shared,
                                            ValueRange{unclaimedSlot});
              },
              [&] {
                ctx.ifThenElse(
                    arith::XOrIOp::create(
                        b, ctx.loc, deferred,
                        arith::ConstantIntOp::create(b, ctx.loc, 1, 1)),
                    [&] { ctx.completeServed(slot, base, code); });
              });
        });
    return;
  }
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

namespace {

struct ConvertVyreToGPUPass
    : mlir::vyre::impl::ConvertVyreToGPUBase<ConvertVyreToGPUPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<MegakernelOp> kernels(module.getOps<MegakernelOp>());
    if (kernels.empty())
      return;
    if (failed(ensureTargetEnv(module)))
      return signalPassFailure();
    module->setAttr(gpu::GPUDialect::getContainerModuleAttrName(),
                    UnitAttr::get(&getContext()));
    NamedAttrList manifests;
    if (auto existing = module->getAttrOfType<DictionaryAttr>(kKernelsAttrName))
      manifests.append(existing.getValue());
    for (MegakernelOp kernel : kernels) {
      if (failed(lowerKernel(kernel, manifests)))
        return signalPassFailure();
    }
    module->setAttr(kKernelsAttrName,
                    manifests.getDictionary(&getContext()));
  }

  LogicalResult ensureTargetEnv(ModuleOp module) {
    if (module->hasAttr(spirv::getTargetEnvAttrName()))
      return success();
    // SPIR-V 1.4+ puts storage buffers in the entry point's interface, but
    // spirv-update-vce then declares the minimum version the ops need (1.0),
    // and the binary fails validation. 1.3 runs on every Vulkan >= 1.1.
    static const char *const versions[] = {"v1.0", "v1.1", "v1.2", "v1.3"};
    if (!llvm::is_contained(versions, StringRef(spirvVersion)))
      return module.emitError()
             << "convert-vyre-to-gpu: spirv-version '" << spirvVersion
             << "' is not supported; use v1.0 ... v1.3 (SPIR-V 1.3 runs on "
                "Vulkan 1.1 and later; 1.4+ needs an entry-point interface "
                "that spirv-update-vce does not keep consistent)";
    // Vulkan compute: Shader + storage buffers, and byte stores into the
    // completion plane (ABI v8; VK_KHR_8bit_storage and shaderInt8, which
    // the runtime requires); 1024-lane workgroups are the largest any
    // Vulkan device guarantees.
    std::string env =
        "#spirv.target_env<#spirv.vce<" + spirvVersion +
        ", [Shader, Int8, StorageBuffer8BitAccess], "
        "[SPV_KHR_storage_buffer_storage_class, SPV_KHR_8bit_storage]>, "
        "api=Vulkan, #spirv.resource_limits<max_compute_workgroup_"
        "invocations = 1024, max_compute_workgroup_size = [1024, 1024, 64]>>";
    Attribute attr = parseAttribute(env, &getContext());
    if (!attr)
      return module.emitError("convert-vyre-to-gpu: bad default target env");
    module->setAttr(spirv::getTargetEnvAttrName(), attr);
    return success();
  }

  LogicalResult lowerKernel(MegakernelOp kernel, NamedAttrList &manifests) {
    for (BuiltinOp request : kernel.getBody().front().getOps<BuiltinOp>())
      return request.emitOpError()
             << "is not materialized; run vyre-materialize-builtins before "
                "convert-vyre-to-gpu (the vyre-to-spirv-interpreter pipeline "
                "does)";
    MLIRContext *context = &getContext();
    OpBuilder b(kernel);
    Location loc = kernel.getLoc();
    SmallVector<HandlerOp> arms = kernel.getHandlers();

    // Arguments: ring, control, debug, completions, then user buffers by
    // binding.
    auto storage = spirv::StorageClassAttr::get(
        context, spirv::StorageClass::StorageBuffer);
    auto bufferType = [&](Type element) {
      return MemRefType::get({ShapedType::kDynamic}, element,
                             MemRefLayoutAttrInterface{}, storage);
    };
    SmallVector<BufferOp> users(kernel.getBody().front().getOps<BufferOp>());
    llvm::sort(users, [](BufferOp l, BufferOp r) {
      return l.getBinding() < r.getBinding();
    });
    // The completion plane is one byte per slot (ABI v8).
    SmallVector<Type> argTypes = {
        bufferType(b.getI32Type()), bufferType(b.getI32Type()),
        bufferType(b.getI32Type()), bufferType(b.getI8Type())};
    SmallVector<uint32_t> bindings = {VYRE_BINDING_RING, VYRE_BINDING_CONTROL,
                                      VYRE_BINDING_DEBUG,
                                      VYRE_BINDING_COMPLETIONS};
    for (BufferOp user : users) {
      argTypes.push_back(bufferType(user.getElementType()));
      bindings.push_back(VYRE_BINDING_USER_BASE + user.getBinding());
    }

    auto gpuModule = gpu::GPUModuleOp::create(b, loc, kernel.getSymName());
    b.setInsertionPointToStart(gpuModule.getBody());
    auto func = gpu::GPUFuncOp::create(b, loc, kernel.getSymName(),
                                       b.getFunctionType(argTypes, {}));
    func->setAttr(gpu::GPUDialect::getKernelFuncAttrName(), b.getUnitAttr());
    // A fused batch runs on one lane; an interpreter on full workgroups.
    FusedBatchOp fusedBatch = kernel.getFusedBatch();
    int32_t size = fusedBatch ? 1 : kernel.getWorkgroupSize();
    func->setAttr(spirv::getEntryPointABIAttrName(),
                  spirv::getEntryPointABIAttr(context, {size, 1, 1}));
    for (auto [i, binding] : llvm::enumerate(bindings))
      func.setArgAttr(i, spirv::getInterfaceVarABIAttrName(),
                      spirv::getInterfaceVarABIAttr(VYRE_DESCRIPTOR_SET,
                                                    binding, std::nullopt,
                                                    context));

    KernelContext ctx(kernel, b);
    ctx.ring = func.getArgument(0);
    ctx.control = func.getArgument(1);
    ctx.debug = func.getArgument(2);
    ctx.completions = func.getArgument(3);
    for (auto [i, user] : llvm::enumerate(users))
      ctx.buffers[user.getSymName()] = {func.getArgument(4 + i), Value(), user};

    if (fusedBatch ? failed(buildFusedBatch(ctx, func, fusedBatch))
                   : failed(InterpreterBuilder(ctx, arms).build(func)))
      return failure();
    manifests.set(kernel.getSymNameAttr(), buildManifest(kernel, arms));
    kernel.erase();
    return success();
  }
};

} // namespace
