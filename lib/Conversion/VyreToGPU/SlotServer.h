//===- SlotServer.h - claim, dispatch and complete one slot -------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// What a lane does with one ring slot: test that it is claimable, claim it,
// check its tenant, run the dispatch prologue and the matching arm (tenant
// mask, handler body, canary), and complete it (docs/design.md,
// "Lowering"). The pass loop (InterpreterLoop) calls it per slot scanned;
// features that keep slots for later (deferred arms) plug in through
// SlotHooks. The server knows no feature.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_LIB_CONVERSION_VYRETOGPU_SLOTSERVER_H
#define VYRE_LIB_CONVERSION_VYRETOGPU_SLOTSERVER_H

#include "Dependencies.h"
#include "SubmissionQueues.h"

namespace mlir::vyre::detail {

/// The fault variable's value for "requeue this slot" in a fused kernel: a
/// code no handler can raise (vyre.fault codes are non-negative i32).
constexpr uint32_t kRequeueMark = 0xFFFFFFFFu;

/// What a feature does with the slots of a JIT-fused kernel that its fused
/// arms do not serve, and how such a slot then ends.
class SlotHooks {
public:
  virtual ~SlotHooks();
  /// A fused kernel's miss on `opcode` for `slot` (index): records in the
  /// fault variable what becomes of it (a mark), or raises kRequeueMark.
  virtual void miss(Value opcode, Value slot) = 0;
  /// Ends a fused kernel's claimed slot whose fault variable holds `code`
  /// (i1 `isRequeue`: it is kRequeueMark): `requeue` hands it to the
  /// generic interpreter, `finish` completes it as served; the hook's own
  /// marks end it otherwise.
  virtual void end(Value code, Value isRequeue, Value base,
                   function_ref<void()> requeue,
                   function_ref<void()> finish) = 0;
};

class SlotServer {
public:
  SlotServer(KernelContext &ctx, WorkgroupState &state,
             ArrayRef<HandlerOp> arms, SubmissionQueues &queues)
      : ctx(ctx), arms(arms), queues(queues) {
    if (SlotDependencies::applies(ctx.kernel))
      deps = std::make_unique<SlotDependencies>(ctx, state);
  }

  void setHooks(SlotHooks *h) { hooks = h; }
  /// The kernel's dependencies, or null.
  SlotDependencies *dependencies() { return deps.get(); }
  /// Failure if a handler or the prologue could not be inlined.
  LogicalResult status() const { return result; }

  /// The status word of ring slot `slot` (index), clamped into the ring.
  Value statusAt(Value slot);
  /// Claims `slot` if its status `state` is PUBLISHED (plain, or tagged
  /// for its queue's lap) and serves it; returns 1 if it did, and the
  /// status of `nextSlot`, loaded meanwhile.
  std::pair<Value, Value> tryClaim(Value slot, Value state, Value nextSlot);
  /// Claims the PUBLISHED task at ring word `base` (a device-queue line,
  /// which has one owner lane as a slot does) and runs it with a slot's
  /// checks: its tenant and opcode, then its arm, or a fault (in
  /// ctx.faultVar). The caller ends it.
  void claimAndRun(Value base);
  /// Tenant mask bit -> counter, handler body, canary; else TENANT_DENIED.
  /// `mask` is the tenant's mask word holding arm `armIndex`'s bit.
  void serveArm(unsigned armIndex, Value mask, Value base);
  /// The arms in the order the dispatch chain tests them: a fused kernel's
  /// fused arms, else most executed first under a profile.
  SmallVector<unsigned> dispatchOrder();

private:
  /// The tagged status `slot` must hold to be claimable (RingABI.h).
  Value expectedTag(Value slot);
  /// Marks the slot at ring word `base` CLAIMED (its owner lane's store).
  void claimSlot(Value base);
  /// Serves the claimed slot whose status read `state`, and completes it.
  void serveSlot(Value slot, Value base, Value state);
  /// The slot's opcode and tenant, then its arm (or a fault).
  void dispatchSlot(Value base);
  void dispatch(ArrayRef<unsigned> order, Value opcode, Value tenant,
                Value mask0, Value base);
  /// The fault of an opcode no arm serves: TENANT_DENIED for the opcodes of
  /// handlers vyre-drop-denied-handlers removed (no tenant may run them),
  /// else UNKNOWN_OPCODE; a fused kernel's miss goes to the hooks.
  void raiseUnknownOrDenied(Value opcode);
  /// A loop of `canaryTrips` iterations after the handler: if the device
  /// stopped loops (its iteration bound ran out inside the handler), it
  /// falls short and the slot faults ITERATION_LIMIT. The trip count comes
  /// from the host, so no compiler can unroll it away; on GPUs it is 0.
  void checkCanary();
  /// Ends the claimed slot (its status read `state`): REQUEUE (fused
  /// kernels, for opcodes without a fused arm), a hook's mark, an IO
  /// request, else its signals (dependencies) and completeServed.
  void complete(Value slot, Value base, Value state);

  KernelContext &ctx;
  ArrayRef<HandlerOp> arms;
  SubmissionQueues &queues;
  SlotHooks *hooks = nullptr;
  /// Slot-level dependencies, in kernels that declare counters.
  std::unique_ptr<SlotDependencies> deps;
  LogicalResult result = success();
  /// The slot being served (index), for the hooks.
  Value currentSlot;
};

} // namespace mlir::vyre::detail

#endif // VYRE_LIB_CONVERSION_VYRETOGPU_SLOTSERVER_H
