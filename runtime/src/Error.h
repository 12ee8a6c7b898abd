//===- Error.h - per-thread error messages of the C API ----------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_RUNTIME_ERROR_H
#define VYRE_RUNTIME_ERROR_H

#include "vyre/runtime.h"

#include <string>
#include <vulkan/vulkan.h>

namespace vyre {
/// Records `message` as this thread's last error and returns `status`.
vyre_status fail(vyre_status status, const std::string &message);
/// Clears the last error; returns VYRE_OK.
vyre_status ok();
/// "VK_ERROR_OUT_OF_DEVICE_MEMORY" etc.
const char *vkResultName(VkResult result);
/// fail() for a failed Vulkan call; DEVICE_LOST maps to its own status.
vyre_status failVk(VkResult result, const std::string &what);
} // namespace vyre

/// Returns fail(status, message) from the enclosing C API function unless
/// `cond` holds.
#define REQUIRE(cond, status, message)                                         \
  do {                                                                         \
    if (!(cond))                                                               \
      return ::vyre::fail(status, message);                                    \
  } while (0)

#endif // VYRE_RUNTIME_ERROR_H
