//===- Publish.cpp - publishing slots into the ring -------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Host side of the ring protocol (docs/abi.md): each priority partition is
// a submission queue filled in ring order. Each slot's whole line goes in
// with its lap's tag in the status word, then one write-combining drain,
// the queues' tails and the doorbell. Tenant quotas are checked here.
//
//===----------------------------------------------------------------------===//

#include "Error.h"
#include "HostMemory.h"
#include "Kernel.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>

using namespace vyre;
using Clock = std::chrono::steady_clock;

bool vyre_kernel::overQuota(uint32_t tenant) {
  if (tenant >= VYRE_MAX_TENANTS || !tenantQuota[tenant] ||
      tenantInFlight[tenant] < tenantQuota[tenant])
    return false;
  collectFinished(); // only at the quota: reads the busy slots' mirrors
  return tenantInFlight[tenant] >= tenantQuota[tenant];
}

void vyre_kernel::stageSlot(uint32_t s, const vyre_slot &slot,
                            uint32_t status) {
  // The whole 64-byte line, status included: on BAR memory a full
  // write-combined line leaves the CPU as one bus write. A tagged status
  // cannot be claimed before the queue's tail covers the slot, and plain
  // PUBLISHED is written only while no dispatch runs.
  alignas(64) uint32_t line[VYRE_SLOT_WORDS];
  line[VYRE_SLOT_WORD_STATUS] = status;
  line[VYRE_SLOT_WORD_OPCODE] = slot.opcode;
  line[VYRE_SLOT_WORD_TENANT] = slot.tenant;
  line[VYRE_SLOT_WORD_PRIORITY] = slot.priority;
  std::memcpy(line + VYRE_SLOT_WORD_ARG0, slot.args, sizeof(slot.args));
  std::memcpy(ring.words + uint64_t(s) * VYRE_SLOT_WORDS, line, sizeof(line));
  // The host copy serves only the requeue hand-over; without variants it
  // would be 60 bytes of stores per slot for nothing (docs/benchmarks.md,
  // the 26c915e..0f2cc6e regression).
  if (!slotShadow.empty())
    std::memcpy(shadowOf(s), line + 1, (VYRE_SLOT_WORDS - 1) * 4);
  slotTicket[s] = published++;
  slotOpcode[s] = slot.opcode;
  slotTenant[s] = slot.tenant;
  slotBusy[s] = 1;
  ++inFlight;
  if (slot.tenant < VYRE_MAX_TENANTS)
    ++tenantInFlight[slot.tenant];
  staged = true;
}

uint32_t vyre_kernel::tailWord(uint32_t queue) const {
  auto [lo, hi] = manifest.partition(queue);
  return cursor[queue] + (lapOdd[queue] ? hi - lo : 0);
}

void vyre_kernel::writeTails(uint32_t queues) {
  for (uint32_t q = 0; q < VYRE_PRIORITY_LEVELS; ++q)
    if (queues & (1u << q))
      storeRelease(&control.words[VYRE_CTRL_SQ_TAIL + q], tailWord(q));
}

void vyre_kernel::commitStaged() {
  if (!staged)
    return;
  flushWriteCombining(); // every line before the tails
  // Only the queues this batch went into: each tail is a bus write.
  writeTails(stagedQueues);
  stagedQueues = 0;
  storeRelease(&control.words[VYRE_CTRL_DOORBELL], uint32_t(published));
  flushWriteCombining(); // and everything out of the CPU now
  staged = false;
}

