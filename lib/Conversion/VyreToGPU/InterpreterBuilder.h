//===- InterpreterBuilder.h - the persistent interpreter's body --*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Builds a megakernel's gpu.func: the workgroup-uniform pass loop, the claim,
// the dispatch chain (VyreToGPU.cpp) and, in JIT-fused kernels with
// deferred arms, the workgroup's buckets that serve cold opcodes arm by
// arm (DeferredArms.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_LIB_CONVERSION_VYRETOGPU_INTERPRETERBUILDER_H
#define VYRE_LIB_CONVERSION_VYRETOGPU_INTERPRETERBUILDER_H

#include "KernelContext.h"

namespace mlir::vyre::detail {

/// The fault variable's value for "requeue this slot" in a fused kernel: a
/// code no handler can raise (vyre.fault codes are non-negative i32).
constexpr uint32_t kRequeueMark = 0xFFFFFFFFu;
/// ... for "this slot waits in its arm's bucket" (it stays CLAIMED;
/// DeferredArms.cpp serves it later).
constexpr uint32_t kDeferMark = 0xFFFFFFFEu;
/// ... for "the bucket was full: give the claim back" (PUBLISHED again, to
/// be claimed in a later pass).
constexpr uint32_t kUnclaimMark = 0xFFFFFFFDu;

/// Builds the gpu.func body for one megakernel.
class InterpreterBuilder {
public:
  InterpreterBuilder(KernelContext &ctx, ArrayRef<HandlerOp> arms)
      : ctx(ctx), arms(arms) {}

  LogicalResult build(gpu::GPUFuncOp func);

private:
  /// One walk over this lane's share of the ring (strided, or its
  /// workgroup's contiguous block) in slot order; returns the slots served.
  /// A `restricted` pass (i1, workgroup-uniform) walks only the slots below
  /// `highEnd`; the slots served there are added to shared[servedHigh].
  Value scanPass(Value lane, Value lanes, Value restricted);
  /// Whether the kernel has the five priority queues (vyre-shard).
  bool partitioned();
  /// Lane 0, before the loop: copies the queues' bounds for this dispatch
  /// (VYRE_CTRL_PRIORITY_OFFSETS, which the host writes: ABI v7) into
  /// shared[boundsBase ...], once per workgroup rather than once per lane.
  void shareQueueBounds();
  /// At the start of a scan: sets `queueBounds` and `highEnd` for it, from
  /// the workgroup's copy (a partitioned kernel) or as constants (one
  /// queue over the whole ring).
  void readQueueBounds();
  /// Lane 0, between the barriers: the next pass is restricted if this one
  /// served a critical or high slot and fewer than `starvation_bound`
  /// restricted passes ran in a row; clears the served-high count.
  void decideRestriction();
  /// The tagged status `slot` must hold to be claimable (RingABI.h).
  Value expectedTag(Value slot);
  /// The submission queues in slot order: the five priorities', any of
  /// which the host may leave empty, or queue 0 alone without partitions.
  SmallVector<unsigned> queueNumbers();
  /// Lane 0 of a persistent kernel, between the loop head's barriers: reads
  /// every non-empty queue's tail into shared[tailsBase + q], all loads at
  /// once, and returns whether any moved since the last pass (i1). Lanes
  /// then read the tails from there, not one dependent bus load per claim.
  Value snapshotTails();
  /// Lane 0 of a once kernel at the loop head: whether another pass must
  /// run (i1). onceDoorbellMoved: the doorbell changed since the last head
  /// (a commit since the last pass began), which it then records; an empty
  /// pass over a 1M ring is a chain of dependent status loads, 80 us on
  /// the H200 at 132 x 64 lanes. (Deferring kernels, which give claims
  /// back to PUBLISHED, test instead whether the last pass claimed a slot.)
  Value onceDoorbellMoved();
  /// The tail of `queue` (i32) this pass compares a slot's tag against.
  Value tailOf(Value queue);
  /// Every lane at the end of a pass and after the loop: adds its DONE
  /// completions (ctx.doneVar) to DONE_COUNT with one release atomic, which
  /// orders its mirror words first, and clears them.
  void tallyLaneDone();
  /// The status word of ring slot `slot` (index), clamped into the ring.
  Value statusAt(Value slot);
  /// Claims `slot` if its status `state` is PUBLISHED and serves it;
  /// returns 1 if it did, and the status of `nextSlot`, loaded meanwhile.
  std::pair<Value, Value> tryClaim(Value slot, Value state, Value nextSlot);
  /// Marks the slot at ring word `base` CLAIMED (its owner lane's store).
  void claimSlot(Value base);
  /// Serves the claimed slot whose status read `state`, and completes it.
  void serveSlot(Value slot, Value base, Value state);
  /// The slot's opcode and tenant, then its arm (or a fault).
  void dispatchSlot(Value base);
  void dispatch(ArrayRef<unsigned> order, Value opcode, Value tenant,
                Value mask0, Value base);
  /// Ends the claimed slot: REQUEUE (fused kernels, for opcodes without a
  /// fused arm), else completeServed.
  void complete(Value slot, Value base);
  /// A loop of `canaryTrips` iterations after the handler: if the device
  /// stopped loops (its iteration bound ran out inside the handler), it
  /// falls short and the slot faults ITERATION_LIMIT. The trip count comes
  /// from the host, so no compiler can unroll it away; on GPUs it is 0.
  void checkCanary();
  /// The fault of an opcode no arm serves: TENANT_DENIED for the opcodes of
  /// handlers vyre-prune-redundancy removed (no tenant may run them), so the
  /// pass changes no slot's result, else UNKNOWN_OPCODE.
  void raiseUnknownOrDenied(Value opcode);
  /// Tenant mask bit -> counter, handler body, canary; else TENANT_DENIED.
  /// `mask` is the tenant's mask word holding arm `armIndex`'s bit.
  void serveArm(unsigned armIndex, Value mask, Value base);

