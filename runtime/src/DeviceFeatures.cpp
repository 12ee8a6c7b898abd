//===- DeviceFeatures.cpp - what a device must offer vyre kernels -*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "DeviceFeatures.h"

#include <cstring>

using namespace vyre;

namespace {

bool hasExtension(const std::vector<VkExtensionProperties> &all,
                  const char *name) {
  for (const VkExtensionProperties &e : all)
    if (std::strcmp(e.extensionName, name) == 0)
      return true;
  return false;
}

} // namespace

bool DeviceFeatures::query(VkPhysicalDevice physical, std::string &missing) {
  uint32_t count = 0;
  vkEnumerateDeviceExtensionProperties(physical, nullptr, &count, nullptr);
  std::vector<VkExtensionProperties> all(count);
  vkEnumerateDeviceExtensionProperties(physical, nullptr, &count, all.data());
  names.clear();
  missing.clear();
  for (const char *name : {VK_KHR_8BIT_STORAGE_EXTENSION_NAME,
                           VK_KHR_SHADER_FLOAT16_INT8_EXTENSION_NAME}) {
    if (hasExtension(all, name))
      names.push_back(name);
    else
      missing += std::string(missing.empty() ? "" : ", ") + name;
  }
  if (!missing.empty())
    return false;

  // What the device supports, asked with structures of its own: the
  // members chain only what kernels use, to enable it.
  VkPhysicalDeviceShaderFloat16Int8FeaturesKHR hasInt8{
      VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_FLOAT16_INT8_FEATURES_KHR};
  VkPhysicalDevice8BitStorageFeaturesKHR hasByteStorage{
      VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_8BIT_STORAGE_FEATURES_KHR, &hasInt8};
  VkPhysicalDeviceFeatures2 features{
      VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2, &hasByteStorage};
  vkGetPhysicalDeviceFeatures2(physical, &features);
  if (!hasByteStorage.storageBuffer8BitAccess)
    missing = "storageBuffer8BitAccess (VK_KHR_8bit_storage)";
  if (!hasInt8.shaderInt8)
    missing += std::string(missing.empty() ? "" : ", ") +
               "shaderInt8 (VK_KHR_shader_float16_int8)";
  byteStorage.pNext = &int8;
  byteStorage.storageBuffer8BitAccess = VK_TRUE;
  int8.shaderInt8 = VK_TRUE;
  return missing.empty();
}
