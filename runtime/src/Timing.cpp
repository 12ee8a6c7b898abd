//===- Timing.cpp - device timestamps around the dispatch, slot probes ----===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// What a benchmark needs to split a figure into device and host time
// (bench/load, docs/benchmarks.md): Vulkan timestamp queries written before
// and after the one dispatch, and a read of one slot's status in the ring
// itself, to see when the device claimed it.
//
//===----------------------------------------------------------------------===//

#include "Error.h"
#include "HostMemory.h"
#include "Kernel.h"

#include <vector>

using namespace vyre;

void vyre_kernel::createTimestamps() {
  uint32_t families = 0;
  vkGetPhysicalDeviceQueueFamilyProperties(runtime->physical, &families,
                                           nullptr);
  std::vector<VkQueueFamilyProperties> props(families);
  vkGetPhysicalDeviceQueueFamilyProperties(runtime->physical, &families,
                                           props.data());
  uint32_t bits = runtime->queueFamily < families
                      ? props[runtime->queueFamily].timestampValidBits
                      : 0;
  // A queue without timestamps leaves the pool null: the dispatch is
  // recorded without them and vyre_kernel_dispatch_time says so.
  if (!bits)
    return;
  timestampMask = bits >= 64 ? ~0ull : (1ull << bits) - 1;
  timestampPeriodNs = runtime->properties.limits.timestampPeriod;
  VkQueryPoolCreateInfo info{VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO};
  info.queryType = VK_QUERY_TYPE_TIMESTAMP;
  info.queryCount = 2;
  if (vkCreateQueryPool(runtime->device, &info, nullptr, &timestamps) !=
      VK_SUCCESS)
    timestamps = VK_NULL_HANDLE;
}

void vyre_kernel::destroyTimestamps() {
  if (timestamps)
    vkDestroyQueryPool(runtime->device, timestamps, nullptr);
  timestamps = VK_NULL_HANDLE;
}

void vyre_kernel::recordTimestamp(uint32_t which) {
  if (!timestamps)
    return;
  if (which == 0)
    vkCmdResetQueryPool(commands, timestamps, 0, 2);
  vkCmdWriteTimestamp(commands,
                      which == 0 ? VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT
                                 : VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT,
                      timestamps, which);
}

extern "C" vyre_status vyre_kernel_dispatch_time(vyre_kernel *k,
                                                 double *deviceUs) {
  if (!k || !deviceUs)
    return fail(VYRE_ERROR_INVALID_ARGUMENT, "kernel or device_us is NULL");
  *deviceUs = 0;
  if (!k->timestamps)
    return fail(VYRE_ERROR_STATE,
                "this device's queue has no timestamps (timestampValidBits "
                "is 0), so the dispatch cannot be timed on the device");
  if (k->state != vyre_kernel::State::Finished)
    return fail(VYRE_ERROR_STATE,
                "no dispatch has returned since the last launch; time it "
                "after vyre_kernel_wait_idle or vyre_kernel_shutdown");
  uint64_t ticks[2] = {0, 0};
  VkResult r = vkGetQueryPoolResults(k->runtime->device, k->timestamps, 0, 2,
                                     sizeof ticks, ticks, sizeof ticks[0],
                                     VK_QUERY_RESULT_64_BIT);
  if (r == VK_NOT_READY)
    return fail(VYRE_ERROR_STATE, "the dispatch's timestamps are not ready");
  if (r != VK_SUCCESS)
    return failVk(r, "vkGetQueryPoolResults");
  uint64_t elapsed = (ticks[1] - ticks[0]) & k->timestampMask;
  *deviceUs = double(elapsed) * k->timestampPeriodNs / 1000.0;
  return ok();
}

extern "C" vyre_status vyre_kernel_slot_status(vyre_kernel *k, uint64_t ticket,
                                               uint32_t *status) {
  if (!k || !status)
    return fail(VYRE_ERROR_INVALID_ARGUMENT, "kernel or status is NULL");
  // A caller polling this alone must still see the slot run: a dispatch
  // that spent its loop budget is resent here as in every wait.
  if (k->serving)
    if (vyre_status s = k->keepServing(vyre_kernel::Mirrors::Read))
      return s;
  for (uint32_t s = 0; s < k->manifest.slots; ++s)
    if (k->slotBusy[s] && k->slotRecord[s].ticket == ticket) {
      // A finished slot's status is in its completion mirror (ABI v6: the
      // ring keeps CLAIMED); the ring shows PUBLISHED and CLAIMED.
      uint32_t mirror = loadAcquire(&k->completions.words[s]);
      *status = vyre_kernel::finishedStatus(mirror)
                    ? mirror
                    : loadAcquire(&k->ring.words[uint64_t(s) * VYRE_SLOT_WORDS]) &
                          VYRE_STATUS_MASK; // without its lap tag
      return ok();
    }
  return fail(VYRE_ERROR_INVALID_ARGUMENT,
              "no slot in the ring holds ticket " + std::to_string(ticket) +
                  " (not published yet, or already reaped)");
}
