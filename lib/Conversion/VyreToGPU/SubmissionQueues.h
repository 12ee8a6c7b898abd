//===- SubmissionQueues.h - the queues' bounds and tails on device -*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// The ring is one submission queue, or five (one per priority, vyre-shard)
// laid end to end; the host writes their bounds before the dispatch
// (ABI v7) and their tails as it commits. The claim needs a slot's queue
// and that queue's tail (the lap tag, RingABI.h); the loop head reads the
// tails once per pass so that lanes do not each take a bus round trip per
// claim (docs/design.md, "The device side of the host path").
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_LIB_CONVERSION_VYRETOGPU_SUBMISSIONQUEUES_H
#define VYRE_LIB_CONVERSION_VYRETOGPU_SUBMISSIONQUEUES_H

#include "WorkgroupState.h"

namespace mlir::vyre::detail {

class SubmissionQueues {
public:
  SubmissionQueues(KernelContext &ctx, WorkgroupState &state)
      : ctx(ctx), state(state) {}
  /// Reserves the tails' words (persistent kernels) and the bounds'
  /// (partitioned kernels) in the state.
  void reserveWords();

  /// Whether the kernel has the five priority queues (vyre-shard).
  bool partitioned() const;
  /// The queues in slot order: the five priorities' (any of which the host
  /// may leave empty), or queue 0 alone.
  SmallVector<unsigned> queueNumbers() const;

  /// Lane 0, before the loop: the tails as "never read".
  void clearTails();
  /// Lane 0, before the loop: copies the bounds the host wrote for this
  /// dispatch into the workgroup state, once per workgroup, not per lane.
  void shareBounds();
  /// At the start of a scan: sets bounds() from the workgroup's copy, or
  /// as constants (one queue over the whole ring).
  void readBounds();
  /// Queue q holds ring slots [bounds()[q], bounds()[q + 1]) (i32), as the
  /// last readBounds() read them.
  ArrayRef<Value> bounds() const { return queueBounds; }
  /// Lane 0 of a persistent kernel at the loop head: reads every queue's
  /// tail into the state, all loads at once; returns whether any moved
  /// since the last pass (i1).
  Value snapshotTails();
  /// The tail of `queue` (i32) that this pass compares a slot's tag with.
  Value tailOf(Value queue);

private:
  KernelContext &ctx;
  WorkgroupState &state;
  /// First of VYRE_PRIORITY_LEVELS words: each queue's tail as the loop
  /// head last read it (persistent kernels; once kernels read the tail at
  /// each claim).
  StateWord tails;
  /// First of VYRE_PRIORITY_OFFSET_WORDS words: control words
  /// VYRE_CTRL_PRIORITY_OFFSETS... (partitioned kernels).
  StateWord boundsWords;
  SmallVector<Value> queueBounds;
};

} // namespace mlir::vyre::detail

#endif // VYRE_LIB_CONVERSION_VYRETOGPU_SUBMISSIONQUEUES_H