  // Deferred arms (DeferredArms.cpp; docs/design.md, "Deferred arms").
  /// Allocates the workgroup's buckets if the kernel has deferred_arms.
  void setUpDeferral();
  /// A fused kernel's miss: a deferred arm's slot goes to its bucket
  /// (kDeferMark), or back to PUBLISHED if the bucket is full
  /// (kUnclaimMark); any other opcode is requeued (kRequeueMark).
  void deferOrRequeue(Value opcode);
  /// Lane 0, before the pass loop: empties every bucket. Workgroup memory
  /// starts undefined (llvmpipe leaves the previous dispatch's words
  /// there: measured, stale counts served stale queue entries).
  void resetDeferral();
  /// Appends the current slot to bucket `bucket` (index) if it has room.
  void enqueue(Value bucket);
  /// Lane 0, between the head's barriers: whether this pass starts with a
  /// drain; if so plans it (shared[drainSlot]: its entries, 0: none).
  void decideDrain();
  /// Lane 0, after the pass loop: plans the last drain unless one is
  /// planned and not yet run.
  void planFinalDrain();
  /// Lane 0: lays the buckets end to end (their starts), restarts their
  /// counts and the deferred count; returns the entries (i32).
  Value planDrain();
  /// The bucket (index) holding entry `entry` (i32) of the planned drain.
  Value bucketOf(Value entry);
  /// Every lane of the workgroup: serves the `total` (i32) planned entries
  /// in workgroup-uniform rounds, then waits at a barrier.
  void drainDeferred(Value total);
  /// Serves deferred `slot` with arm `armIndex` and completes it.
  void serveDeferred(Value slot, unsigned armIndex);
  /// Arms in dispatch order: most executed first under a profile.
  SmallVector<unsigned> dispatchOrder();

  KernelContext &ctx;
  ArrayRef<HandlerOp> arms;
  LogicalResult status = success();
  /// Workgroup-shared loop state (see build).
  Value shared;
  /// Indices into `shared` of the restriction state: slots below highEnd
  /// served this pass, whether this pass is restricted, restricted passes
  /// in a row.
  Value servedHighSlot, restrictedSlot, runSlot;
  /// Whether restricted passes are compiled (five queues, a starvation
  /// bound); in a scan, the end of the critical and high queues (index).
  bool restricts = false;
  Value highEnd;
  /// shared[boundsBase + w]: control word 72 + w (partitioned kernels).
  int64_t boundsBase = -1;
  /// Queue q holds ring slots [queueBounds[q], queueBounds[q + 1]) (i32).
  SmallVector<Value> queueBounds;
  /// gpu.block_id, gpu.thread_id and gpu.grid_dim (x).
  Value workgroup, local, numWorkgroups;
  /// The slot being served (for deferral).
  Value currentSlot;

  /// The workgroup's deferred slots: one bucket per deferred arm, each a
  /// queue of slot numbers in one Workgroup array.
  struct Deferral {
    SmallVector<unsigned> arms; ///< the arm of each bucket
    int64_t capacity = 0;       ///< entries per bucket
    Value queue;  ///< memref<buckets * capacity x i32, Workgroup>
    Value counts; ///< memref<buckets x i32, Workgroup>: claims since planned
    Value starts; ///< memref<buckets + 1 x i32, Workgroup>: the plan
  };
  std::optional<Deferral> deferral;
  /// shared[] words of the deferral: a lane gave a claim back this pass;
  /// slots deferred since the last plan; this pass's drain (entries).
  Value unclaimedSlot, deferredSlot, drainSlot;
  /// Index into `shared` of the slots claimed this pass.
  Value servedSlot;
  /// Index into `shared` of the doorbell as the last loop head read it.
  Value doorbellSlot;
  /// shared[tailsBase + q]: queue q's tail as this pass's loop head read it
  /// (persistent kernels; once kernels read the tail at each claim).
  int64_t tailsBase = -1;
};

} // namespace mlir::vyre::detail

#endif // VYRE_LIB_CONVERSION_VYRETOGPU_INTERPRETERBUILDER_H
