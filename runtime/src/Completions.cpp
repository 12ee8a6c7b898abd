//===- Completions.cpp - collecting finished slots, waits and reaps -*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Finding finished slots in the completion plane (cached host memory, one
// byte per slot that the lane stores after the handler's writes), freeing
// them, and handing their completions to the caller: what vyre_kernel_wait
// and vyre_kernel_reap do (api/QueueApi.cpp).
//
//===----------------------------------------------------------------------===//

#include "Error.h"
#include "HostMemory.h"
#include "Kernel.h"
#include "WaitLoop.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>

using namespace vyre;
using Clock = std::chrono::steady_clock;

uint64_t vyre_kernel::finished() const {
  uint64_t host = own.hostFaults.load(std::memory_order_relaxed);
  for (const auto &p : producers)
    if (const vyre_producer *producer = p.load(std::memory_order_acquire))
      host += producer->hostFaults.load(std::memory_order_relaxed);
  return uint64_t(loadAcquire(&control.words[VYRE_CTRL_DONE_COUNT])) +
         loadAcquire(&control.words[VYRE_CTRL_FAULT_COUNT]) + host;
}

void vyre_kernel::collectFinished() {
  const uint32_t slots = manifest.slots;
  for (uint32_t s = nextBusy(0, slots); s < slots; s = nextBusy(s + 1, slots))
    collectSlot(s);
}

uint32_t vyre_kernel::collectInto(vyre_completion *out, uint32_t capacity) {
  // From where the last call stopped, [cursor, slots) then [0, cursor): a
  // reap that fills its array leaves the rest of the ring unread, and the
  // next one goes on from there.
  const uint32_t slots = manifest.slots, start = reapCursor;
  uint32_t n = 0;
  for (auto [from, end] : {std::pair{start, slots}, std::pair{0u, start}})
    for (uint32_t s = nextBusy(from, end); s < end && n < capacity && own.inFlight;
         s = nextBusy(s + 1, end)) {
      if (collectSlot(s, &out[n]))
        ++n;
      reapCursor = s + 1 == slots ? 0 : s + 1;
    }
  return n;
}

void vyre_kernel::noteRequeue(uint32_t s) {
  // A fused variant had no arm for it: it stays busy, its words intact,
  // until the generic kernel runs it (serviceRequeue).
  clearCompletion(s);
  handOver.noteRequeued(s, Clock::now());
}

// Inlined into the reap's loop: a call per slot there, with the requeue
// path in its body, was 2-3 ns of a slot's 6.5 on the H200 (perf,
// docs/benchmarks.md, the seventh round).
__attribute__((always_inline)) bool
vyre_kernel::collectSlot(uint32_t s, vyre_completion *into) {
  if (slotTable.busy(s) != VYRE_BUSY_KERNEL)
    return false;
  // The completion mirror, not the ring: it is in cached host memory, and
  // the lane stores it only after the ring's final status (and a fence).
  uint32_t status = completionOf(s);
  if (!finishedStatus(status)) {
    if (status == VYRE_STATUS_REQUEUE)
      noteRequeue(s);
    return false;
  }
  finishSlot(s, status, own, into);
  handOver.finished(s); // one test per slot without a hand-over
  return true;
}

__attribute__((always_inline)) void
vyre_kernel::finishSlot(uint32_t s, uint32_t status, vyre_producer &by,
                             vyre_completion *into) {
  // Field by field into the caller's array, or into the publisher's
  // pending entry in place: a completion built on the stack and copied
  // stalls on store forwarding, once per slot.
  vyre_completion &c = into ? *into : by.pending.push();
  deviceOrderedBefore(ring.words + uint64_t(s) * VYRE_SLOT_WORDS);
  const vyre::SlotTable::Record &record = slotTable.record(s);
  c.ticket = record.ticket;
  c.slot = s;
  c.opcode = record.opcode;
  c.tenant = record.tenant;
  c.status = status;
  c.fault_code = status == VYRE_STATUS_FAULT
                     ? ring.words[uint64_t(s) * VYRE_SLOT_WORDS +
                                  VYRE_SLOT_WORD_FAULT_CODE]
                     : 0;
  by.countTenant(record.tenant, -1);
  graphs.finished(s); // one test per slot in a kernel without counters
  clearCompletion(s);
  // The ring keeps CLAIMED (ABI v6) until the slot is published again: no
  // lane claims it, and on a GPU the store would be a bus write per slot.
  // Release, after its words were read: another publisher that finds the
  // slot free may reserve it and rewrite them.
  slotTable.free(s);
  --by.inFlight;
}

vyre_status vyre_kernel::waitFor(uint64_t target, uint32_t timeoutMs) {
  REQUIRE(target <= published, VYRE_ERROR_INVALID_ARGUMENT,
          "waiting for " + std::to_string(target) + " slots but only " +
              std::to_string(published.load()) + " were published");
  return waitLoop(
      *this, timeoutMs, [&] { return finished() >= target; },
      [&] { return std::to_string(target - finished()) + " slots"; },
      [&] {
        return "timed out after " + std::to_string(timeoutMs) + " ms with " +
               std::to_string(finished()) + " of " + std::to_string(target) +
               " slots finished" + dependencyNote();
      });
}

std::string vyre_kernel::dependencyNote() {
  if (!graphs.counters())
    return "";
  uint32_t waiting = 0;
  dependencyWaits(nullptr, 0, &waiting);
  if (!waiting)
    return "";
  return "; " + std::to_string(waiting) +
         " of them wait on a dependency counter short of its target (the "
         "dependency report lists each task, counter and target)";
}

vyre_status vyre_kernel::reap(vyre_completion *out, uint32_t capacity,
                              uint32_t *count) {
  // What a publish or a wait collected first, then straight from the
  // completion mirrors into the caller's array.
  uint32_t n = own.pending.take(out, capacity);
  n += collectInto(out + n, capacity - n);
  // Counted before the upkeep, which may find the device lost: what was
  // collected is the caller's either way.
  reaped += n;
  *count = n;
  if (dispatch.serving)
    if (vyre_status s = keepServing(Mirrors::Read))
      return s;
  return ok();
}

