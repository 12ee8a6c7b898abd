//===- BatchLowering.cpp - a fused batch to a one-lane kernel ----*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// A megakernel holding a vyre.fused_batch (vyre-fuse-batch) lowers to a
// kernel with no loop, no claim and no dispatch: the runtime has written the
// batch's items, in order, to ring slots base, base+1, ... (mod slots), with
// base in control[VYRE_CTRL_BATCH_BASE], and dispatches one workgroup.
// Lane 0 of workgroup 0 then runs
//
//   if every (tenant, arm) mask bit in `assumes` is as the code assumed:
//     the straight-line code; each vyre.item_end finishes its slot like the
//     interpreter (DONE, or FAULT with the item's first code: logged,
//     mirrored, counted), each vyre.item_requeue marks its slot REQUEUE;
//     then each arm's execution counter += the items it served
//   else:
//     every slot REQUEUE: the generic interpreter runs the batch instead
//
// The host owns the batch's slots (no other dispatch runs), so nothing is
// claimed; statuses and counters end exactly as if the interpreter had run
// the items in batch order. Handler loops are bounded by vyre-fuse-batch
// (their trip counts are constants), so there is no loop budget or canary.
//
//===----------------------------------------------------------------------===//

#include "KernelContext.h"

#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/MapVector.h"

using namespace mlir;
using namespace mlir::vyre;
using namespace mlir::vyre::detail;

namespace {

/// (slot, ring word of the slot) of item `item`: (base + item) mod slots.
std::pair<Value, Value> itemSlot(KernelContext &ctx, Value base,
                                 Value item) {
  Value slot = arith::RemUIOp::create(ctx.b, ctx.loc, ctx.add(base, item),
                                      ctx.index(ctx.kernel.getSlots()));
  return {slot, ctx.mul(slot, ctx.index(VYRE_SLOT_WORDS))};
}

/// True if every assumed tenant-mask bit holds in the tenant table now.
Value assumptionsHold(KernelContext &ctx, ArrayRef<int32_t> assumes) {
  Value holds = arith::ConstantIntOp::create(ctx.b, ctx.loc, 1, 1);
  for (size_t i = 0; i + 2 < assumes.size(); i += 3) {
    uint32_t tenant = assumes[i], arm = assumes[i + 1];
    int32_t allowed = assumes[i + 2] ? 1 : 0;
    Value bit =
        ctx.armBit(ctx.loadTenantMaskWord(ctx.i32(tenant), arm / 32), arm);
    holds = arith::AndIOp::create(
        ctx.b, ctx.loc, holds,
        ctx.cmp(arith::CmpIPredicate::eq, bit, ctx.i32(allowed)));
  }
  return holds;
}

} // namespace

LogicalResult mlir::vyre::detail::buildFusedBatch(KernelContext &ctx,
                                                  gpu::GPUFuncOp func,
                                                  FusedBatchOp fused) {
  OpBuilder &b = ctx.b;
  Location loc = ctx.loc;
  b.setInsertionPointToStart(&func.front());
  ctx.faultVar = ctx.functionWord();
  memref::StoreOp::create(b, loc, ctx.i32(VYRE_FAULT_NONE), ctx.faultVar,
                          ctx.index(0));
  ctx.loadBufferLengths();

  // One lane runs the batch, however wide the dispatch.
  Value first = arith::AndIOp::create(
      b, loc,
      ctx.cmp(arith::CmpIPredicate::eq,
              gpu::BlockIdOp::create(b, loc, gpu::Dimension::x), ctx.index(0)),
      ctx.cmp(arith::CmpIPredicate::eq,
              gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x),
              ctx.index(0)));
  LogicalResult status = success();
  ctx.ifThenElse(first, [&] {
    Value base = ctx.toIndex(
        ctx.loadVolatile(ctx.control, ctx.index(VYRE_CTRL_BATCH_BASE)));
    ctx.ifThenElse(
        assumptionsHold(ctx, fused.getAssumes()),
        [&] {
          // The straight-line code, cloned here; then its vyre ops are
          // lowered in program order (item ends read the fault variable the
          // ops before them set).
          Block *straightLine = b.getInsertionBlock();
          IRMapping mapping;
          SmallVector<Operation *> vyreOps;
          llvm::MapVector<uint32_t, uint32_t> served; // arm -> items
          for (Operation &op : fused.getBody().front()) {
            Operation *copy = b.clone(op, mapping);
            copy->walk([&](Operation *nested) {
              if (isa<VyreDialect>(nested->getDialect()))
                vyreOps.push_back(nested);
            });
          }
          for (Operation *op : vyreOps) {
            b.setInsertionPoint(op);
            ctx.loc = op->getLoc();
            if (auto end = dyn_cast<ItemEndOp>(op)) {
              auto [slot, ringBase] =
                  itemSlot(ctx, base, ctx.index(end.getItem()));
              Value code =
                  memref::LoadOp::create(b, ctx.loc, ctx.faultVar, ctx.index(0));
              // The host wrote the item PUBLISHED and no lane claimed it:
              // since ABI v6 a completion leaves the ring word alone, so
              // without this store the interpreter launched after the
              // batch would run the item again. completeServed's fence
              // orders it before the mirror.
              ctx.storeVolatile(ctx.i32(VYRE_STATUS_CLAIMED), ctx.ring,
                                ringBase);
              ctx.completeServed(slot, ringBase, code);
              memref::StoreOp::create(b, ctx.loc, ctx.i32(VYRE_FAULT_NONE),
                                      ctx.faultVar, ctx.index(0));
              if (std::optional<uint32_t> arm = end.getArm())
                ++served[*arm];
              end.erase();
            } else if (auto requeue = dyn_cast<ItemRequeueOp>(op)) {
              auto [slot, ringBase] =
                  itemSlot(ctx, base, ctx.index(requeue.getItem()));
              ctx.requeueSlot(slot, ringBase);
              requeue.erase();
            } else if (failed(lowerBodyOp(ctx, op, Value(),
                                          /*builtin=*/false))) {
              status = failure();
              return;
            }
          }
          ctx.loc = loc;
          b.setInsertionPoint(straightLine->getTerminator());
          // The interpreter counts an item when its arm runs it; here the
          // counts are constants, one atomic per arm.
          uint32_t observables = ctx.kernel.getNumObservables();
          uint32_t arms = ctx.kernel.getNumArms();
          for (auto [arm, count] : served)
            ctx.atomic(AtomicKind::Add, MemoryOrder::relaxed, ctx.i32(count),
                       ctx.control,
                       ctx.index(vyre_handler_counter_word(observables, arms,
                                                           arm)));
        },
        [&] {
          // The tenant table changed since compile time: the interpreter,
          // which checks it per slot, runs every item.
          scf::ForOp::create(
              b, loc, ctx.index(0), ctx.index(fused.getItems()), ctx.index(1),
              ValueRange{}, [&](OpBuilder &, Location, Value item, ValueRange) {
                auto [slot, ringBase] = itemSlot(ctx, base, item);
                ctx.requeueSlot(slot, ringBase);
                scf::YieldOp::create(b, loc);
              });
        });
  });
  gpu::ReturnOp::create(b, loc);
  return status;
}
