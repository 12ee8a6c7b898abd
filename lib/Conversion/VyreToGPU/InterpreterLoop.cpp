//===- InterpreterLoop.cpp - the persistent interpreter's pass loop ------===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// The loop (docs/design.md, "Lowering"):
//
//   lane = workgroup_id * workgroup_size + local_id
//   lanes = num_workgroups * workgroup_size              // as dispatched
//   loop:                                                // workgroup-uniform
//     barrier; lane 0: go = control[SHUTDOWN] == 0
//                           && (no LOOP_BUDGET || max lane back-edges <
//                               LOOP_BUDGET)
//                           && (persistent || the doorbell moved)
//                      scan = the doorbell or a tail moved (persistent)
//                      + each feature's say (LoopFeatures.h); barrier
//     if !go: return
//     if scan: for s in lane, lane + lanes, ... < slots: // strided share
//                (contiguous shard: this workgroup's block)
//                SlotServer: claim if PUBLISHED, dispatch, complete
//              then the device queue's lines likewise (DeviceQueue)
//     DONE_COUNT += this lane's DONEs (release); local_id == 0: HEARTBEAT++
//
//===----------------------------------------------------------------------===//

#include "InterpreterLoop.h"

using namespace mlir;
using namespace mlir::vyre;
using namespace mlir::vyre::detail;

LoopFeature::~LoopFeature() = default;

InterpreterLoop::InterpreterLoop(KernelContext &ctx, ArrayRef<HandlerOp> arms)
    : ctx(ctx), state(ctx), queues(ctx, state), server(ctx, state, arms, queues),
      doorbell(ctx, state, queues),
      persistent(ctx.kernel.getMode() == Mode::persistent) {
  // The words in the order the features' reservations made them: the
  // loop's, the starvation bound's, the deferral's, the queues'.
  if (StarvationBound::applies(ctx.kernel, queues))
    starvation = std::make_unique<StarvationBound>(ctx, state);
  deferral = DeferredArms::create(ctx, state, server, arms);
  if (deferral)
    server.setHooks(deferral.get());
  queues.reserveWords();
  if (DeviceQueue::applies(ctx.kernel)) {
    deviceQueue = std::make_unique<DeviceQueue>(ctx, server);
    ctx.deviceQueue = deviceQueue.get();
  }
}

InterpreterLoop::~InterpreterLoop() = default;

SmallVector<LoopFeature *> InterpreterLoop::features() {
  SmallVector<LoopFeature *> all;
  if (starvation)
    all.push_back(starvation.get());
  if (deferral)
    all.push_back(deferral.get());
  return all;
}

