//===- HostFloorsVk.h - vyre-host-floors' Vulkan buffers ---------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// What vyre-host-floors needs from Vulkan: a mapped buffer in the memory
// type the runtime would choose, and a command buffer that has the device
// fill a buffer (the lanes' stores, without a kernel).
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_BENCH_HOSTFLOORSVK_H
#define VYRE_BENCH_HOSTFLOORSVK_H

#include "VkOpen.h"
#include "vyre/runtime.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace vyre::bench::floors {

/// The program the messages name (vyre-host-floors or vyre-device-floors).
inline const char *programName = "vyre-host-floors";

[[noreturn]] inline void die(const std::string &message) {
  std::fprintf(stderr, "%s: %s\n", programName, message.c_str());
  std::exit(1);
}

inline void check(VkResult r, const char *what) {
  if (r != VK_SUCCESS)
    die(std::string(what) + " failed (VkResult " + std::to_string(r) + ")");
}

/// A buffer in the first memory type with `want` (and host-visible
/// coherent), mapped.
struct Mapped {
  VkBuffer buffer = VK_NULL_HANDLE;
  VkDeviceMemory memory = VK_NULL_HANDLE;
  void *host = nullptr;
  std::string type;
};

inline Mapped allocate(const VkOpened &vk, VkDeviceSize bytes,
                VkMemoryPropertyFlags want, bool avoidDeviceLocal) {
  Mapped m;
  VkBufferCreateInfo bci{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
  bci.size = bytes;
  bci.usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT;
  check(vkCreateBuffer(vk.device, &bci, nullptr, &m.buffer), "vkCreateBuffer");
  VkMemoryRequirements req;
  vkGetBufferMemoryRequirements(vk.device, m.buffer, &req);
  VkPhysicalDeviceMemoryProperties props;
  vkGetPhysicalDeviceMemoryProperties(vk.physical, &props);
  const VkMemoryPropertyFlags base =
      VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
  uint32_t type = UINT32_MAX;
  for (VkMemoryPropertyFlags w : {want | base, base})
    for (uint32_t i = 0; i < props.memoryTypeCount && type == UINT32_MAX; ++i) {
      VkMemoryPropertyFlags have = props.memoryTypes[i].propertyFlags;
      if ((req.memoryTypeBits & (1u << i)) && (have & w) == w &&
          !(avoidDeviceLocal && props.memoryHeapCount > 1 &&
            (have & VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT)))
        type = i;
    }
  if (type == UINT32_MAX)
    die("no host-visible coherent memory type for " + std::to_string(bytes) + " bytes");
  VkMemoryPropertyFlags have = props.memoryTypes[type].propertyFlags;
  m.type = std::string(have & VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT ? "device-local " : "") +
           (have & VK_MEMORY_PROPERTY_HOST_CACHED_BIT ? "cached " : "") +
           "host-visible, type " + std::to_string(type);
  VkMemoryAllocateInfo mai{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
  mai.allocationSize = req.size;
  mai.memoryTypeIndex = type;
  check(vkAllocateMemory(vk.device, &mai, nullptr, &m.memory),
        "vkAllocateMemory (a BAR too small for the ring? try --slots)");
  check(vkBindBufferMemory(vk.device, m.buffer, m.memory, 0), "vkBindBufferMemory");
  check(vkMapMemory(vk.device, m.memory, 0, VK_WHOLE_SIZE, 0, &m.host), "vkMapMemory");
  return m;
}

/// A command pool of the compute family with one primary command buffer
/// (resettable where the caller records it more than once), and a fence.
inline void createCommands(const VkOpened &vk, bool resettable, VkCommandPool &pool,
                           VkCommandBuffer &cmd, VkFence &fence) {
  VkCommandPoolCreateInfo pci{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
  pci.flags = resettable ? VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT : 0;
  pci.queueFamilyIndex = vk.family;
  check(vkCreateCommandPool(vk.device, &pci, nullptr, &pool), "vkCreateCommandPool");
  VkCommandBufferAllocateInfo cai{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
  cai.commandPool = pool;
  cai.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
  cai.commandBufferCount = 1;
  check(vkAllocateCommandBuffers(vk.device, &cai, &cmd), "vkAllocateCommandBuffers");
  VkFenceCreateInfo fci{VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
  check(vkCreateFence(vk.device, &fci, nullptr, &fence), "vkCreateFence");
}

/// Submits `cmd` and waits for it on `fence`, which it resets.
inline void submitAndWait(const VkOpened &vk, VkCommandBuffer cmd, VkFence fence) {
  VkSubmitInfo si{VK_STRUCTURE_TYPE_SUBMIT_INFO};
  si.commandBufferCount = 1;
  si.pCommandBuffers = &cmd;
  check(vkQueueSubmit(vk.queue, 1, &si, fence), "vkQueueSubmit");
  check(vkWaitForFences(vk.device, 1, &fence, VK_TRUE, UINT64_MAX), "vkWaitForFences");
  check(vkResetFences(vk.device, 1, &fence), "vkResetFences");
}

/// The device fills `bytes` of a buffer with a word: DONE into every mirror
/// word, as lanes store it, or into the ring's lines, as lanes store
/// CLAIMED.
struct Filler {
  VkCommandPool pool = VK_NULL_HANDLE;
  VkCommandBuffer cmd = VK_NULL_HANDLE;
  VkFence fence = VK_NULL_HANDLE;
  void init(const VkOpened &vk, VkBuffer buffer, VkDeviceSize bytes) {
    createCommands(vk, false, pool, cmd, fence);
    VkCommandBufferBeginInfo bi{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    check(vkBeginCommandBuffer(cmd, &bi), "vkBeginCommandBuffer");
    vkCmdFillBuffer(cmd, buffer, 0, bytes, VYRE_STATUS_DONE);
    VkMemoryBarrier mb{VK_STRUCTURE_TYPE_MEMORY_BARRIER};
    mb.srcAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT;
    mb.dstAccessMask = VK_ACCESS_HOST_READ_BIT;
    vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_HOST_BIT,
                         0, 1, &mb, 0, nullptr, 0, nullptr);
    check(vkEndCommandBuffer(cmd), "vkEndCommandBuffer");
  }
  void run(const VkOpened &vk) { submitAndWait(vk, cmd, fence); }
};

} // namespace vyre::bench::floors

#endif // VYRE_BENCH_HOSTFLOORSVK_H
