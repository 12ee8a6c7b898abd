//===- DeviceQueue.cpp - the host's view of the device queue ----*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// The tasks handlers enqueue (ABI v11, RingABI.h "Device queue") never
// reach the host as completions: it reads their counts from the control
// words, waits for the queue to drain, and at a rebuild keeps the lines no
// lane held and ends the others as faults.
//
//===----------------------------------------------------------------------===//

#include "Error.h"
#include "HostMemory.h"
#include "Kernel.h"
#include "WaitLoop.h"

#include <cstring>
#include <string>

using namespace vyre;

vyre_status vyre_kernel::deviceQueueInfo(vyre_device_queue_info *out) {
  REQUIRE(manifest.deviceQueue, VYRE_ERROR_INVALID_ARGUMENT,
          "kernel \"" + manifest.kernel +
              "\" has no device queue; compile it with device_queue = N on "
              "its vyre.megakernel for handlers to use vyre.enqueue");
  const uint32_t *c = control.words;
  out->lines = manifest.deviceQueue;
  // Pending first: a task counted done after this read was pending at it,
  // so the counts never show more finished than enqueued.
  out->pending = loadAcquire(&c[VYRE_CTRL_DQ_PENDING]);
  out->done = loadAcquire(&c[VYRE_CTRL_DQ_DONE]);
  out->faults = loadAcquire(&c[VYRE_CTRL_DQ_FAULTS]);
  out->full = loadAcquire(&c[VYRE_CTRL_DQ_FULL]);
  out->enqueued = loadAcquire(&c[VYRE_CTRL_DQ_ENQUEUED]);
  return ok();
}

vyre_status vyre_kernel::waitDeviceQueue(uint32_t timeoutMs) {
  REQUIRE(manifest.deviceQueue, VYRE_ERROR_INVALID_ARGUMENT,
          "kernel \"" + manifest.kernel +
              "\" has no device queue to wait for; vyre_kernel_wait waits "
              "for its slots");
  const uint64_t target = published;
  auto pending = [&] {
    return loadAcquire(&control.words[VYRE_CTRL_DQ_PENDING]);
  };
  auto left = [&] {
    return std::to_string(target - std::min(target, finished())) +
           " slots and " + std::to_string(pending()) + " queued tasks";
  };
  return waitLoop(
      *this, timeoutMs,
      // The slots first: a slot's enqueues are counted before its end.
      [&] { return finished() >= target && pending() == 0; }, left,
      [&] {
        return "timed out after " + std::to_string(timeoutMs) + " ms with " +
               left() +
               " unfinished (a cascade of vyre.enqueue that does not end "
               "keeps the device queue busy)";
      });
}

/// At a rebuild, after the control words were copied out: PUBLISHED lines
/// go into the new ring as they are; a CLAIMED one (a lane was writing or
/// running it) ends as a fault, as a held slot ends device_lost.
void vyre_kernel::rescueDeviceQueue(uint32_t *c) {
  if (!manifest.deviceQueue)
    return;
  uint64_t first = vyre_device_queue_word(manifest.slots,
                                          manifest.dependencyCounters, 0);
  for (uint32_t l = 0; l < manifest.deviceQueue; ++l) {
    const uint32_t *line = ring.words + first + uint64_t(l) * VYRE_SLOT_WORDS;
    uint32_t status = loadAcquire(line);
    if (status == VYRE_STATUS_PUBLISHED) {
      std::memcpy(rescue.ring.data() + first + uint64_t(l) * VYRE_SLOT_WORDS,
                  line, VYRE_SLOT_BYTES);
    } else if (status != VYRE_STATUS_EMPTY) {
      ++c[VYRE_CTRL_DQ_FAULTS];
      --c[VYRE_CTRL_DQ_PENDING];
    }
  }
}