LogicalResult InterpreterLoop::build(gpu::GPUFuncOp func) {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  b.setInsertionPointToStart(&func.front());

  ctx.faultVar = ctx.functionWord();
  ctx.setUpIo();
  ctx.loadBufferLengths();
  ctx.canaryTrips = ctx.toIndex(
      ctx.loadVolatile(ctx.control, ctx.index(VYRE_CTRL_CANARY_TRIPS)));

  workgroup = gpu::BlockIdOp::create(b, loc, gpu::Dimension::x);
  local = gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x);
  numWorkgroups = gpu::GridDimOp::create(b, loc, gpu::Dimension::x);
  Value size = ctx.index(ctx.kernel.getWorkgroupSize());
  Value lane = ctx.add(ctx.mul(workgroup, size), local);
  // The stride is the lanes actually dispatched, not the manifest's count,
  // so a host may launch fewer workgroups (as many as the device runs at
  // once) and every slot still has a running owner.
  Value lanes = ctx.mul(numWorkgroups, size);
  Value leader = ctx.cmp(arith::CmpIPredicate::eq, local, ctx.index(0));

  if (deferral)
    deferral->allocate(local, numWorkgroups);
  state.create();
  if (persistent)
    doorbell.readSwitch();
  ctx.doneVar = ctx.functionWord();
  memref::StoreOp::create(b, loc, ctx.i32(0), ctx.doneVar, ctx.index(0));
  ctx.armRunWord = ctx.functionWord();
  ctx.armRunCount = ctx.functionWord();
  for (Value w : {ctx.armRunWord, ctx.armRunCount})
    memref::StoreOp::create(b, loc, ctx.i32(0), w, ctx.index(0));
  ctx.ifThenElse(leader, [&] {
    state.store(1, state.served);
    state.store(0, state.maxEdges);
    queues.clearTails();
    if (SlotDependencies *deps = server.dependencies())
      deps->initialize();
    for (LoopFeature *feature : features())
      feature->initialize();
    queues.shareBounds(); // read after the loop head's barrier
    // Both modes: a once kernel ends when its last pass saw no doorbell.
    doorbell.initialize();
  });
  // This lane's loop back-edges so far in this dispatch.
  ctx.edgesVar = ctx.functionWord();
  memref::StoreOp::create(b, loc, ctx.i32(0), ctx.edgesVar, ctx.index(0));

  arith::ConstantIntOp passEdges;
  auto passLoop = scf::WhileOp::create(
      b, loc, TypeRange{}, ValueRange{},
      [&](OpBuilder &, Location, ValueRange) {
        gpu::BarrierOp::create(b, loc);
        ctx.ifThenElse(leader, [&] { decidePass(); });
        gpu::BarrierOp::create(b, loc);
        scf::ConditionOp::create(b, loc, state.flag(state.go), ValueRange{});
      },
      [&](OpBuilder &, Location, ValueRange) {
        // The pass's own back-edge, whether or not this lane scans a slot
        // (in a restricted pass whole workgroups may scan none), and its
        // share of the loops the pass enters masked off (set below).
        passEdges = ctx.countEdges(1);
        runPass(lane, lanes);
        Value mine =
            memref::LoadOp::create(b, loc, ctx.edgesVar, ctx.index(0));
        state.maxInto(mine, state.maxEdges);
        ctx.ifThenElse(leader, [&] {
          ctx.countInControl(VYRE_CTRL_HEARTBEAT);
        });
        scf::YieldOp::create(b, loc);
      });
  // An idle pass of a 40-arm kernel enters the scan loop and its 40
  // canaries once each on llvmpipe: 42 chunk back-edges where the lane
  // counted 1, so the device's bound cut dispatches mid-slot (1559 idle
  // passes, 2026-12-03) before the budget was reached.
  KernelContext::countMaskedLoops(passEdges, passLoop.getAfter());
  for (LoopFeature *feature : features())
    feature->afterLoop();
  // The last drain's DONEs; and where a device stopped the loop itself
  // (lavapipe's iteration bound), the DONEs of the pass it cut short.
  tallyLaneDone();
  gpu::ReturnOp::create(b, loc);
  if (failed(server.status()) || (deferral && failed(deferral->status())))
    return failure();
  return success();
}

