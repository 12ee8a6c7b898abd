//===- Device.h - Vulkan instance, device and memory types -------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_RUNTIME_DEVICE_H
#define VYRE_RUNTIME_DEVICE_H

#include "Config.h"
#include "FaultInjector.h"
#include "vyre/runtime.h"

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>
#include <vulkan/vulkan.h>

struct vyre_kernel;

/// Where a buffer should live. The ring is written by the host and polled
/// by every lane; the control buffer is written by lanes and polled by the
/// host; see docs/runtime.md, "Memory placement".
struct vyre_runtime {
  /// The environment's settings, read once at vyre_runtime_create.
  vyre::Config config;
  VkInstance instance = VK_NULL_HANDLE;
  VkDebugUtilsMessengerEXT messenger = VK_NULL_HANDLE;
  VkPhysicalDevice physical = VK_NULL_HANDLE;
  uint32_t physicalIndex = 0;
  VkDevice device = VK_NULL_HANDLE;
  VkQueue queue = VK_NULL_HANDLE;
  uint32_t queueFamily = 0;
  VkPhysicalDeviceProperties properties{};
  VkPhysicalDeviceMemoryProperties memory{};
  bool validation = false;
  std::atomic<uint32_t> validationErrors{0};
  std::string name;
  /// Faults a test asked for (vyre_runtime_inject_fault).
  vyre::FaultInjector injector;
  /// Kernels loaded and not destroyed: a rebuild recreates the device
  /// under all of them.
  std::vector<vyre_kernel *> kernels;

  /// Memory type for `placement` allowed by `typeBits`; always
  /// HOST_VISIBLE|HOST_COHERENT (the host maps every vyre buffer). Returns
  /// UINT32_MAX if none; `description` says what was chosen.
  uint32_t chooseMemoryType(uint32_t typeBits, Placement placement,
                            std::string &description) const;
  /// (Re)creates the logical device and queue on `physical`.
  vyre_status createDevice();
  void destroyDevice();
  /// A CPU device (lavapipe): bounded loops, backoff that yields.
  bool isCpu() const {
    return properties.deviceType == VK_PHYSICAL_DEVICE_TYPE_CPU;
  }
  /// Opens the device `selector` (or VYRE_DEVICE, or the best) into *out.
  static vyre_status create(const char *selector, int validation,
                            vyre_runtime **out);
  /// Routes validation messages to onValidationMessage (counted, printed).
  void attachMessenger();
  /// Destroys the device, the messenger and the instance.
  ~vyre_runtime();
};

namespace vyre {
/// One line per Vulkan device: "index: name (type)".
vyre_status listDevices(std::string &text);
} // namespace vyre

#endif // VYRE_RUNTIME_DEVICE_H
