//===- Batch.cpp - running a fused batch on the kernel's ring ----*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// A fused batch (vyre-fuse-batch) is one lane's straight-line code for a
// known list of items. It runs on the ring like any slot would: the host
// writes the items to consecutive free slots (the kernel finds item i at
// control[VYRE_CTRL_BATCH_BASE] + i, mod slots), marks them PUBLISHED with
// tickets, and dispatches the batch kernel alone, between two dispatches of
// the interpreter (the drain hand-over of vyre_kernel_swap). Its items end
// DONE, FAULT or REQUEUE in the ring and the completion mirror, so reaping,
// waits and the requeue hand-over treat them as they treat any slot.
//
//===----------------------------------------------------------------------===//

#include "Error.h"
#include "HostMemory.h"
#include "Kernel.h"

using namespace vyre;
using Clock = std::chrono::steady_clock;

namespace {

/// The first of `count` consecutive free ring slots (mod slots), looking
/// from `from`; UINT32_MAX if there are none now.
uint32_t findFreeRun(const vyre_kernel &k, uint32_t count, uint32_t from) {
  uint32_t slots = k.manifest.slots;
  for (uint32_t probe = 0; probe < slots; ++probe) {
    uint32_t start = (from + probe) % slots, run = 0;
    while (run < count && !k.slotTable.busy((start + run) % slots))
      ++run;
    if (run == count)
      return start;
  }
  return UINT32_MAX;
}

/// Waits for the fence of the dispatch just submitted.
vyre_status waitDispatch(vyre_kernel &k, uint32_t timeoutMs,
                         const std::string &what) {
  VkResult r = k.dispatch.await(timeoutMs);
  if (r == VK_TIMEOUT)
    return fail(VYRE_ERROR_TIMEOUT, what + " did not return within " +
                                        std::to_string(timeoutMs) + " ms");
  if (r != VK_SUCCESS)
    return failVk(r, what);
  return VYRE_OK;
}

} // namespace

vyre_status vyre_kernel::runBatch(uint32_t index, uint32_t timeoutMs,
                                  uint64_t *firstTicket) {
  if (index == 0 || index > variants.size() ||
      !variants[index - 1].batch())
    return fail(VYRE_ERROR_INVALID_ARGUMENT,
                "variant " + std::to_string(index) + " of kernel \"" +
                    manifest.kernel +
                    "\" is not a fused batch; compile one with "
                    "vyre-to-spirv-batch and add it with "
                    "vyre_kernel_add_variant");
  if (dispatch.state == State::Lost)
    return fail(VYRE_ERROR_DEVICE_LOST,
                "the device was lost; call vyre_kernel_rebuild");
  bool persistent = manifest.persistent();
  if (!persistent && dispatch.state == State::Running)
    return fail(VYRE_ERROR_STATE,
                "the once kernel is still running; vyre_kernel_wait_idle "
                "before running a batch");
  const Variant &variant = variants[index - 1];
  const std::vector<WorkItem> &items =
      variant.manifest.batches.at(variant.manifest.fusedBatch);
  uint32_t count = uint32_t(items.size());

  // Tenant quotas hold for batch items as for published slots: a batch
  // that would exceed one is refused whole, before anything runs.
  std::array<uint32_t, VYRE_MAX_TENANTS> wanted{};
  for (const WorkItem &item : items)
    if (item.tenant < VYRE_MAX_TENANTS)
      ++wanted[item.tenant];
  collectFinished();
  for (uint32_t t = 0; t < VYRE_MAX_TENANTS; ++t)
    if (tenantQuota[t] && wanted[t] &&
        tenantLoad(t) + wanted[t] > tenantQuota[t])
      return fail(VYRE_ERROR_INVALID_ARGUMENT,
                  "batch \"" + variant.manifest.fusedBatch + "\" has " +
                      std::to_string(wanted[t]) + " items of tenant " +
                      std::to_string(t) + ", over its quota of " +
                      std::to_string(tenantQuota[t].load()) + " with " +
                      std::to_string(tenantLoad(t)) +
                      " in flight; raise the quota or wait for them");

  // Consecutive free slots; the running interpreter frees them meanwhile.
  auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
  Backoff backoff = waitBackoff();
  uint32_t base;
  // From queue 0's tail, where the next publish would go.
  const uint32_t tail = sq.slotAt(0, sq.committed(0));
  while ((base = findFreeRun(*this, count, tail)) == UINT32_MAX) {
    if (dispatch.serving) // collected before the loop and after each pause
      if (vyre_status s = keepServing(Mirrors::Read))
        return s;
    if (Clock::now() >= deadline)
      return fail(VYRE_ERROR_RING_FULL,
                  "batch \"" + variant.manifest.fusedBatch + "\" needs " +
                      std::to_string(count) +
                      " consecutive free ring slots and none were free within " +
                      std::to_string(timeoutMs) +
                      " ms; reap finished slots (vyre_kernel_reap) first");
    backoff.pause();
    collectFinished();
  }

  // The hand-over: no interpreter lane may touch the ring meanwhile.
  bool wasServing = dispatch.serving ||
                    dispatch.state == State::Running;
  if (vyre_status s = dispatch.stop(timeoutMs))
    return s;
  if (dispatch.state == State::Loaded)
    prepareDispatch(); // descriptors and launch words, as at launch
  if (firstTicket)
    *firstTicket = published.load();
  for (uint32_t i = 0; i < count; ++i)
    stageSlot((base + i) % manifest.slots, toSlot(items[i]),
                 VYRE_STATUS_PUBLISHED); // no dispatch runs: untagged
  commitStaged();
  storeRelease(&control.words[VYRE_CTRL_BATCH_BASE], base);
  flushWriteCombining();

  exec.record(variant.program, 1); // one lane runs the batch
  vyre_status status = dispatch.submit();
  if (status == VYRE_OK)
    status = waitDispatch(*this, timeoutMs, "the fused batch");
  recordDispatch(); // the interpreter's dispatch again
  if (status != VYRE_OK)
    return status;
  collectFinished(); // DONE/FAULT to reap; REQUEUE to the interpreter
  if (handOver.anyWaiting() && !activeIsFused())
    republishRequeued();
  if (wasServing) {
    if (vyre_status s = startDispatch())
      return s;
    return ok();
  }
  if (!persistent && handOver.pending()) {
    // A once kernel runs what the batch requeued before returning.
    if (vyre_status s = startDispatch())
      return s;
    if (vyre_status s = waitDispatch(*this, timeoutMs, "the interpreter"))
      return s;
    collectFinished();
  }
  return ok();
}
