//===- SubmissionQueues.cpp - reserving and committing positions -*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "SubmissionQueues.h"
#include "HostMemory.h"

#include <algorithm>
#include <cassert>
#include <thread>

using namespace vyre;

void SubmissionQueues::reset(const Offsets &offsets, bool partitioned) {
  sharded = partitioned;
  for (uint32_t q = 0; q < VYRE_PRIORITY_LEVELS; ++q) {
    queues[q].first = offsets[q];
    queues[q].span = offsets[q + 1] - offsets[q];
    queues[q].reserved.store(0, std::memory_order_relaxed);
    queues[q].committed.store(0, std::memory_order_relaxed);
  }
}

uint32_t SubmissionQueues::statusAt(uint32_t queue, uint64_t position) const {
  bool odd = (position / queues[queue].span) & 1;
  return VYRE_STATUS_PUBLISHED |
         (odd ? VYRE_STATUS_LAP_ODD : VYRE_STATUS_LAP_EVEN);
}

uint32_t SubmissionQueues::tailWord(uint32_t queue) const {
  const Queue &q = queues[queue];
  if (!q.span)
    return 0;
  return uint32_t(committed(queue) % (2 * uint64_t(q.span)));
}

Reservation SubmissionQueues::reserve(uint32_t queue, uint32_t want,
                                      const uint8_t *busy) {
  Queue &q = queues[queue];
  Reservation r{queue, q.reserved.load(std::memory_order_relaxed), 0};
  for (;;) {
    // Slots of the lap before that are reserved but not committed yet look
    // free and are not: the run stops a lap ahead of the committed tail.
    uint64_t committed = q.committed.load(std::memory_order_acquire);
    uint64_t limit = committed + q.span;
    uint32_t most = uint32_t(std::min<uint64_t>(
        want, limit > r.position ? limit - r.position : 0));
    // The free flags were stored with release by the reapers: acquire
    // orders what follows (reusing the slots' words and records) after
    // them. An acquire load is the plain load on x86; a relaxed load and an
    // acquire fence would be the same there, but ThreadSanitizer does not
    // model fences and reported the records' reuse as a race.
    uint32_t run = 0;
    for (uint32_t s = slotAt(queue, r.position);
         run < most && !__atomic_load_n(&busy[s], __ATOMIC_ACQUIRE);
         s = nextSlot(queue, s))
      ++run;
    if (!run)
      return r; // count 0: full, or the next slot is still being reaped
    if (q.reserved.compare_exchange_weak(r.position, r.position + run,
                                         std::memory_order_acq_rel,
                                         std::memory_order_relaxed)) {
      r.count = run;
      return r;
    }
    // Another thread reserved first; r.position is the new next position.
  }
}

uint32_t SubmissionQueues::freeAhead(uint32_t queue, uint32_t want,
                                     const uint8_t *busy) const {
  const Queue &q = queues[queue];
  uint64_t position = q.reserved.load(std::memory_order_relaxed);
  uint64_t limit = q.committed.load(std::memory_order_acquire) + q.span;
  uint32_t most = uint32_t(
      std::min<uint64_t>(want, limit > position ? limit - position : 0));
  uint32_t run = 0;
  for (uint32_t s = slotAt(queue, position);
       run < most && !__atomic_load_n(&busy[s], __ATOMIC_ACQUIRE);
       s = nextSlot(queue, s))
    ++run;
  return run;
}

void SubmissionQueues::shrink(Reservation &r, uint32_t keep) {
  Queue &q = queues[r.queue];
  uint64_t end = r.position + r.count;
  bool last = q.reserved.compare_exchange_strong(end, r.position + keep,
                                                 std::memory_order_acq_rel);
  assert(last && "shrink: another thread reserved after this run");
  (void)last;
  r.count = keep;
}

void SubmissionQueues::commit(const Reservation &r, uint32_t *tailWord,
                              bool otherThreads) {
  Queue &q = queues[r.queue];
  // Threads that reserved earlier are writing their lines (nanoseconds
  // each): the tail may cover only written ones.
  for (uint32_t spins = 0;
       q.committed.load(std::memory_order_acquire) != r.position; ++spins)
    if (spins > 1024)
      std::this_thread::yield();
  uint64_t next = r.position + r.count;
  storeRelease(tailWord, uint32_t(next % (2 * uint64_t(q.span))));
  // Out of this CPU's write-combining buffer before the next thread's tail:
  // otherwise the device could see that one first, then this older one.
  // Alone, the caller's one drain after all its tails does (each drain of
  // a lone store costs a bus write's latency).
  if (otherThreads)
    flushWriteCombining();
  q.committed.store(next, std::memory_order_release);
}
