//===- Dependencies.h - slot-level dependencies in the lowering -*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// A kernel with `dependency_counters` (ABI v10, RingABI.h "Dependencies"):
// the readiness test before a claim, the checks before a dependent slot
// runs, and its signals when it ends. No lane waits: a slot that is not
// ready is skipped and found again by a later pass, which the signalling
// lane's doorbell change brings about (Vulkan gives no forward-progress
// guarantee between workgroups, so a spinning lane could wait forever on a
// producer that never gets scheduled).
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_LIB_CONVERSION_VYRETOGPU_DEPENDENCIES_H
#define VYRE_LIB_CONVERSION_VYRETOGPU_DEPENDENCIES_H

#include "WorkgroupState.h"

namespace mlir::vyre::detail {

class SlotDependencies {
public:
  SlotDependencies(KernelContext &ctx, WorkgroupState &state);

  /// True for kernels that declare dependency counters.
  static bool applies(MegakernelOp kernel) {
    return kernel.getNumDependencyCounters() != 0;
  }

  /// `state` without the DEPENDENT flag: what the claim's tag test sees.
  Value untagged(Value state);
  /// i1: the slot (status `state`) may be claimed now: it has no record,
  /// or the counter it waits on reached its target or was poisoned (or is
  /// out of range: the slot then faults at once). A once kernel notes a
  /// slot it skipped in the workgroup's state.
  Value ready(Value slot, Value state);
  /// Lane 0, before the loop: no slot skipped yet.
  void initialize() {
    if (skipped)
      wg.store(0, skipped);
  }
  /// Lane 0 of a once kernel, at the loop head: whether a lane skipped a
  /// waiting slot in the last pass (i1); clears the note.
  Value takeSkipped();
  /// Runs `run` for a slot without a record; for a dependent one, first
  /// faults OUT_OF_BOUNDS for a counter past the kernel's, or
  /// DEPENDENCY_FAILED for a poisoned wait, without running it.
  void beforeRun(Value slot, Value state, function_ref<void()> run);
  /// Before the slot's completion byte: its signals (a count on DONE, the
  /// poison bit on FAULT), then a doorbell change for idle workgroups.
  void signal(Value slot, Value state, Value code);

private:
  Value isDependent(Value state);
  /// Ring word `word` of `slot`'s dependency record.
  Value recordWord(Value slot, uint32_t word);
  /// i1: counter number `counter` is one of the kernel's.
  Value inRange(Value counter);
  Value counterIndex(Value counter);

  KernelContext &ctx;
  WorkgroupState &wg;
  /// Once kernels: a lane of the workgroup skipped a waiting slot.
  StateWord skipped;
  uint32_t counters;
  uint32_t firstCounterWord;
};

} // namespace mlir::vyre::detail

#endif // VYRE_LIB_CONVERSION_VYRETOGPU_DEPENDENCIES_H
