//===- SlotTable.h - what the host keeps per ring slot -----------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// The host's side of each ring slot, apart from the ring itself (which may
// be BAR memory, 1 us a read): who published it and still owns it (a busy
// tag per slot), what its completion must report (ticket, opcode, tenant),
// and, once a kernel has JIT variants, a copy of its words for the requeue
// hand-over. Publishers write a slot's entries before its line becomes
// visible; reaping reads them after the mirror says the slot finished.
// Header-only: these accessors sit inside the publish and reap loops,
// where a call per slot cost nanoseconds (docs/benchmarks.md, the seventh
// round). Depends on HostMemory.h only.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_RUNTIME_SLOTTABLE_H
#define VYRE_RUNTIME_SLOTTABLE_H

#include "HostMemory.h"
#include "vyre/ABI/RingABI.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

/// Busy tags: a free slot; one the kernel's own publish wrote; producer
/// i's slots carry VYRE_BUSY_FIRST_PRODUCER + i.
constexpr uint8_t VYRE_BUSY_FREE = 0;
constexpr uint8_t VYRE_BUSY_KERNEL = 1;
constexpr uint8_t VYRE_BUSY_FIRST_PRODUCER = 2;

namespace vyre {

class SlotTable {
public:
  /// What a completion reports of its slot, 16 bytes: publish and reap
  /// touch one host stream per slot here, not three (a 1M ring's arrays do
  /// not stay in cache).
  struct Record {
    uint64_t ticket;
    uint32_t opcode, tenant;
  };

  /// `slots` free slots (records and host copies kept as they are).
  void reset(uint32_t slots) {
    records.resize(slots);
    busyTags.assign(slots, VYRE_BUSY_FREE);
  }
  uint32_t size() const { return uint32_t(busyTags.size()); }

  // Busy tags. The owner's thread reads its own tags plainly; another
  // thread (a producer looking for free slots) with loadBusy.
  uint8_t busy(uint32_t s) const { return busyTags[s]; }
  uint8_t loadBusy(uint32_t s) const { return loadAcquire(&busyTags[s]); }
  /// Marks `s` published by `tag`. Relaxed: the queue's commit, a release,
  /// orders it before another publisher can reserve the slot's next lap.
  void markBusy(uint32_t s, uint8_t tag) {
    __atomic_store_n(&busyTags[s], tag, __ATOMIC_RELAXED);
  }
  /// Frees `s` after its entries were read: release, since another
  /// publisher that sees it free may reserve the slot and rewrite them.
  void free(uint32_t s) { storeRelease(&busyTags[s], VYRE_BUSY_FREE); }
  /// The tags, for SubmissionQueues::reserve.
  const uint8_t *busyTagsData() const { return busyTags.data(); }
  /// The first slot in [from, end) tagged `tag`, or `end`. A tagged slot
  /// at `from` (a full ring: busy slots in a row) is taken without a call;
  /// memchr skips runs of others. A loop step per slot here (3 ns a slot,
  /// 12 us a reap on a 4096-slot ring) put 20 us on the p50 under open
  /// load on the H200 (docs/benchmarks.md).
  uint32_t nextTagged(uint8_t tag, uint32_t from, uint32_t end) const {
    if (from >= end)
      return end;
    if (busyTags[from] == tag)
      return from;
    const void *hit = std::memchr(busyTags.data() + from, tag, end - from);
    return hit ? uint32_t(static_cast<const uint8_t *>(hit) - busyTags.data())
               : end;
  }
  /// nextTagged while other threads (producers) mark and free slots: one
  /// relaxed atomic load per slot instead of memchr's plain reads, which
  /// race with their stores (ThreadSanitizer: ProducerTest). About 1 ns a
  /// slot more than memchr; only kernels with live producers pay it.
  uint32_t nextTaggedShared(uint8_t tag, uint32_t from, uint32_t end) const {
    for (; from < end; ++from)
      if (__atomic_load_n(&busyTags[from], __ATOMIC_RELAXED) == tag)
        return from;
    return end;
  }
  /// Slots published and not yet collected, by every publisher.
  uint32_t countBusy() const {
    return uint32_t(
        std::count_if(busyTags.begin(), busyTags.end(),
                      [](uint8_t t) { return t != VYRE_BUSY_FREE; }));
  }

  Record &record(uint32_t s) { return records[s]; }
  const Record &record(uint32_t s) const { return records[s]; }

  // Host copies of words 1-15 (the ring may be BAR memory, too slow to
  // read back), for the requeue hand-over: kept only once the kernel has
  // a variant, or every publish would store 60 bytes more per slot.
  bool keepsCopies() const { return !copies.empty(); }
  /// Starts keeping copies; the busy slots' words are read from `ring`
  /// once (on a GPU a bus read per word).
  void keepCopies(const uint32_t *ring) {
    if (keepsCopies())
      return;
    copies.assign(uint64_t(size()) * (VYRE_SLOT_WORDS - 1), 0);
    for (uint32_t s = 0; s < size(); ++s)
      if (busyTags[s] != VYRE_BUSY_FREE)
        for (uint32_t w = 1; w < VYRE_SLOT_WORDS; ++w)
          copyOf(s)[w - 1] =
              loadAcquire(ring + uint64_t(s) * VYRE_SLOT_WORDS + w);
  }
  uint32_t *copyOf(uint32_t s) {
    return copies.data() + uint64_t(s) * (VYRE_SLOT_WORDS - 1);
  }

private:
  std::vector<Record> records;
  std::vector<uint8_t> busyTags;
  std::vector<uint32_t> copies;
};

} // namespace vyre

#endif // VYRE_RUNTIME_SLOTTABLE_H
