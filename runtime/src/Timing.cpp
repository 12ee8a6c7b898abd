//===- Timing.cpp - device timestamps around the dispatch, slot probes ----===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// What a benchmark needs to split a figure into device and host time
// (bench/load, docs/benchmarks.md): the time between the timestamps the
// Executable records around the one dispatch, and a read of one slot's
// status in the ring itself, to see when the device claimed it.
//
//===----------------------------------------------------------------------===//

#include "Error.h"
#include "HostMemory.h"
#include "Kernel.h"

using namespace vyre;

vyre_status vyre_kernel::dispatchTime(double *deviceUs) {
  *deviceUs = 0;
  if (!exec.timed())
    return fail(VYRE_ERROR_STATE,
                "this device's queue has no timestamps (timestampValidBits "
                "is 0), so the dispatch cannot be timed on the device");
  if (dispatch.state != State::Finished)
    return fail(VYRE_ERROR_STATE,
                "no dispatch has returned since the last launch; time it "
                "after vyre_kernel_wait_idle or vyre_kernel_shutdown");
  VkResult r = exec.deviceTime(*deviceUs);
  if (r == VK_NOT_READY)
    return fail(VYRE_ERROR_STATE, "the dispatch's timestamps are not ready");
  if (r != VK_SUCCESS)
    return failVk(r, "vkGetQueryPoolResults");
  return ok();
}

vyre_status vyre_kernel::slotStatus(uint64_t ticket, uint32_t *status) {
  // A caller polling this alone must still see the slot run: a dispatch
  // that spent its loop budget is resent here as in every wait.
  if (dispatch.serving)
    if (vyre_status s = keepServing(Mirrors::Read))
      return s;
  for (uint32_t s = 0; s < manifest.slots; ++s)
    if (slotTable.busy(s) && slotTable.record(s).ticket == ticket) {
      // A finished slot's status is in its completion mirror (ABI v6: the
      // ring keeps CLAIMED); the ring shows PUBLISHED and CLAIMED.
      uint32_t mirror = completionOf(s);
      *status = vyre_kernel::finishedStatus(mirror)
                    ? mirror
                    : loadAcquire(&ring.words[uint64_t(s) * VYRE_SLOT_WORDS]) &
                          VYRE_STATUS_MASK; // without its lap tag
      return ok();
    }
  return fail(VYRE_ERROR_INVALID_ARGUMENT,
              "no slot in the ring holds ticket " + std::to_string(ticket) +
                  " (not published yet, or already reaped)");
}
