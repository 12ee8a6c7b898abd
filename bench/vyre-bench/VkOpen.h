//===- VkOpen.h - the baselines' own Vulkan device --------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// What every plain-Vulkan baseline (OneShot, bench/load's VkBatcher) does
// first: an instance, the physical device vyre chose (matched by name), and
// a logical device with one compute queue.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_BENCH_VKOPEN_H
#define VYRE_BENCH_VKOPEN_H

#include <cstdint>
#include <string>
#include <vector>
#include <vulkan/vulkan.h>

namespace vyre::bench {

struct VkOpened {
  VkInstance instance = VK_NULL_HANDLE;
  VkPhysicalDevice physical = VK_NULL_HANDLE;
  VkDevice device = VK_NULL_HANDLE;
  VkQueue queue = VK_NULL_HANDLE;
  uint32_t family = UINT32_MAX;
};

/// Opens `deviceName` for `appName` into `out` (what was created is set
/// even on failure, for the caller's destructor); "" or what went wrong.
/// `features`, when given, is a feature struct chain to enable (the
/// instance then asks for `apiVersion`).
inline std::string openComputeDevice(const std::string &deviceName,
                                     const char *appName, VkOpened &out,
                                     const void *features = nullptr,
                                     uint32_t apiVersion = VK_API_VERSION_1_1) {
  VkApplicationInfo app{VK_STRUCTURE_TYPE_APPLICATION_INFO};
  app.pApplicationName = appName;
  app.apiVersion = apiVersion;
  VkInstanceCreateInfo ici{VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO};
  ici.pApplicationInfo = &app;
  if (VkResult r = vkCreateInstance(&ici, nullptr, &out.instance))
    return "vkCreateInstance failed (VkResult " + std::to_string(r) + ")";
  uint32_t count = 0;
  vkEnumeratePhysicalDevices(out.instance, &count, nullptr);
  std::vector<VkPhysicalDevice> all(count);
  vkEnumeratePhysicalDevices(out.instance, &count, all.data());
  for (VkPhysicalDevice p : all) {
    VkPhysicalDeviceProperties props;
    vkGetPhysicalDeviceProperties(p, &props);
    if (deviceName == props.deviceName)
      out.physical = p;
  }
  if (!out.physical)
    return "no Vulkan device named \"" + deviceName + "\" for the baseline";
  uint32_t families = 0;
  vkGetPhysicalDeviceQueueFamilyProperties(out.physical, &families, nullptr);
  std::vector<VkQueueFamilyProperties> fp(families);
  vkGetPhysicalDeviceQueueFamilyProperties(out.physical, &families, fp.data());
  for (uint32_t i = 0; i < families && out.family == UINT32_MAX; ++i)
    if (fp[i].queueFlags & VK_QUEUE_COMPUTE_BIT)
      out.family = i;
  if (out.family == UINT32_MAX)
    return "device \"" + deviceName + "\" has no compute queue";
  float priority = 1.0f;
  VkDeviceQueueCreateInfo qci{VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO};
  qci.queueFamilyIndex = out.family;
  qci.queueCount = 1;
  qci.pQueuePriorities = &priority;
  VkDeviceCreateInfo dci{VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO};
  dci.pNext = features;
  dci.queueCreateInfoCount = 1;
  dci.pQueueCreateInfos = &qci;
  if (VkResult r = vkCreateDevice(out.physical, &dci, nullptr, &out.device))
    return "vkCreateDevice failed (VkResult " + std::to_string(r) + ")";
  vkGetDeviceQueue(out.device, out.family, 0, &out.queue);
  return "";
}

} // namespace vyre::bench

#endif // VYRE_BENCH_VKOPEN_H
