//===- RequeuePolicy.h - when requeued slots go to the interpreter -*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// A JIT-fused variant completes the opcodes it has no arm for as REQUEUE;
// they wait on the host until a hand-over runs them on the generic
// interpreter (docs/runtime.md, "JIT variants"). This object decides when,
// from counts and time alone: it reads no buffer and touches no slot, so
// the kernel (Variants.cpp) acts and this can be tested without a device.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_RUNTIME_REQUEUEPOLICY_H
#define VYRE_RUNTIME_REQUEUEPOLICY_H

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace vyre {

class RequeuePolicy {
public:
  using Clock = std::chrono::steady_clock;

  /// Hand over once `threshold` slots wait (0: a quarter of the ring), or
  /// once the oldest has waited `maxWaitUs` (0: no age limit).
  void configure(uint32_t threshold, uint32_t maxWaitUs) {
    this->threshold = threshold;
    this->maxWaitUs = maxWaitUs;
  }
  /// A slot came back REQUEUE at `now`; `waitingBefore` were waiting.
  void noteRequeue(size_t waitingBefore, Clock::time_point now) {
    if (waitingBefore == 0)
      oldest = now;
    ++total;
  }
  /// Whether `waiting` requeued slots go to the generic interpreter now,
  /// with `inFlight` slots of the publisher in the ring (the requeued ones
  /// among them) and `ringSlots` in the ring: enough of them, nothing else
  /// left for the fused variant to serve, or the oldest too old.
  bool handOverNow(size_t waiting, uint32_t inFlight, uint32_t ringSlots,
                   Clock::time_point now) const;
  /// Slots requeued since the kernel was loaded.
  uint64_t requeued() const { return total; }

private:
  uint32_t threshold = 0;
  uint32_t maxWaitUs = 2000;
  Clock::time_point oldest{};
  uint64_t total = 0;
};

} // namespace vyre

#endif // VYRE_RUNTIME_REQUEUEPOLICY_H
