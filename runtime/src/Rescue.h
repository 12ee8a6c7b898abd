//===- Rescue.h - what a rebuild keeps of a lost kernel ---------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// vyre_kernel_rebuild loses nothing (docs/reliability.md, "Device loss").
// Before the device's objects go, every busy slot is read once: a finished
// one (DONE or FAULT in its completion byte) is collected for the next reap,
// one no lane held is published again in the new ring, and one a lane held
// (CLAIMED, perhaps half run) completes FAULT device_lost. The buffers'
// words wait on the host in a KernelSnapshot, which stands in for the
// mapped memory until the new buffers exist, so that the calls that read
// or write them work in between. Plain data and rules; no Vulkan.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_RUNTIME_RESCUE_H
#define VYRE_RUNTIME_RESCUE_H

#include "vyre/ABI/RingABI.h"

#include <cstdint>
#include <vector>

namespace vyre {

/// What a rebuild does with a busy slot of the lost device.
enum class Rescue {
  Finished,  ///< collected as it finished
  Republish, ///< no lane held it: it runs after the rebuild
  Lost,      ///< a lane held it: FAULT device_lost
};

/// From its completion byte and its ring status word.
inline Rescue rescueOf(uint32_t completion, uint32_t ringStatus) {
  if (completion == VYRE_STATUS_DONE || completion == VYRE_STATUS_FAULT)
    return Rescue::Finished;
  switch (ringStatus & VYRE_STATUS_MASK) {
  case VYRE_STATUS_PUBLISHED: // tagged or not, resumed or not
  case VYRE_STATUS_WAIT_IO:   // its request is asked again
  case VYRE_STATUS_YIELD:
  case VYRE_STATUS_REQUEUE:   // the generic kernel runs it
    return Rescue::Republish;
  default: // CLAIMED, or a word the lost device left behind
    return Rescue::Lost;
  }
}

/// A republished slot's status in the new ring: plain PUBLISHED, claimable
/// without a lap tag (the queues' tails start over with the dispatch),
/// keeping whether its IO request was served or failed. A slot that waited
/// for IO runs from the start and asks again.
inline uint32_t republishedStatus(uint32_t ringStatus) {
  if ((ringStatus & VYRE_STATUS_MASK) != VYRE_STATUS_PUBLISHED)
    return VYRE_STATUS_PUBLISHED;
  return VYRE_STATUS_PUBLISHED |
         (ringStatus & (VYRE_STATUS_RESUMED | VYRE_STATUS_IO_FAILED |
                        VYRE_STATUS_DEPENDENT));
}

/// The buffers of a kernel between its evacuation and its restore.
struct KernelSnapshot {
  bool held = false;
  /// A persistent kernel that was serving: launched again after restore.
  bool wasServing = false;
  std::vector<uint32_t> ring, control, debug, completions;
  std::vector<std::vector<uint32_t>> users;
  /// Slots published again (DONE_COUNT is set from it).
  uint32_t republished = 0;
};

} // namespace vyre

#endif // VYRE_RUNTIME_RESCUE_H
