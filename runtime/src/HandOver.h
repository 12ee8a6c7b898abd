//===- HandOver.h - the requeue hand-over's bookkeeping ----------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// A JIT-fused variant completes the opcodes it has no arm for as REQUEUE;
// those slots wait on the host until a hand-over re-publishes them for the
// generic interpreter, which runs them before the fused variant comes back
// (docs/runtime.md, "JIT variants"). This object keeps that bookkeeping:
// the slots waiting, the ones handed over and not finished, the variant to
// swap back to, the policy that says when, and the counts jit_stats
// reports. It touches no buffer and stops no dispatch: the kernel
// (Variants.cpp) moves the slots and swaps. Header-only, since the reap
// loop asks it about every slot it finishes. Depends on RequeuePolicy.h.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_RUNTIME_HANDOVER_H
#define VYRE_RUNTIME_HANDOVER_H

#include "RequeuePolicy.h"

#include <cstdint>
#include <vector>

namespace vyre {

class HandOver {
public:
  using Clock = RequeuePolicy::Clock;

  /// Nothing waiting and nothing handed over in a ring of `slots`; the
  /// variant to return to, the policy and the counts are kept.
  void reset(uint32_t slots) {
    waiting.clear();
    handedFlag.assign(slots, 0);
    handed.clear();
    unfinished = 0;
  }

  /// Slot `s` came back REQUEUE at `now`.
  void noteRequeued(uint32_t s, Clock::time_point now) {
    policy.noteRequeue(waiting.size(), now);
    waiting.push_back(s);
  }
  bool anyWaiting() const { return !waiting.empty(); }
  std::vector<uint32_t> &waitingSlots() { return waiting; }
  /// The waiting slots were re-published for the generic interpreter.
  void handedAllWaiting() {
    for (uint32_t s : waiting) {
      handedFlag[s] = 1;
      handed.push_back(s);
    }
    unfinished += uint32_t(waiting.size());
    waiting.clear();
  }

  /// Slot `s` finished; if it was handed over, it no longer holds the
  /// hand-over back. One test per slot while nothing is handed over.
  void finished(uint32_t s) {
    if (unfinished && handedFlag[s]) {
      handedFlag[s] = 0;
      if (--unfinished == 0)
        handed.clear(); // else it would grow over manual swaps
    }
  }
  /// Handed over and not finished yet.
  uint32_t pending() const { return unfinished; }
  /// The slots handed over since pending() was last 0, some finished.
  const std::vector<uint32_t> &handedSlots() const { return handed; }
  bool isHanded(uint32_t s) const { return handedFlag[s] != 0; }

  /// When waiting slots go to the generic kernel.
  RequeuePolicy policy;
  /// The fused variant to swap back to once the generic kernel has run
  /// every handed-over slot; 0 when no hand-over is under way.
  uint32_t returnTo = 0;
  uint64_t handovers = 0, swaps = 0;

private:
  /// Slots a fused variant marked REQUEUE, waiting for the generic kernel.
  std::vector<uint32_t> waiting;
  /// Per slot: re-published for the generic kernel and not finished yet.
  std::vector<uint8_t> handedFlag;
  /// The slots re-published since `unfinished` was last 0: a publish
  /// checks them alone for the swap back, without a scan of the ring.
  std::vector<uint32_t> handed;
  uint32_t unfinished = 0;
};

} // namespace vyre

#endif // VYRE_RUNTIME_HANDOVER_H