void InterpreterLoop::decidePass() {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  Value shutdown = ctx.loadVolatile(ctx.control, ctx.index(VYRE_CTRL_SHUTDOWN));
  Value go = ctx.cmp(arith::CmpIPredicate::eq, shutdown, ctx.i32(0));
  // Loop budget: leave at a pass boundary before a device that bounds loop
  // iterations (lavapipe: 65535 back-edges per invocation, all loops
  // together) stops a loop mid-way; the host relaunches the dispatch.
  Value budget = ctx.loadVolatile(ctx.control, ctx.index(VYRE_CTRL_LOOP_BUDGET));
  Value edges = state.load(state.maxEdges);
  Value unbounded = ctx.cmp(arith::CmpIPredicate::eq, budget, ctx.i32(0));
  Value withinBudget = ctx.cmp(arith::CmpIPredicate::ult, edges, budget);
  go = arith::AndIOp::create(
      b, loc, go, arith::OrIOp::create(b, loc, unbounded, withinBudget));
  // Work a feature left for another full pass (the starvation bound's
  // skipped queues): this pass must run (once) and scan (persistent).
  Value owed;
  for (LoopFeature *feature : features())
    if (Value more = feature->owedPass())
      owed = owed ? arith::OrIOp::create(b, loc, owed, more) : more;
  if (!persistent) {
    Value more;
    for (LoopFeature *feature : features())
      if (!more)
        more = feature->onceContinues();
    if (!more)
      more = doorbell.movedSinceLastHead();
    // A workgroup that skipped a slot still waiting on a counter runs
    // another pass: another workgroup's task may be about to signal it, and
    // no later head of this one would be there to see the change.
    if (SlotDependencies *deps = server.dependencies())
      more = arith::OrIOp::create(b, loc, more, deps->takeSkipped());
    if (owed)
      more = arith::OrIOp::create(b, loc, more, owed);
    go = arith::AndIOp::create(b, loc, go, more);
  }
  for (LoopFeature *feature : features())
    feature->beforeGo();
  state.store(arith::ExtUIOp::create(b, loc, b.getI32Type(), go), state.go);
  for (LoopFeature *feature : features())
    feature->afterGo();
  state.store(0, state.served);
  if (!persistent)
    return;
  Value scan = doorbell.scanDecision();
  if (owed)
    scan = arith::OrIOp::create(b, loc, scan, owed);
  for (LoopFeature *feature : features())
    if (Value more = feature->owedScan())
      scan = arith::OrIOp::create(b, loc, scan, more);
  state.store(arith::ExtUIOp::create(b, loc, b.getI32Type(), scan),
              state.scan);
  doorbell.record();
}

void InterpreterLoop::runPass(Value lane, Value lanes) {
  Value restricted = starvation ? starvation->restrictedPass() : Value();
  bool tallyOutside = llvm::any_of(
      features(), [](LoopFeature *f) { return f->completesOutsideScan(); });
  if (!persistent) {
    Value found = scanPass(lane, lanes, restricted);
    Value any = ctx.cmp(arith::CmpIPredicate::ne, found, ctx.i32(0));
    ctx.ifThenElse(any, [&] { state.add(found, state.served); });
    return tallyLaneDone();
  }
  Value scan = state.flag(state.scan);
  for (LoopFeature *feature : features())
    feature->beginPass();
  ctx.ifThenElse(scan, [&] {
    Value found = scanPass(lane, lanes, restricted);
    // Then the tasks the handlers enqueued (persistent kernels only).
    if (deviceQueue)
      deviceQueue->servePass(lane, lanes);
    // A pass that did not scan served nothing, and the last tally emptied
    // the counts: an idle pass (most passes of a persistent kernel, and a
    // lane's wait between a round trip's slots) skips the tally's loads
    // and branches, unless a feature completes slots outside the scan.
    if (tallyOutside)
      state.add(found, state.served);
    else
      tallyLaneDone();
  });
  if (tallyOutside)
    tallyLaneDone();
}

Value InterpreterLoop::scanPass(Value lane, Value lanes, Value restricted) {
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
  queues.readBounds();
  if (starvation)
    last = starvation->limitScan(last, restricted, queues.bounds());
  // Iteration values: the status of the slot at hand, slots served, and
  // under the starvation bound, those of them below the normal queue.
  SmallVector<Value> init = {server.statusAt(first), ctx.i32(0)};
  if (starvation)
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
            server.tryClaim(slot, iters[0], ctx.add(slot, step));
        SmallVector<Value> next = {nextStatus, ctx.add(iters[1], served)};
        if (starvation)
          next.push_back(starvation->countHigh(slot, served, iters[2]));
        scf::YieldOp::create(b, loc, next);
      });
  KernelContext::countMaskedLoops(slotEdges, loop.getRegion());
  if (starvation)
    starvation->addServedHigh(loop.getResult(2));
  return loop.getResult(1);
}

void InterpreterLoop::tallyLaneDone() {
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
