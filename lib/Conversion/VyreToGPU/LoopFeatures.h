//===- LoopFeatures.h - what plugs into the interpreter's pass loop -*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// The pass loop (InterpreterLoop) and the slot server are the interpreter's
// core; each feature below adds its words to the workgroup state and its
// decisions to the loop head through LoopFeature, and depends on the core,
// never the reverse:
//   - Doorbell: a pass scans only when the host committed since the last
//     one (persistent), and a once kernel ends after a pass that saw no
//     commit (Doorbell.cpp); the loop calls it at fixed points of its own,
//     since every kernel has it;
//   - StarvationBound: passes restricted to the critical and high queues
//     while such work keeps coming, at most `starvation_bound` in a row
//     (StarvationBound.cpp);
//   - DeferredArms: a JIT-fused kernel's cold slots wait in workgroup
//     buckets and are served arm by arm (DeferredArms.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_LIB_CONVERSION_VYRETOGPU_LOOPFEATURES_H
#define VYRE_LIB_CONVERSION_VYRETOGPU_LOOPFEATURES_H

#include "SlotServer.h"

namespace mlir::vyre::detail {

/// A feature's part in the loop. Hooks are called in the order declared;
/// "lane 0" hooks run between the loop head's barriers, where lane 0
/// decides for the workgroup. A feature reserves its words when it is
/// constructed, before the state is created.
class LoopFeature {
public:
  virtual ~LoopFeature();
  /// Lane 0, before the loop: the feature's words' first values.
  virtual void initialize() {}
  /// Lane 0, loop head, first: i1 "the last pass left work only another
  /// full pass serves" (that pass runs and scans), or null.
  virtual Value owedPass() { return {}; }
  /// Lane 0, loop head of a once kernel: i1 "run another pass", replacing
  /// the doorbell's test, or null to keep it.
  virtual Value onceContinues() { return {}; }
  /// Lane 0, loop head: before the go decision is stored, and after.
  virtual void beforeGo() {}
  virtual void afterGo() {}
  /// Lane 0, loop head of a persistent kernel: i1, a reason of the
  /// feature's own to scan this pass, or null.
  virtual Value owedScan() { return {}; }
  /// Whether the feature completes slots outside the scan: the loop then
  /// counts the slots each scan served and tallies every pass.
  virtual bool completesOutsideScan() const { return false; }
  /// Every lane, at the start of a persistent kernel's pass.
  virtual void beginPass() {}
  /// Every lane, after the loop.
  virtual void afterLoop() {}
};

/// The host's doorbell (control word VYRE_CTRL_DOORBELL), which every
/// commit changes after its lines and tail (RingABI.h).
class Doorbell {
public:
  Doorbell(KernelContext &ctx, WorkgroupState &state, SubmissionQueues &queues)
      : ctx(ctx), state(state), queues(queues) {}
  /// Before the loop, every lane of a persistent kernel: whether the host
  /// asked for scans only on a doorbell change (VYRE_CTRL_DOORBELL_ON).
  void readSwitch();
  /// Lane 0, before the loop: the doorbell as "never seen".
  void initialize();
  /// Lane 0, once kernel: whether the doorbell moved since the last head
  /// (i1), which it then records.
  Value movedSinceLastHead();
  /// Lane 0, persistent kernel: whether this pass must scan (i1): the
  /// doorbell or a tail moved, or scans are not gated on them.
  Value scanDecision();
  /// Lane 0, persistent kernel, after the scan decision is stored: records
  /// the doorbell that scanDecision read.
  void record();

private:
  /// The doorbell, plus the lanes' signal count in a kernel with
  /// dependencies (VYRE_CTRL_DEP_SIGNALS).
  Value current();

  KernelContext &ctx;
  WorkgroupState &state;
  SubmissionQueues &queues;
  Value enabled, bell;
};

/// Restricted passes (docs/design.md, "Priorities and the starvation
/// bound").
class StarvationBound : public LoopFeature {
public:
  StarvationBound(KernelContext &ctx, WorkgroupState &state);
  /// Whether the kernel has five queues and a non-zero bound.
  static bool applies(MegakernelOp kernel, const SubmissionQueues &queues);

  void initialize() override;
  /// A restricted pass skipped the lower queues: the next one owes them.
  Value owedPass() override { return restrictedPass(); }
  void beforeGo() override;

  /// i1: this pass is restricted.
  Value restrictedPass() { return state.flag(restricted); }
  /// At a scan's start, once the queues' bounds are read: the scan's end
  /// `last` (index), cut at the normal queue in a restricted pass.
  Value limitScan(Value last, Value restrictedNow, ArrayRef<Value> bounds);
  /// Per slot scanned: the count of high slots served, with `served`
  /// (0 or 1) added if `slot` is below the normal queue.
  Value countHigh(Value slot, Value served, Value count);
  /// After the scan: adds the lane's high count to the pass's.
  void addServedHigh(Value count);

private:
  KernelContext &ctx;
  WorkgroupState &state;
  /// Slots below highEnd served this pass, whether this pass is
  /// restricted, restricted passes in a row.
  StateWord servedHigh, restricted, inRow;
  Value highEnd;
};

/// Deferred arms (docs/design.md, "Deferred arms").
class DeferredArms : public LoopFeature, public SlotHooks {
public:
  /// Null if the kernel defers no arm.
  static std::unique_ptr<DeferredArms> create(KernelContext &ctx,
                                              WorkgroupState &state,
                                              SlotServer &server,
                                              ArrayRef<HandlerOp> arms);
  DeferredArms(KernelContext &ctx, WorkgroupState &state, SlotServer &server,
               ArrayRef<HandlerOp> arms, SmallVector<unsigned> deferred);

  /// Failure if the prologue could not be inlined for a drain.
  LogicalResult status() const { return result; }
  /// Before the state is created: the buckets' arrays. `localId` (the
  /// lane in its workgroup) paces the drain's rounds; `workgroups` (as
  /// dispatched) sizes the drain rule's share of the ring.
  void allocate(Value localId, Value workgroups);

  void initialize() override;
  Value onceContinues() override { return state.flag(state.served); }
  void afterGo() override;
  Value owedScan() override;
  bool completesOutsideScan() const override { return true; }
  void beginPass() override;
  void afterLoop() override;

  void miss(Value opcode, Value slot) override;
  void end(Value code, Value isRequeue, Value base,
           function_ref<void()> requeue,
           function_ref<void()> finish) override;

private:
  void enqueue(Value bucket, Value slot);
  Value planDrain();
  Value bucketOf(Value entry);
  void drain(Value total);
  void serveDeferred(Value slot, unsigned armIndex);

  KernelContext &ctx;
  WorkgroupState &state;
  SlotServer &server;
  ArrayRef<HandlerOp> arms;
  SmallVector<unsigned> bucketArms; ///< the arm of each bucket
  int64_t capacity = 0;             ///< entries per bucket
  Value queue;  ///< memref<buckets * capacity x i32>: the slots
  Value counts; ///< memref<buckets x i32>: claims since planned
  Value starts; ///< memref<buckets + 1 x i32>: the plan
  /// A lane gave a claim back this pass; slots deferred since the last
  /// plan; this pass's drain (entries, 0: none).
  StateWord unclaimedWord, deferredWord, plannedWord;
  Value local, numWorkgroups;
  LogicalResult result = success();
};

} // namespace mlir::vyre::detail

#endif // VYRE_LIB_CONVERSION_VYRETOGPU_LOOPFEATURES_H
