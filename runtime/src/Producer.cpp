//===- Producer.cpp - publishers on their own threads -----------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// A producer publishes through the kernel's publish path (Publish.cpp) with
// its own tag on the slots, and reaps them from the runs of positions it
// reserved: it never reads another publisher's slots, so producer threads
// share no state on the fast path but the queue's reservation word.
//
//===----------------------------------------------------------------------===//

#include "Error.h"
#include "HostMemory.h"
#include "Kernel.h"

#include <cstring>
#include <string>

using namespace vyre;

void vyre_producer::reset() {
  inFlight = 0;
  for (auto &t : tenantInFlight)
    t.store(0, std::memory_order_relaxed);
  hostFaults.store(0, std::memory_order_relaxed);
  pending.clear();
  ranges.clear();
  frontReaped = 0;
}

void vyre_producer::noteRange(const Reservation &r) {
  if (!ranges.empty()) {
    Reservation &last = ranges.back();
    if (last.queue == r.queue && last.position + last.count == r.position &&
        uint64_t(last.count) + r.count <= UINT32_MAX) {
      last.count += r.count;
      return;
    }
  }
  ranges.push_back(r);
}

bool vyre_producer::collectOwn(uint32_t s, vyre_completion *into) {
  vyre_kernel &k = *kernel;
  if (k.slotTable.loadBusy(s) != tag)
    return false;
  uint32_t status = k.completionOf(s);
  if (!vyre_kernel::finishedStatus(status))
    return false; // producers exist only without variants: no REQUEUE
  k.finishSlot(s, status, *this, into);
  return true;
}

uint32_t vyre_producer::reapInto(vyre_completion *out, uint32_t capacity) {
  vyre_kernel &k = *kernel;
  uint32_t n = pending.take(out, capacity);
  // Every range from the oldest; slots finish out of order, so a range is
  // dropped only once all of it is reaped (frontReaped counts its prefix).
  for (size_t i = 0; i < ranges.size() && n < capacity; ++i) {
    const Reservation &r = ranges[i];
    uint32_t from = i == 0 ? frontReaped : 0;
    bool prefix = i == 0;
    uint32_t s = k.sq.slotAt(r.queue, r.position + from);
    for (uint32_t j = from; j < r.count && n < capacity;
         ++j, s = k.sq.nextSlot(r.queue, s)) {
      bool mine = k.slotTable.loadBusy(s) == tag;
      if (mine && collectOwn(s, &out[n])) {
        ++n;
        mine = false;
      }
      if (prefix && !mine)
        ++frontReaped;
      else
        prefix = false;
    }
  }
  while (!ranges.empty() && frontReaped == ranges.front().count) {
    ranges.pop_front();
    frontReaped = 0;
    // The next range's reaped prefix is found again by the next scan.
  }
  return n;
}

vyre_status vyre_kernel::addProducer(vyre_producer **out) {
  REQUIRE(variants.empty(), VYRE_ERROR_STATE,
          "kernel \"" + manifest.kernel +
              "\" has JIT variants, and their requeue hand-over reads "
              "every slot on one thread; publish with vyre_kernel_publish, "
              "or use producers on a kernel without variants");
  uint32_t id = 0;
  while (id < VYRE_MAX_PRODUCERS && producerSlots[id])
    ++id;
  REQUIRE(id < VYRE_MAX_PRODUCERS, VYRE_ERROR_STATE,
          "kernel \"" + manifest.kernel + "\" already has " +
              std::to_string(VYRE_MAX_PRODUCERS) +
              " producers; destroy one first");
  auto producer = std::make_unique<vyre_producer>();
  producer->kernel = this;
  producer->tag = uint8_t(VYRE_BUSY_FIRST_PRODUCER + id);
  *out = producer.get();
  producers[id].store(producer.get(), std::memory_order_release);
  producerSlots[id] = std::move(producer);
  ++liveProducers;
  return ok();
}


vyre_status vyre_kernel::removeProducer(vyre_producer &p) {
  REQUIRE(!p.inFlight && p.pending.empty(), VYRE_ERROR_STATE,
          "the producer has " + std::to_string(p.inFlight + p.pending.size()) +
              " slots not reaped yet; reap them (vyre_producer_reap) "
              "before destroying it, or their completions would be lost");
  // Its quota faults stay counted as finished slots (the kernel's waits).
  own.hostFaults += p.hostFaults.load();
  uint32_t id = p.tag - VYRE_BUSY_FIRST_PRODUCER;
  producers[id].store(nullptr, std::memory_order_release);
  producerSlots[id].reset(); // destroys `p`
  --liveProducers;
  return ok();
}
