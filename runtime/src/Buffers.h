//===- Buffers.h - host-mapped Vulkan buffers --------------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_RUNTIME_BUFFERS_H
#define VYRE_RUNTIME_BUFFERS_H

#include "Device.h"

#include <cstdint>
#include <string>

namespace vyre {

/// A host-mapped Vulkan buffer.
struct MappedBuffer {
  VkBuffer buffer = VK_NULL_HANDLE;
  VkDeviceMemory memory = VK_NULL_HANDLE;
  uint32_t *words = nullptr;
  uint64_t count = 0; ///< 4-byte elements
  /// The mapping as bytes (the completion plane is one byte per slot).
  uint8_t *bytes() const { return reinterpret_cast<uint8_t *>(words); }
  std::string placement;
};

/// Creates `b` with `count` words (at least 1) in memory for `placement`,
/// mapped and zeroed; `what` names it in errors.
vyre_status allocate(vyre_runtime *rt, MappedBuffer &b, uint64_t count,
                     Placement placement, const std::string &what);
/// Unmaps and frees `b` (nothing if it was never created).
void release(vyre_runtime *rt, MappedBuffer &b);

} // namespace vyre

#endif // VYRE_RUNTIME_BUFFERS_H
