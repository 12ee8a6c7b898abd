//===- Publish.cpp - publishing slots into the ring -------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Host side of the ring protocol (docs/abi.md): each priority partition is
// a submission queue filled in ring order (SubmissionQueues.h), by the
// kernel's own publisher and any number of producer threads. A publish
// reserves runs of free positions, writes each slot's whole line with its
// lap's tag in the status word, then one write-combining drain, the
// queues' tails and the doorbell (Commit.cpp). Tenant quotas are checked
// here.
//
//===----------------------------------------------------------------------===//

#include "Error.h"
#include "HostMemory.h"
#include "Kernel.h"

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <string>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

using namespace vyre;
using Clock = std::chrono::steady_clock;

uint32_t vyre_kernel::tenantLoad(uint32_t tenant) const {
  uint32_t load = own.tenantInFlight[tenant].load(std::memory_order_relaxed);
  for (const auto &p : producers)
    if (const vyre_producer *producer = p.load(std::memory_order_acquire))
      load += producer->tenantInFlight[tenant].load(std::memory_order_relaxed);
  return load;
}

namespace {

// The caller's vyre_slot is the ring line's words 1-15, in order.
static_assert(offsetof(vyre_slot, opcode) == 4 * (VYRE_SLOT_WORD_OPCODE - 1) &&
                  offsetof(vyre_slot, tenant) == 4 * (VYRE_SLOT_WORD_TENANT - 1) &&
                  offsetof(vyre_slot, priority) ==
                      4 * (VYRE_SLOT_WORD_PRIORITY - 1) &&
                  offsetof(vyre_slot, args) == 4 * (VYRE_SLOT_WORD_ARG0 - 1) &&
                  sizeof(vyre_slot) == VYRE_SLOT_BYTES - 4,
              "vyre_slot must be the ring line after its status word");

/// Stores `status` and `slot` as the ring line at `line`. The whole 64-byte
/// line, status included: on BAR memory a full write-combined line leaves
/// the CPU as one bus write. Built in registers: a line built on the stack
/// and copied out stalls on store forwarding, which cost 5.6 ns of a slot's
/// 7.9 (vyre-host-floors, docs/benchmarks.md, the seventh round).
inline void storeLine(uint32_t *line, uint32_t status, const vyre_slot &slot) {
#if defined(__SSE2__)
  const auto *words = reinterpret_cast<const uint32_t *>(&slot);
  auto *out = reinterpret_cast<__m128i *>(line);
  __m128i head = _mm_loadu_si128(reinterpret_cast<const __m128i *>(words));
  _mm_storeu_si128(out, _mm_or_si128(_mm_slli_si128(head, 4),
                                     _mm_cvtsi32_si128(int(status))));
  for (int q = 1; q < 4; ++q) // slot words 4q-1 .. 4q+2
    _mm_storeu_si128(out + q, _mm_loadu_si128(reinterpret_cast<const __m128i *>(
                                  words + 4 * q - 1)));
#else
  alignas(64) uint32_t l[VYRE_SLOT_WORDS];
  l[VYRE_SLOT_WORD_STATUS] = status;
  std::memcpy(l + 1, &slot, sizeof(slot));
  std::memcpy(line, l, sizeof(l));
#endif
}

} // namespace

void vyre_kernel::writeSlot(uint32_t s, const vyre_slot &slot, uint32_t status,
                            uint64_t ticket, vyre_producer &by) {
  // A tagged status cannot be claimed before the queue's tail covers the
  // slot, and plain PUBLISHED is written only while no dispatch runs.
  uint32_t *line = ring.words + uint64_t(s) * VYRE_SLOT_WORDS;
  storeLine(line, status, slot);
  deviceOrdersAfter(line); // its IO request, or its reap, comes after
  // The host copy serves only the requeue hand-over; without variants it
  // would be 60 bytes of stores per slot for nothing (docs/benchmarks.md,
  // the 26c915e..0f2cc6e regression).
  if (slotTable.keepsCopies())
    std::memcpy(slotTable.copyOf(s), &slot, sizeof(slot));
  slotTable.record(s) = {ticket, slot.opcode, slot.tenant};
  // Other publishers read the tag to find free slots.
  slotTable.markBusy(s, by.tag);
}

