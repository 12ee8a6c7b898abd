//===- Error.cpp - per-thread error messages of the C API --------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "Error.h"

namespace {
thread_local std::string lastError;
}

vyre_status vyre::fail(vyre_status status, const std::string &message) {
  lastError = message;
  return status;
}

vyre_status vyre::ok() {
  lastError.clear();
  return VYRE_OK;
}

const char *vyre::vkResultName(VkResult result) {
  switch (result) {
#define CASE(x) case x: return #x;
    CASE(VK_SUCCESS) CASE(VK_NOT_READY) CASE(VK_TIMEOUT)
    CASE(VK_ERROR_OUT_OF_HOST_MEMORY) CASE(VK_ERROR_OUT_OF_DEVICE_MEMORY)
    CASE(VK_ERROR_INITIALIZATION_FAILED) CASE(VK_ERROR_DEVICE_LOST)
    CASE(VK_ERROR_MEMORY_MAP_FAILED) CASE(VK_ERROR_LAYER_NOT_PRESENT)
    CASE(VK_ERROR_EXTENSION_NOT_PRESENT) CASE(VK_ERROR_FEATURE_NOT_PRESENT)
    CASE(VK_ERROR_INCOMPATIBLE_DRIVER) CASE(VK_ERROR_TOO_MANY_OBJECTS)
    CASE(VK_ERROR_INVALID_SHADER_NV)
#undef CASE
  default:
    return "VkResult(other)";
  }
}

vyre_status vyre::failVk(VkResult result, const std::string &what) {
  std::string message = what + " failed: " + vkResultName(result);
  if (result == VK_ERROR_DEVICE_LOST)
    return fail(VYRE_ERROR_DEVICE_LOST,
                message + "; the device was lost: call vyre_kernel_rebuild");
  return fail(VYRE_ERROR_VULKAN, message);
}

extern "C" const char *vyre_last_error(void) { return lastError.c_str(); }

extern "C" const char *vyre_status_name(vyre_status status) {
  switch (status) {
  case VYRE_OK: return "ok";
  case VYRE_ERROR_INVALID_ARGUMENT: return "invalid_argument";
  case VYRE_ERROR_NO_DEVICE: return "no_device";
  case VYRE_ERROR_VULKAN: return "vulkan";
  case VYRE_ERROR_BAD_MODULE: return "bad_module";
  case VYRE_ERROR_TIMEOUT: return "timeout";
  case VYRE_ERROR_RING_FULL: return "ring_full";
  case VYRE_ERROR_HUNG: return "hung";
  case VYRE_ERROR_DEVICE_LOST: return "device_lost";
  case VYRE_ERROR_STATE: return "state";
  case VYRE_ERROR_KERNEL_EXITED: return "kernel_exited";
  }
  return "unknown";
}
