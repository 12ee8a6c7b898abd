//===- Executable.h - the Vulkan objects that run a kernel -------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// What Vulkan needs to run a kernel's binaries over its buffers, as IREE's
// HAL keeps executables and command buffers apart from the queues that use
// them: one descriptor set over the manifest's bindings, one compute
// pipeline per binary (program 0 is the kernel's own, then its variants in
// the order they were added), one command buffer holding the one recorded
// dispatch, its fence, and the two timestamps around it.
//
// It knows nothing of the ring protocol: the kernel (Dispatcher.cpp) decides
// what to record and when to submit, and keeps the dispatch's state.
// Depends on Device.h and Vulkan only.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_RUNTIME_EXECUTABLE_H
#define VYRE_RUNTIME_EXECUTABLE_H

#include "Device.h"

#include <cstdint>
#include <string>
#include <vector>

namespace vyre {

class Executable {
public:
  /// A descriptor binding and the buffer bound to it.
  struct Binding {
    uint32_t binding;
    VkBuffer buffer;
  };

  /// The layouts for storage buffers at `bindings`, the descriptor set, the
  /// command buffer, the fence and (where the queue has them) timestamps.
  /// On failure what was created stays for destroy().
  vyre_status create(vyre_runtime *rt, const std::vector<uint32_t> &bindings);
  /// Destroys every object; the device must be idle.
  void destroy();

  /// A pipeline for `code` (entry point `entryPoint`) with this layout; its
  /// index in `program`. On failure nothing is added.
  vyre_status addProgram(const std::vector<uint32_t> &code,
                         const std::string &entryPoint, uint32_t &program);

  /// Points the descriptor set at `buffers` (no dispatch may be pending).
  void bind(const std::vector<Binding> &buffers);
  /// Records `workgroups` workgroups of `program` between the timestamps
  /// into the command buffer, replacing what it held.
  void record(uint32_t program, uint32_t workgroups);
  /// Resets the fence and submits the recorded dispatch.
  VkResult submit();
  /// VK_SUCCESS once the submitted dispatch returned, VK_NOT_READY while it
  /// runs, VK_ERROR_DEVICE_LOST.
  VkResult poll() const;
  /// Waits up to `timeoutMs` for the fence.
  VkResult wait(uint32_t timeoutMs) const;
  /// Waits up to `timeoutMs` for a dispatch submitted and not yet seen
  /// returned, past any injected loss (the device's real answer):
  /// VK_SUCCESS at once when none is out.
  VkResult settle(uint32_t timeoutMs) const;

  /// Whether the queue has timestamps (else deviceTime cannot tell).
  bool timed() const { return timestamps != VK_NULL_HANDLE; }
  /// The last dispatch's device time between its timestamps, in us.
  VkResult deviceTime(double &us) const;

private:
  void createTimestamps();
  void recordTimestamp(uint32_t which);

  vyre_runtime *rt = nullptr;
  VkDescriptorSetLayout setLayout = VK_NULL_HANDLE;
  VkPipelineLayout pipelineLayout = VK_NULL_HANDLE;
  VkDescriptorPool pool = VK_NULL_HANDLE;
  VkDescriptorSet set = VK_NULL_HANDLE;
  VkCommandPool commandPool = VK_NULL_HANDLE;
  VkCommandBuffer commands = VK_NULL_HANDLE;
  VkFence fence = VK_NULL_HANDLE;
  /// A submission whose fence has not been seen signalled: what an
  /// injected loss leaves running (FaultInjector.h).
  mutable bool outstanding = false;
  /// Timestamps 0 and 1 around the dispatch; null where the queue has none.
  VkQueryPool timestamps = VK_NULL_HANDLE;
  uint64_t timestampMask = 0;
  double timestampPeriodNs = 0;
  struct Pipeline {
    VkShaderModule shader;
    VkPipeline pipeline;
  };
  std::vector<Pipeline> pipelines;
};

} // namespace vyre

#endif // VYRE_RUNTIME_EXECUTABLE_H