void vyre_kernel::writeDependentSlot(uint32_t s, const vyre_slot &slot,
                                     uint32_t status, uint64_t ticket,
                                     vyre_producer &by,
                                     const vyre::DepRecord &record) {
  // Read by a lane only after the line's status, which comes after it.
  std::memcpy(ring.words + vyre_dependency_record_word(manifest.slots, s),
              record.data(), sizeof(record));
  graphs.published(s, record);
  writeSlot(s, slot, status | VYRE_STATUS_DEPENDENT, ticket, by);
}

void vyre_kernel::stageSlot(uint32_t s, const vyre_slot &slot,
                            uint32_t status) {
  writeSlot(s, slot, status, published.fetch_add(1), own);
  own.countTenant(slot.tenant, 1);
  ++own.inFlight;
  staged = true;
}

void vyre_kernel::refuseOverQuota(vyre_producer &by, const vyre_slot &slot) {
  // Refused, never silently dropped: it completes as a FAULT at once.
  vyre_completion &c = by.pending.push();
  c = vyre_completion{};
  c.ticket = published.fetch_add(1);
  c.slot = UINT32_MAX;
  c.opcode = slot.opcode;
  c.tenant = slot.tenant;
  c.status = VYRE_STATUS_FAULT;
  c.fault_code = VYRE_FAULT_QUOTA_EXCEEDED;
  by.countHostFault();
}

namespace {

/// How many slots from `slots` on go into `queue` in one run: up to the
/// first for another queue, or the first its tenant's quota refuses.
uint32_t runLength(const vyre_kernel &k, const vyre_slot *slots,
                   uint32_t count, uint32_t queue) {
  const bool quotas = k.anyQuota.load(std::memory_order_relaxed);
  const bool sharded = k.manifest.sharded();
  if (!quotas && !sharded)
    return count; // one queue, nothing to check per slot
  // No reservation is longer than the queue's room: reading further would
  // be a scan of every slot left per call (20 us a call for 4096 slots into
  // a 292-slot queue, 25 ms for the 1M-slot fill, measured). Nor is it cut
  // shorter: with producers, runs of 256 interleaved between threads, and
  // each commit waited for the other threads' calls to end (2 producers end
  // to end 84 -> 6 M/s on the H200, docs/benchmarks.md, the seventh round).
  count = std::min(count, std::max(1u, k.sq.room(queue)));
  std::array<uint32_t, VYRE_MAX_TENANTS> load;
  load.fill(UINT32_MAX); // a tenant's load, read at its first slot
  uint32_t n = 0, q = 0;
  for (; n < count; ++n) {
    if (sharded && (!k.sq.queueOf(slots[n].priority, q) || q != queue))
      break;
    uint32_t t = slots[n].tenant;
    if (!quotas || t >= VYRE_MAX_TENANTS)
      continue;
    uint32_t quota = k.tenantQuota[t].load(std::memory_order_relaxed);
    if (!quota)
      continue;
    if (load[t] == UINT32_MAX)
      load[t] = k.tenantLoad(t);
    if (load[t] >= quota)
      break;
    ++load[t];
  }
  return n;
}

std::string priorityError(const vyre_slot &slot, uint32_t index) {
  uint32_t priority = slot.priority;
  return "slot " + std::to_string(index) + " has priority " +
         std::to_string(priority) +
         (priority >= VYRE_PRIORITY_LEVELS
              ? ", but priorities are 0 (critical) ... 4 (idle)"
              : ", but that priority's queue has no slots; use another "
                "priority, or size the queues (queue capacities) before "
                "launch") +
         "; " + std::to_string(index) + " slots were published";
}

} // namespace

uint32_t vyre_kernel::collectHead(vyre_producer &by, uint32_t queue,
                                   uint64_t position, uint32_t want) {
  // A queue fills in ring order: its next slots are the ones at its tail.
  // Those this publisher wrote are checked in the completion mirror
  // (cached host memory) and collected, in a row.
  const bool mine = &by == &own;
  uint32_t n = 0;
  for (uint32_t s = sq.slotAt(queue, position);
       n < want && slotTable.loadBusy(s) == by.tag &&
       (mine ? collectSlot(s) : by.collectOwn(s));
       s = sq.nextSlot(queue, s))
    ++n;
  return n;
}

