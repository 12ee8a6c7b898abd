//===- DeviceFeatures.h - what a device must offer vyre kernels --*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Beyond Vulkan 1.1 compute, vyre kernels store single bytes into the
// completion plane (ABI v8): VK_KHR_8bit_storage's storageBuffer8BitAccess
// and VK_KHR_shader_float16_int8's shaderInt8. The instance asks for
// Vulkan 1.1, so both come as extensions even on a 1.2 device. Depends on
// Vulkan only.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_RUNTIME_DEVICEFEATURES_H
#define VYRE_RUNTIME_DEVICEFEATURES_H

#include <string>
#include <vector>
#include <vulkan/vulkan.h>

namespace vyre {

/// The extensions and feature structures to create a device with.
class DeviceFeatures {
public:
  /// Checks that `physical` offers what vyre kernels need; on failure
  /// `missing` says what is lacking, in words.
  bool query(VkPhysicalDevice physical, std::string &missing);
  /// The extension names and the pNext chain for VkDeviceCreateInfo, valid
  /// while this object lives and is not moved.
  const std::vector<const char *> &extensions() const { return names; }
  const void *chain() const { return &byteStorage; }

private:
  std::vector<const char *> names;
  VkPhysicalDevice8BitStorageFeaturesKHR byteStorage{
      VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_8BIT_STORAGE_FEATURES_KHR};
  VkPhysicalDeviceShaderFloat16Int8FeaturesKHR int8{
      VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_FLOAT16_INT8_FEATURES_KHR};
};

} // namespace vyre

#endif // VYRE_RUNTIME_DEVICEFEATURES_H