extern "C" vyre_status vyre_kernel_publish(vyre_kernel *k,
                                           const vyre_slot *slots,
                                           uint32_t count, uint32_t timeoutMs,
                                           uint32_t *published) {
  if (published)
    *published = 0;
  REQUIRE(k && (slots || !count), VYRE_ERROR_INVALID_ARGUMENT,
          "vyre_kernel_publish: kernel or slots is NULL");
  REQUIRE(k->state != vyre_kernel::State::Lost, VYRE_ERROR_DEVICE_LOST,
          "the device was lost; call vyre_kernel_rebuild");
  const uint32_t n = k->manifest.slots;
  auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
  Backoff backoff(vyre_runtime_is_cpu(k->runtime),
                  k->waitMode == VYRE_WAIT_SPIN);
  // Every slot's line (its lap's tag in the status), one write-combining
  // drain, then the queues' tails and the doorbell: a batch costs one
  // drain, and no store per slot after it.
  for (uint32_t i = 0; i < count; ++i) {
    if (k->overQuota(slots[i].tenant)) {
      // Refused, never silently dropped: it completes as a FAULT at once.
      vyre_completion c{};
      c.ticket = k->published++;
      c.slot = UINT32_MAX;
      c.opcode = slots[i].opcode;
      c.tenant = slots[i].tenant;
      c.status = VYRE_STATUS_FAULT;
      c.fault_code = VYRE_FAULT_QUOTA_EXCEEDED;
      k->pending.push_back(c);
      ++k->hostFaults;
      continue;
    }
    // A sharded kernel takes each priority in its own partition of the ring
    // (with its own cursor); otherwise every priority shares partition 0.
    const bool sharded = k->manifest.sharded();
    uint32_t priority = slots[i].priority;
    uint32_t part = sharded ? priority : 0;
    if (sharded && (priority >= VYRE_PRIORITY_LEVELS ||
                    k->manifest.partition(priority).first ==
                        k->manifest.partition(priority).second)) {
      k->commitStaged();
      if (published)
        *published = i;
      return fail(VYRE_ERROR_INVALID_ARGUMENT,
                  "slot " + std::to_string(i) + " has priority " +
                      std::to_string(priority) +
                      (priority >= VYRE_PRIORITY_LEVELS
                           ? ", but priorities are 0 (critical) ... 4 (idle)"
                           : ", but this kernel's vyre-shard layout gives "
                             "that priority no slots (manifest "
                             "priority_offsets); use another priority or "
                             "re-shard with a non-zero weight") +
                      "; " + std::to_string(i) + " slots were published");
    }
    auto [lo, hi] = k->manifest.partition(part);
    uint32_t span = hi - lo;
    uint32_t &cursor = k->cursor[part];
    // A queue fills in ring order: the next slot is the one at its tail,
    // free once the host owns it (a busy one is checked alone in the
    // completion mirror, cached host memory).
    const uint32_t found = lo + cursor;
    while (k->slotBusy[found] && !k->collectSlot(found)) {
      k->commitStaged(); // what is staged must run before the ring can drain
      if (k->state == vyre_kernel::State::Lost)
        return failVk(VK_ERROR_DEVICE_LOST, "publish");
      // A full ring drains only while a dispatch runs. Only the mirror at
      // the queue's tail was read: the requeue policy must see the
      // REQUEUEs behind it too, or a hand-over waits for its time limit.
      if (k->serving)
        if (vyre_status s = k->keepServing(vyre_kernel::Mirrors::Unread)) {
          if (published)
            *published = i;
          return s;
        }
      // Backpressure: the ring is full of unfinished slots. Nothing drains
      // it while no dispatch runs, so waiting out the timeout is pointless.
      if (Clock::now() >= deadline ||
          k->state != vyre_kernel::State::Running) {
        if (published)
          *published = i;
        return fail(VYRE_ERROR_RING_FULL,
                    (!sharded ? "the ring's " + std::to_string(n)
                               : "priority " + std::to_string(priority) +
                                     "'s partition of " +
                                     std::to_string(span)) +
                        " slots stayed busy for " + std::to_string(timeoutMs) +
                        " ms; " + std::to_string(i) + " of " +
                        std::to_string(count) + " slots were published" +
                        (k->state == vyre_kernel::State::Running
                             ? ""
                             : " (the kernel is not running: launch it)"));
      }
      backoff.pause();
    }
    k->stagedQueues |= 1u << part;
    k->stageSlot(found, slots[i],
                 VYRE_STATUS_PUBLISHED | (k->lapOdd[part] ? VYRE_STATUS_LAP_ODD
                                                         : VYRE_STATUS_LAP_EVEN));
    if (++cursor == span) {
      cursor = 0;
      k->lapOdd[part] ^= 1;
    }
  }
  k->commitStaged();
  if (published)
    *published = count;
  // A dispatch that just spent its loop budget is resent now, not at the
  // next wait, so published slots never sit without a running kernel.
  // Requeued slots are found by the reap or wait that follows.
  if (k->serving)
    if (vyre_status s = k->keepServing(vyre_kernel::Mirrors::Read))
      return s;
  return ok();
}
