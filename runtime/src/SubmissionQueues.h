//===- SubmissionQueues.h - the ring's queues, shared by producers -*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Each priority partition of the ring is a submission queue (docs/abi.md).
// Positions count the slots a queue was ever given, from 0: position p is
// ring slot first + p % span, in lap p / span, and the tail the device reads
// is the committed position mod 2 x span. Any number of threads publish at
// once, as a multi-producer ring (LMAX's Disruptor, io_uring with several
// submitters) does: a thread reserves a run of positions whose slots are
// free with one compare-and-swap, writes its lines without a lock, and
// commits in reservation order, so the tail only ever covers written lines.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_RUNTIME_SUBMISSIONQUEUES_H
#define VYRE_RUNTIME_SUBMISSIONQUEUES_H

#include "Manifest.h"

#include <array>
#include <atomic>
#include <cstdint>

namespace vyre {

/// A run of positions one thread reserved in one queue.
struct Reservation {
  uint32_t queue = 0;
  uint64_t position = 0;
  uint32_t count = 0;
};

class SubmissionQueues {
public:
  /// The queues' bounds: queue q holds ring slots [offsets[q],
  /// offsets[q + 1]) (VYRE_CTRL_PRIORITY_OFFSETS).
  using Offsets = std::array<uint32_t, VYRE_PRIORITY_OFFSET_WORDS>;
  /// Every queue empty, laid out by `offsets`; without `partitioned`
  /// every priority goes to queue 0, which then spans the ring.
  void reset(const Offsets &offsets, bool partitioned);

  uint32_t first(uint32_t queue) const { return queues[queue].first; }
  uint32_t span(uint32_t queue) const { return queues[queue].span; }
  /// The ring slot at `position` of `queue`.
  uint32_t slotAt(uint32_t queue, uint64_t position) const {
    const Queue &q = queues[queue];
    return q.first + uint32_t(position % q.span);
  }
  /// The ring slot after `s` in `queue`, wrapping at its end: walks use it
  /// instead of a modulo per slot, which would cost more than the publish.
  uint32_t nextSlot(uint32_t queue, uint32_t s) const {
    const Queue &q = queues[queue];
    return ++s == q.first + q.span ? q.first : s;
  }
  /// The status word a slot published at `position` carries: PUBLISHED
  /// with its lap's tag.
  uint32_t statusAt(uint32_t queue, uint64_t position) const;

  /// Reserves up to `want` positions of `queue`, from its next one, whose
  /// slots are free (`busy` zero, and the lap before committed, so that the
  /// zero is not a slot reserved and not written yet). `got` is 0 when the
  /// next slot is not free: the queue is full.
  Reservation reserve(uint32_t queue, uint32_t want, const uint8_t *busy);

  /// How many of the next `want` positions of `queue` hold free slots, in
  /// a row (what reserve would take now, if no other thread reserves).
  uint32_t freeAhead(uint32_t queue, uint32_t want, const uint8_t *busy) const;

  /// Gives back the positions of `r` after its first `keep`, which must be
  /// the queue's last reservation (one thread reserving): a run the
  /// publisher found shorter while writing it.
  void shrink(Reservation &r, uint32_t keep);

  /// Waits for every earlier reservation of the queue to be committed, then
  /// stores the tail after `r` into `tailWord` and marks `r` committed.
  /// The caller has drained its own write-combined lines first. With
  /// `otherThreads`, the tail leaves this CPU (a drain) before a later
  /// thread can store its own; otherwise the caller drains once at the end.
  void commit(const Reservation &r, uint32_t *tailWord, bool otherThreads);

  /// VYRE_CTRL_SQ_TAIL of `queue` as committed now.
  uint32_t tailWord(uint32_t queue) const;
  /// At most how many positions a reservation could get now (those whose
  /// lap before is committed; busy ones not subtracted).
  uint32_t room(uint32_t queue) const {
    const Queue &q = queues[queue];
    uint64_t limit = q.committed.load(std::memory_order_relaxed) + q.span;
    uint64_t next = q.reserved.load(std::memory_order_relaxed);
    return limit > next ? uint32_t(limit - next) : 0;
  }
  /// Positions committed in `queue` so far.
  uint64_t committed(uint32_t queue) const {
    return queues[queue].committed.load(std::memory_order_acquire);
  }
  /// Queue of a slot with priority `priority`; false if it has none.
  bool queueOf(uint32_t priority, uint32_t &queue) const {
    if (!sharded) { // every priority shares the one queue
      queue = 0;
      return true;
    }
    if (priority >= VYRE_PRIORITY_LEVELS || !queues[priority].span)
      return false;
    queue = priority;
    return true;
  }

private:
  struct Queue {
    // Apart, so that reserving threads and committing ones do not share a
    // cache line.
    alignas(64) std::atomic<uint64_t> reserved{0};
    alignas(64) std::atomic<uint64_t> committed{0};
    uint32_t first = 0, span = 0;
  };
  std::array<Queue, VYRE_PRIORITY_LEVELS> queues;
  bool sharded = false;
};

} // namespace vyre

#endif // VYRE_RUNTIME_SUBMISSIONQUEUES_H
