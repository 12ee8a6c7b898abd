//===- Device.cpp - Vulkan instance, device and memory types -----*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "Device.h"
#include "DeviceFeatures.h"
#include "DriverAnchor.h"
#include "Error.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

using namespace vyre;

namespace {

const char *kValidationLayer = "VK_LAYER_KHRONOS_validation";

VKAPI_ATTR VkBool32 VKAPI_CALL
onValidationMessage(VkDebugUtilsMessageSeverityFlagBitsEXT severity,
                    VkDebugUtilsMessageTypeFlagsEXT,
                    const VkDebugUtilsMessengerCallbackDataEXT *data,
                    void *user) {
  auto *runtime = static_cast<vyre_runtime *>(user);
  if (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT) {
    runtime->validationErrors.fetch_add(1);
    std::fprintf(stderr, "vyre: validation error: %s\n", data->pMessage);
  } else if (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT) {
    std::fprintf(stderr, "vyre: validation warning: %s\n", data->pMessage);
  }
  return VK_FALSE;
}

const char *typeName(VkPhysicalDeviceType type) {
  switch (type) {
  case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU: return "discrete GPU";
  case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: return "integrated GPU";
  case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: return "virtual GPU";
  case VK_PHYSICAL_DEVICE_TYPE_CPU: return "CPU";
  default: return "other";
  }
}

/// Lower is better: GPUs first, the CPU device (lavapipe) last.
int rank(VkPhysicalDeviceType type) {
  switch (type) {
  case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU: return 0;
  case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: return 1;
  case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: return 2;
  case VK_PHYSICAL_DEVICE_TYPE_CPU: return 3;
  default: return 4;
  }
}

std::string lower(std::string s) {
  for (char &c : s)
    c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool layerAvailable(const char *name) {
  uint32_t count = 0;
  vkEnumerateInstanceLayerProperties(&count, nullptr);
  std::vector<VkLayerProperties> layers(count);
  vkEnumerateInstanceLayerProperties(&count, layers.data());
  return std::any_of(layers.begin(), layers.end(), [&](const auto &l) {
    return std::strcmp(l.layerName, name) == 0;
  });
}

vyre_status createInstance(bool validation, VkInstance &instance) {
  VkApplicationInfo app{VK_STRUCTURE_TYPE_APPLICATION_INFO};
  app.pApplicationName = "vyre";
  app.apiVersion = VK_API_VERSION_1_1; // SPIR-V 1.3
  VkInstanceCreateInfo info{VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO};
  info.pApplicationInfo = &app;
  const char *extension = VK_EXT_DEBUG_UTILS_EXTENSION_NAME;
  if (validation) {
    info.enabledLayerCount = 1;
    info.ppEnabledLayerNames = &kValidationLayer;
    info.enabledExtensionCount = 1;
    info.ppEnabledExtensionNames = &extension;
  }
  VkResult r = vkCreateInstance(&info, nullptr, &instance);
  if (r == VK_ERROR_INCOMPATIBLE_DRIVER)
    return fail(VYRE_ERROR_NO_DEVICE,
                "no Vulkan 1.1 driver found; install mesa-vulkan-drivers "
                "(lavapipe) or a GPU driver");
  if (r != VK_SUCCESS)
    return failVk(r, "vkCreateInstance");
  return VYRE_OK;
}

std::vector<VkPhysicalDevice> physicalDevices(VkInstance instance) {
  uint32_t count = 0;
  vkEnumeratePhysicalDevices(instance, &count, nullptr);
  std::vector<VkPhysicalDevice> devices(count);
  vkEnumeratePhysicalDevices(instance, &count, devices.data());
  return devices;
}

} // namespace

uint32_t vyre_runtime::chooseMemoryType(uint32_t typeBits, Placement placement,
                                        std::string &description) const {
  const VkMemoryPropertyFlags required =
      VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
  std::vector<VkMemoryPropertyFlags> preferences;
  if (placement == Placement::DevicePolled) {
    // Lanes poll it: keep it in device memory the host writes through the
    // BAR (posted writes), when the device offers that.
    preferences = {required | VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT, required};
  } else {
    // The host polls it: cached system memory keeps polling local.
    preferences = {required | VK_MEMORY_PROPERTY_HOST_CACHED_BIT, required};
  }
  for (VkMemoryPropertyFlags want : preferences) {
    for (uint32_t i = 0; i < memory.memoryTypeCount; ++i) {
      VkMemoryPropertyFlags have = memory.memoryTypes[i].propertyFlags;
      if (!(typeBits & (1u << i)) || (have & want) != want)
        continue;
      // Host-polled buffers should not be device-local when avoidable.
      if (placement == Placement::HostPolled &&
          (have & VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT) &&
          !(want & VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT) &&
          memory.memoryHeapCount > 1)
        continue;
      description = "type " + std::to_string(i) + " (";
      if (have & VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT)
        description += "device-local ";
      if (have & VK_MEMORY_PROPERTY_HOST_CACHED_BIT)
        description += "cached ";
      description += "host-visible coherent, heap " +
                     std::to_string(memory.memoryTypes[i].heapIndex) + ")";
      return i;
    }
  }
  // Fall back to any host-visible coherent type.
  for (uint32_t i = 0; i < memory.memoryTypeCount; ++i)
    if ((typeBits & (1u << i)) &&
        (memory.memoryTypes[i].propertyFlags & required) == required) {
      description = "type " + std::to_string(i) + " (host-visible coherent)";
      return i;
    }
  return UINT32_MAX;
}

vyre_status vyre_runtime::createDevice() {
  uint32_t familyCount = 0;
  vkGetPhysicalDeviceQueueFamilyProperties(physical, &familyCount, nullptr);
  std::vector<VkQueueFamilyProperties> families(familyCount);
  vkGetPhysicalDeviceQueueFamilyProperties(physical, &familyCount,
                                           families.data());
  queueFamily = UINT32_MAX;
  for (uint32_t i = 0; i < familyCount; ++i)
    if (families[i].queueFlags & VK_QUEUE_COMPUTE_BIT) {
      queueFamily = i;
      break;
    }
  if (queueFamily == UINT32_MAX)
    return fail(VYRE_ERROR_NO_DEVICE, name + " has no compute queue");
  float priority = 1.0f;
  VkDeviceQueueCreateInfo queueInfo{VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO};
  queueInfo.queueFamilyIndex = queueFamily;
  queueInfo.queueCount = 1;
  queueInfo.pQueuePriorities = &priority;
  // Kernels store bytes into the completion plane (ABI v8).
  DeviceFeatures features;
  std::string missing;
  if (!features.query(physical, missing))
    return fail(VYRE_ERROR_NO_DEVICE,
                name + " lacks " + missing +
                    ", which vyre kernels need for their one-byte completion "
                    "plane; choose another device with VYRE_DEVICE");
  VkDeviceCreateInfo info{VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO};
  info.pNext = features.chain();
  info.queueCreateInfoCount = 1;
  info.pQueueCreateInfos = &queueInfo;
  info.enabledExtensionCount = uint32_t(features.extensions().size());
  info.ppEnabledExtensionNames = features.extensions().data();
  VkResult r = vkCreateDevice(physical, &info, nullptr, &device);
  if (r != VK_SUCCESS)
    return failVk(r, "vkCreateDevice on " + name);
  vkGetDeviceQueue(device, queueFamily, 0, &queue);
  return VYRE_OK;
}

void vyre_runtime::destroyDevice() {
  if (device) {
    vkDeviceWaitIdle(device);
    vkDestroyDevice(device, nullptr);
  }
  device = VK_NULL_HANDLE;
  queue = VK_NULL_HANDLE;
}

namespace {

/// Index of the device `selector` names (or VYRE_DEVICE's `configured`):
/// an index or a name substring; with neither, the best by type (discrete,
/// integrated, virtual GPU, then CPU). -1 after fail() when none matches.
int chooseDevice(const std::vector<VkPhysicalDevice> &devices,
                 std::string want, const std::string &configured) {
  if (want.empty())
    want = configured;
  if (want.empty()) {
    int best = 99, chosen = -1;
    for (size_t i = 0; i < devices.size(); ++i) {
      VkPhysicalDeviceProperties p;
      vkGetPhysicalDeviceProperties(devices[i], &p);
      if (rank(p.deviceType) < best) {
        best = rank(p.deviceType);
        chosen = int(i);
      }
    }
    return chosen;
  }
  bool numeric = want.size() <= 9 &&
                 std::all_of(want.begin(), want.end(), [](char c) {
                   return std::isdigit(static_cast<unsigned char>(c));
                 });
  for (size_t i = 0; i < devices.size(); ++i) {
    VkPhysicalDeviceProperties p;
    vkGetPhysicalDeviceProperties(devices[i], &p);
    if (numeric ? std::stoul(want) == i
                : lower(p.deviceName).find(lower(want)) != std::string::npos)
      return int(i);
  }
  std::string list;
  listDevices(list);
  fail(VYRE_ERROR_NO_DEVICE, "no Vulkan device matches \"" + want +
                                 "\" (VYRE_DEVICE takes an index or a name "
                                 "substring); devices:\n" + list);
  return -1;
}

} // namespace

void vyre_runtime::attachMessenger() {
  auto create = reinterpret_cast<PFN_vkCreateDebugUtilsMessengerEXT>(
      vkGetInstanceProcAddr(instance, "vkCreateDebugUtilsMessengerEXT"));
  VkDebugUtilsMessengerCreateInfoEXT info{
      VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT};
  info.messageSeverity = VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT |
                         VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT;
  info.messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT |
                     VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT |
                     VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT;
  info.pfnUserCallback = onValidationMessage;
  info.pUserData = this;
  if (create)
    create(instance, &info, nullptr, &messenger);
}

vyre_status vyre_runtime::create(const char *selector, int validation,
                                 vyre_runtime **out) {
  vyre::Config config;
  std::string configError;
  if (!vyre::readConfig(std::getenv, config, configError))
    return fail(VYRE_ERROR_INVALID_ARGUMENT, configError);
  bool wantValidation = validation || config.validation;
  if (wantValidation && !layerAvailable(kValidationLayer))
    return fail(VYRE_ERROR_NO_DEVICE,
                "validation requested but VK_LAYER_KHRONOS_validation is not "
                "installed; install vulkan-validationlayers or unset "
                "VYRE_VALIDATION");
  anchorVulkanDrivers(); // else NVIDIA's driver runs out of static TLS
  auto runtime = new vyre_runtime();
  runtime->config = config;
  runtime->validation = wantValidation;
  vyre_status s = createInstance(wantValidation, runtime->instance);
  if (s != VYRE_OK) {
    delete runtime;
    return s;
  }
  if (wantValidation)
    runtime->attachMessenger();

  std::vector<VkPhysicalDevice> devices = physicalDevices(runtime->instance);
  if (devices.empty()) {
    delete runtime;
    return fail(VYRE_ERROR_NO_DEVICE,
                "Vulkan reports no device; install mesa-vulkan-drivers for "
                "the lavapipe CPU device");
  }
  int chosen =
      chooseDevice(devices, selector ? selector : "", config.device);
  if (chosen < 0) {
    delete runtime;
    return VYRE_ERROR_NO_DEVICE; // chooseDevice said why
  }
  runtime->physical = devices[chosen];
  runtime->physicalIndex = uint32_t(chosen);
  vkGetPhysicalDeviceProperties(runtime->physical, &runtime->properties);
  vkGetPhysicalDeviceMemoryProperties(runtime->physical, &runtime->memory);
  runtime->name = runtime->properties.deviceName;
  if (VK_API_VERSION_MINOR(runtime->properties.apiVersion) < 1 &&
      VK_API_VERSION_MAJOR(runtime->properties.apiVersion) == 1) {
    delete runtime;
    return fail(VYRE_ERROR_NO_DEVICE,
                "the device supports only Vulkan 1.0; vyre kernels are "
                "SPIR-V 1.3 and need Vulkan 1.1");
  }
  s = runtime->createDevice();
  if (s != VYRE_OK) {
    delete runtime;
    return s;
  }
  *out = runtime;
  return ok();
}

vyre_runtime::~vyre_runtime() {
  destroyDevice();
  if (messenger) {
    auto destroy = reinterpret_cast<PFN_vkDestroyDebugUtilsMessengerEXT>(
        vkGetInstanceProcAddr(instance, "vkDestroyDebugUtilsMessengerEXT"));
    if (destroy)
      destroy(instance, messenger, nullptr);
  }
  if (instance)
    vkDestroyInstance(instance, nullptr);
}

vyre_status vyre::listDevices(std::string &text) {
  anchorVulkanDrivers();
  VkInstance instance;
  vyre_status s = createInstance(false, instance);
  if (s != VYRE_OK)
    return s;
  text.clear();
  std::vector<VkPhysicalDevice> devices = physicalDevices(instance);
  for (size_t i = 0; i < devices.size(); ++i) {
    VkPhysicalDeviceProperties p;
    vkGetPhysicalDeviceProperties(devices[i], &p);
    text += std::to_string(i) + ": " + p.deviceName + " (" +
            typeName(p.deviceType) + ")\n";
  }
  vkDestroyInstance(instance, nullptr);
  return VYRE_OK;
}
