//===- Buffers.cpp - host-mapped Vulkan buffers -----------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Creating and releasing the host-mapped buffers of a kernel (ring, control,
// debug log, completion mirrors, user buffers) in the memory type chosen for
// their placement (Device.cpp, chooseMemoryType).
//
//===----------------------------------------------------------------------===//

#include "Buffers.h"
#include "Error.h"

#include <algorithm>
#include <cstring>

using namespace vyre;

vyre_status vyre::allocate(vyre_runtime *rt, MappedBuffer &b, uint64_t count,
                     Placement placement, const std::string &what) {
  b.count = std::max<uint64_t>(count, 1);
  VkBufferCreateInfo info{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
  info.size = b.count * 4;
  info.usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;
  info.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
  VkResult r = vkCreateBuffer(rt->device, &info, nullptr, &b.buffer);
  if (r != VK_SUCCESS)
    return failVk(r, "creating the " + what + " buffer");
  VkMemoryRequirements req;
  vkGetBufferMemoryRequirements(rt->device, b.buffer, &req);
  uint32_t type = rt->chooseMemoryType(req.memoryTypeBits, placement, b.placement);
  if (type == UINT32_MAX)
    return fail(VYRE_ERROR_VULKAN, "no host-visible coherent memory for the " +
                                       what + " buffer on " + rt->name);
  if (rt->injector.allocationFails())
    return failVk(VK_ERROR_OUT_OF_DEVICE_MEMORY,
                  "allocating the " + what + " buffer (an injected fault)");
  VkMemoryAllocateInfo alloc{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
  alloc.allocationSize = req.size;
  alloc.memoryTypeIndex = type;
  r = vkAllocateMemory(rt->device, &alloc, nullptr, &b.memory);
  if (r != VK_SUCCESS)
    return failVk(r, "allocating " + std::to_string(req.size) +
                         " bytes for the " + what + " buffer");
  vkBindBufferMemory(rt->device, b.buffer, b.memory, 0);
  void *mapped = nullptr;
  r = vkMapMemory(rt->device, b.memory, 0, VK_WHOLE_SIZE, 0, &mapped);
  if (r != VK_SUCCESS)
    return failVk(r, "mapping the " + what + " buffer");
  b.words = static_cast<uint32_t *>(mapped);
  std::memset(b.words, 0, b.count * 4);
  return VYRE_OK;
}

void vyre::release(vyre_runtime *rt, MappedBuffer &b) {
  if (b.memory) {
    vkUnmapMemory(rt->device, b.memory);
    vkFreeMemory(rt->device, b.memory, nullptr);
  }
  if (b.buffer)
    vkDestroyBuffer(rt->device, b.buffer, nullptr);
  b = MappedBuffer();
}
