//===- DriverAnchor.cpp - keeps the Vulkan drivers loaded --------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "DriverAnchor.h"

#include <vulkan/vulkan.h>

namespace {

/// Destroyed with the library (exit, or dlclose of the Python extension):
/// only then may the loader unload the drivers.
struct Anchor {
  VkInstance instance = VK_NULL_HANDLE;
  Anchor() {
    VkApplicationInfo app{VK_STRUCTURE_TYPE_APPLICATION_INFO};
    app.pApplicationName = "vyre driver anchor";
    app.apiVersion = VK_API_VERSION_1_1;
    VkInstanceCreateInfo info{VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO};
    info.pApplicationInfo = &app;
    if (vkCreateInstance(&info, nullptr, &instance) != VK_SUCCESS)
      instance = VK_NULL_HANDLE;
  }
  ~Anchor() {
    if (instance)
      vkDestroyInstance(instance, nullptr);
  }
};

} // namespace

void vyre::anchorVulkanDrivers() {
  static Anchor anchor; // C++11: initialised once, even across threads
  (void)anchor;
}
