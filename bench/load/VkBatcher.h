//===- VkBatcher.h - Vulkan dynamic batching, the tuned baseline -*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// What a Vulkan engineer writes instead of a megakernel: a host queue that
// launches one data-parallel dispatch (bench/load/batch.comp) over the tasks
// waiting, under BatchPolicy (B tasks or T us, `depth` batches in flight).
// Tuned as one would tune it: the host writes the 64-byte records straight
// into device-local host-visible memory where there is some; each in-flight
// context has a command buffer recorded once, with an indirect dispatch whose
// size the host writes, so nothing is re-recorded per batch; completion is
// seen by spinning on vkGetFenceStatus (12 us on the H200 against 34 us for
// vkWaitForFences). Plain Vulkan on its own VkDevice on the physical device
// vyre uses (matched by name).
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_BENCH_LOAD_VKBATCHER_H
#define VYRE_BENCH_LOAD_VKBATCHER_H

#include "OpenLoop.h"

#include <cstdint>
#include <string>
#include <vector>
#include <vulkan/vulkan.h>

namespace vyre::load {

/// The Vulkan device, pipeline and buffers; reused by every policy.
class VkBatchDevice {
public:
  ~VkBatchDevice();
  /// Opens `deviceName`, loads `spvPath`; room for `depth` contexts of
  /// `maxBatch` records. Throws std::runtime_error.
  void init(const std::string &deviceName, const std::string &spvPath,
            uint32_t maxBatch, uint32_t depth);
  uint32_t maxBatch() const { return capacity; }
  uint32_t depth() const { return uint32_t(contexts.size()); }
  std::string memoryNote; ///< where the records live

  struct Context {
    VkCommandBuffer commands = VK_NULL_HANDLE;
    VkFence fence = VK_NULL_HANDLE;
    uint64_t first = 0, count = 0; ///< the stream's tasks it runs
    bool busy = false;
  };
  /// Writes tasks [first, first + count) of `tasks` into context `c`'s
  /// records and submits it.
  void launch(uint32_t c, const std::vector<Task> &tasks, uint64_t first,
              uint64_t count);
  /// True once context `c`'s batch has finished (a fence poll).
  bool finished(uint32_t c);
  std::vector<uint32_t> counters() const;
  std::vector<Context> contexts;

private:
  struct Buffer {
    VkBuffer buffer = VK_NULL_HANDLE;
    VkDeviceMemory memory = VK_NULL_HANDLE;
    void *mapped = nullptr;
  };
  Buffer makeBuffer(uint64_t bytes, VkBufferUsageFlags usage, std::string *note);
  void makePipeline(const std::string &spvPath);
  void recordContext(uint32_t c);
  void check(VkResult r, const char *what);

  VkInstance instance = VK_NULL_HANDLE;
  VkPhysicalDevice physical = VK_NULL_HANDLE;
  VkDevice device = VK_NULL_HANDLE;
  VkQueue queue = VK_NULL_HANDLE;
  uint32_t family = 0, capacity = 0;
  Buffer records, counterWords, params;
  VkShaderModule shader = VK_NULL_HANDLE;
  VkDescriptorSetLayout setLayout = VK_NULL_HANDLE;
  VkPipelineLayout layout = VK_NULL_HANDLE;
  VkPipeline pipeline = VK_NULL_HANDLE;
  VkDescriptorPool pool = VK_NULL_HANDLE;
  VkDescriptorSet set = VK_NULL_HANDLE;
  VkCommandPool commandPool = VK_NULL_HANDLE;
  std::vector<Buffer *> owned;
};

/// The open-loop side: BatchPolicy over a VkBatchDevice.
using VkBatchSide = BatchingSide<VkBatchDevice>;

} // namespace vyre::load

#endif // VYRE_BENCH_LOAD_VKBATCHER_H