vyre_status vyre_kernel::waitForFreeSlot(vyre_producer &by, uint32_t queue,
                                         Clock::time_point deadline,
                                         Backoff &backoff, uint32_t done,
                                         uint32_t count, uint32_t timeoutMs) {
  const bool mine = &by == &own;
  if (dispatch.state == State::Lost)
    return failVk(VK_ERROR_DEVICE_LOST, "publish");
  // A full ring drains only while a dispatch runs. Only the mirror at the
  // queue's tail was read: the requeue policy must see the REQUEUEs behind
  // it too, or a hand-over waits for its time limit.
  if (!mine)
    dispatch.relaunchIfReturned();
  else if (dispatch.serving)
    if (vyre_status st = keepServing(Mirrors::Unread))
      return st;
  // Backpressure: the ring is full of unfinished slots. Nothing drains it
  // while no dispatch runs, so waiting out the timeout is pointless; a
  // serving one that spent its loop budget is being relaunched (by another
  // thread, if this one could not take the dispatch lock).
  const bool running = dispatch.state == State::Running || dispatch.serving;
  if (Clock::now() >= deadline || !running) {
    const bool sharded = manifest.sharded();
    return fail(VYRE_ERROR_RING_FULL,
                (!sharded ? "the ring's " + std::to_string(manifest.slots)
                          : "priority " + std::to_string(queue) +
                                "'s queue of " +
                                std::to_string(sq.span(queue))) +
                    " slots stayed busy for " + std::to_string(timeoutMs) +
                    " ms; " + std::to_string(done) + " of " +
                    std::to_string(count) + " slots were published" +
                    (running
                         ? (liveProducers ? "; every producer must reap its "
                                            "finished slots"
                                          : "")
                         : " (the kernel is not running: launch it)") +
                    (sharded && sq.span(queue) < manifest.slots / 2
                         ? "; sizing the queues before launch (queue "
                           "capacities) gives this priority more of the "
                           "ring's " +
                               std::to_string(manifest.slots) + " slots"
                         : ""));
  }
  backoff.pause();
  return VYRE_OK;
}

constexpr uint32_t kPrefetchAhead = 32;

namespace {

/// writeRun's loop, with or without a graph's records: a test per slot
/// for them on the ordinary path cost 1-2 ns of a slot's publish on the
/// H100 (publish ceiling 10.3 -> 11.8 ns, A B A B, docs/benchmarks.md).
template <bool WithRecords>
uint32_t writeRunLoop(vyre_kernel &k, vyre_producer &by,
                      const vyre_slot *slots, const Reservation &r,
                      uint64_t ticket, bool checkQueues,
                      const vyre::DepRecord *const *records) {
  const uint32_t queue = r.queue, priority = slots[0].priority;
  uint32_t s = k.sq.slotAt(queue, r.position);
  uint32_t status = k.sq.statusAt(queue, r.position);
  // Tenants counted per run of one tenant, in this pass: a second pass
  // over the caller's slots re-read 38 MB of them for the 1M fill (5 ms
  // on the H200, docs/benchmarks.md, the fifth round).
  uint32_t tenant = slots[0].tenant, sameTenant = 0, j = 0;
  for (; j < r.count; ++j) {
    const vyre_slot &slot = slots[j];
    // The caller's slot 32 ahead (2 KiB): the loop's bus writes fill the
    // store buffer, and a load issued only when its slot comes up waits
    // behind them (vyre-host-floors: publish_pf32 against publish).
    if (j + kPrefetchAhead < r.count)
      __builtin_prefetch(&slots[j + kPrefetchAhead]);
    uint32_t q = queue;
    if (checkQueues && slot.priority != priority &&
        (!k.sq.queueOf(slot.priority, q) || q != queue))
      break;
    if (WithRecords && records[j])
      k.writeDependentSlot(s, slot, status, ticket + j, by, *records[j]);
    else
      k.writeSlot(s, slot, status, ticket + j, by);
    if (slot.tenant != tenant) {
      by.countTenant(tenant, int32_t(sameTenant));
      tenant = slot.tenant;
      sameTenant = 0;
    }
    ++sameTenant;
    s = k.sq.nextSlot(queue, s);
    if (s == k.sq.first(queue)) // wrapped: the next lap's tag
      status ^= VYRE_STATUS_LAP_EVEN | VYRE_STATUS_LAP_ODD;
  }
  by.countTenant(tenant, int32_t(sameTenant));
  return j;
}

} // namespace

