//===- OneShot.h - one task per Vulkan dispatch (the baseline) ---*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// What a Vulkan program does without a megakernel: a tiny compute kernel
// (bench/oneshot.comp) dispatched once per task, either one vkQueueSubmit +
// fence wait per task, or many dispatches recorded in one command buffer.
// Plain Vulkan on its own VkDevice, on the physical device the vyre runtime
// chose (matched by name), so both sides run on the same hardware.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_BENCH_ONESHOT_H
#define VYRE_BENCH_ONESHOT_H

#include <cstdint>
#include <string>
#include <vector>
#include <vulkan/vulkan.h>

namespace vyre::bench {

struct Task {
  uint32_t add; ///< non-zero: words[a1] += a0 (ATOMIC_ADD), else nothing (NOP)
  uint32_t a0, a1;
};

class OneShot {
public:
  ~OneShot();
  /// Opens `deviceName` and loads the kernel; false with `error` set.
  bool init(const std::string &deviceName, const std::string &spvPath,
            uint32_t words, std::string &error);
  /// One task: record, submit, wait on the fence. Returns false on error.
  bool runOne(const Task &task);
  /// `tasks` as dispatches in command buffers of `perBuffer` dispatches,
  /// one submit + fence wait per buffer.
  bool runBatched(const std::vector<Task> &tasks, uint32_t perBuffer);
  std::vector<uint32_t> readWords() const;
  std::string error;

private:
  bool check(VkResult r, const char *what);
  bool submitAndWait();
  VkInstance instance = VK_NULL_HANDLE;
  VkPhysicalDevice physical = VK_NULL_HANDLE;
  VkDevice device = VK_NULL_HANDLE;
  VkQueue queue = VK_NULL_HANDLE;
  VkBuffer buffer = VK_NULL_HANDLE;
  VkDeviceMemory memory = VK_NULL_HANDLE;
  uint32_t *mapped = nullptr;
  uint32_t words = 0;
  VkShaderModule shader = VK_NULL_HANDLE;
  VkDescriptorSetLayout setLayout = VK_NULL_HANDLE;
  VkPipelineLayout layout = VK_NULL_HANDLE;
  VkPipeline pipeline = VK_NULL_HANDLE;
  VkDescriptorPool pool = VK_NULL_HANDLE;
  VkDescriptorSet set = VK_NULL_HANDLE;
  VkCommandPool commandPool = VK_NULL_HANDLE;
  VkCommandBuffer commands = VK_NULL_HANDLE;
  VkFence fence = VK_NULL_HANDLE;
};

} // namespace vyre::bench

#endif // VYRE_BENCH_ONESHOT_H