uint32_t vyre_kernel::writeRun(vyre_producer &by, const vyre_slot *slots,
                               const Reservation &r, uint64_t ticket,
                               bool checkQueues,
                               const vyre::DepRecord *const *records) {
  if (records)
    return writeRunLoop<true>(*this, by, slots, r, ticket, checkQueues,
                              records);
  return writeRunLoop<false>(*this, by, slots, r, ticket, checkQueues,
                             nullptr);
}

vyre_status vyre_kernel::publishFrom(vyre_producer &by, const vyre_slot *slots,
                                     uint32_t count, uint32_t timeoutMs,
                                     uint32_t *publishedOut,
                                     const vyre::DepRecord *const *records) {
  const bool mine = &by == &own;
  auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
  Backoff backoff = waitBackoff();
  // Runs reserved and written, committed together: a batch costs one
  // drain and a tail store per queue, and no store per slot after it.
  std::array<Reservation, 8> runs;
  uint32_t open = 0, i = 0;
  bool collectedForQuota = false;
  // The kernel's own publisher alone (producers are created on its thread,
  // so none can appear during this call), without quotas: a run's
  // priorities are checked as its slots are written, and the run given
  // back where another queue's slot starts. Scanning them first read each
  // slot twice, 2-3 ns of a slot's 5-8 (vyre-host-floors, scan_publish).
  const bool checkWhileWriting = mine && !liveProducers &&
                                 !anyQuota.load(std::memory_order_relaxed) &&
                                 manifest.sharded();
  auto stop = [&](vyre_status status) {
    commitRuns(runs.data(), open);
    if (publishedOut)
      *publishedOut = i;
    return status;
  };
  while (i < count) {
    uint32_t queue = 0;
    if (!sq.queueOf(slots[i].priority, queue))
      return stop(fail(VYRE_ERROR_INVALID_ARGUMENT,
                       priorityError(slots[i], i)));
    uint32_t run = checkWhileWriting
                       ? std::max(1u, std::min(count - i, sq.room(queue)))
                       : runLength(*this, slots + i, count - i, queue);
    if (!run) { // slots[i]'s tenant is at its quota
      if (mine && !collectedForQuota) { // only then read the busy mirrors
        collectFinished();
        collectedForQuota = true;
        continue;
      }
      refuseOverQuota(by, slots[i++]);
      collectedForQuota = false;
      continue;
    }
    Reservation r = sq.reserve(queue, run, slotTable.busyTagsData());
    if (!r.count && collectHead(by, queue, r.position, run))
      continue; // freed without a commit: a drain per slot here cost 7 us
    if (!r.count) {
      // What is reserved must run before the ring can drain, and other
      // threads' commits may be waiting for it.
      commitRuns(runs.data(), open);
      open = 0;
      if (vyre_status s = waitForFreeSlot(by, queue, deadline, backoff, i,
                                          count, timeoutMs))
        return stop(s);
      continue;
    }
    uint64_t ticket = published.fetch_add(r.count, std::memory_order_relaxed);
    if (uint32_t wrote = writeRun(by, slots + i, r, ticket, checkWhileWriting,
                                  records ? records + i : nullptr);
        wrote < r.count) { // a slot for another queue: the rest goes back
      published.fetch_sub(r.count - wrote, std::memory_order_relaxed);
      sq.shrink(r, wrote);
    }
    by.inFlight += r.count;
    if (!mine)
      by.noteRange(r);
    // One run per queue when no other thread reserves in between: a
    // commit per queue per call, not one per reservation.
    Reservation *into = nullptr;
    for (uint32_t o = 0; o < open && !into; ++o)
      if (runs[o].queue == r.queue &&
          runs[o].position + runs[o].count == r.position)
        into = &runs[o];
    if (into)
      into->count += r.count;
    else
      runs[open++] = r;
    if (open == runs.size()) {
      commitRuns(runs.data(), open);
      open = 0;
    }
    i += r.count;
  }
  stop(VYRE_OK);
  // A dispatch that just spent its loop budget is resent now, not at the
  // next wait, so published slots never sit without a running kernel.
  // Requeued slots are found by the reap or wait that follows.
  if (!mine)
    dispatch.relaunchIfReturned();
  else if (dispatch.serving)
    if (vyre_status s = keepServing(Mirrors::Read))
      return s;
  return ok();
}

