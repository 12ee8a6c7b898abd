//===- Executable.cpp - the Vulkan objects that run a kernel -----*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "Executable.h"
#include "Error.h"

using namespace vyre;

vyre_status Executable::create(vyre_runtime *runtime,
                               const std::vector<uint32_t> &bindings) {
  rt = runtime;
  VkDevice dev = rt->device;
  VkResult r;
  std::vector<VkDescriptorSetLayoutBinding> layoutBindings;
  for (uint32_t binding : bindings) {
    VkDescriptorSetLayoutBinding lb{};
    lb.binding = binding;
    lb.descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
    lb.descriptorCount = 1;
    lb.stageFlags = VK_SHADER_STAGE_COMPUTE_BIT;
    layoutBindings.push_back(lb);
  }
  VkDescriptorSetLayoutCreateInfo layoutInfo{
      VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO};
  layoutInfo.bindingCount = uint32_t(layoutBindings.size());
  layoutInfo.pBindings = layoutBindings.data();
  if ((r = vkCreateDescriptorSetLayout(dev, &layoutInfo, nullptr, &setLayout)))
    return failVk(r, "vkCreateDescriptorSetLayout");
  VkPipelineLayoutCreateInfo plInfo{VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
  plInfo.setLayoutCount = 1;
  plInfo.pSetLayouts = &setLayout;
  if ((r = vkCreatePipelineLayout(dev, &plInfo, nullptr, &pipelineLayout)))
    return failVk(r, "vkCreatePipelineLayout");

  VkDescriptorPoolSize poolSize{VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
                                uint32_t(layoutBindings.size())};
  VkDescriptorPoolCreateInfo poolInfo{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
  poolInfo.maxSets = 1;
  poolInfo.poolSizeCount = 1;
  poolInfo.pPoolSizes = &poolSize;
  if ((r = vkCreateDescriptorPool(dev, &poolInfo, nullptr, &pool)))
    return failVk(r, "vkCreateDescriptorPool");
  VkDescriptorSetAllocateInfo setInfo{
      VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
  setInfo.descriptorPool = pool;
  setInfo.descriptorSetCount = 1;
  setInfo.pSetLayouts = &setLayout;
  if ((r = vkAllocateDescriptorSets(dev, &setInfo, &set)))
    return failVk(r, "vkAllocateDescriptorSets");

  VkCommandPoolCreateInfo cpInfo{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
  cpInfo.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
  cpInfo.queueFamilyIndex = rt->queueFamily;
  if ((r = vkCreateCommandPool(dev, &cpInfo, nullptr, &commandPool)))
    return failVk(r, "vkCreateCommandPool");
  VkCommandBufferAllocateInfo cbInfo{
      VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
  cbInfo.commandPool = commandPool;
  cbInfo.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
  cbInfo.commandBufferCount = 1;
  if ((r = vkAllocateCommandBuffers(dev, &cbInfo, &commands)))
    return failVk(r, "vkAllocateCommandBuffers");
  VkFenceCreateInfo fenceInfo{VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
  if ((r = vkCreateFence(dev, &fenceInfo, nullptr, &fence)))
    return failVk(r, "vkCreateFence");
  createTimestamps();
  return VYRE_OK;
}

void Executable::destroy() {
  if (!rt || !rt->device) {
    *this = Executable();
    return;
  }
  VkDevice dev = rt->device;
  if (fence) vkDestroyFence(dev, fence, nullptr);
  if (timestamps) vkDestroyQueryPool(dev, timestamps, nullptr);
  // Frees the command buffer and the descriptor set with their pools.
  if (commandPool) vkDestroyCommandPool(dev, commandPool, nullptr);
  if (pool) vkDestroyDescriptorPool(dev, pool, nullptr);
  for (Pipeline &p : pipelines) {
    vkDestroyPipeline(dev, p.pipeline, nullptr);
    vkDestroyShaderModule(dev, p.shader, nullptr);
  }
  if (pipelineLayout) vkDestroyPipelineLayout(dev, pipelineLayout, nullptr);
  if (setLayout) vkDestroyDescriptorSetLayout(dev, setLayout, nullptr);
  *this = Executable();
}

vyre_status Executable::addProgram(const std::vector<uint32_t> &code,
                                   const std::string &entryPoint,
                                   uint32_t &program) {
  VkDevice dev = rt->device;
  Pipeline p{VK_NULL_HANDLE, VK_NULL_HANDLE};
  VkShaderModuleCreateInfo shaderInfo{VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO};
  shaderInfo.codeSize = code.size() * 4;
  shaderInfo.pCode = code.data();
  if (VkResult r = vkCreateShaderModule(dev, &shaderInfo, nullptr, &p.shader))
    return failVk(r, "vkCreateShaderModule");
  VkComputePipelineCreateInfo info{VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO};
  info.stage.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO;
  info.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
  info.stage.module = p.shader;
  info.stage.pName = entryPoint.c_str();
  info.layout = pipelineLayout; // every program has the same bindings
  if (VkResult r = vkCreateComputePipelines(dev, VK_NULL_HANDLE, 1, &info,
                                            nullptr, &p.pipeline)) {
    vkDestroyShaderModule(dev, p.shader, nullptr);
    return failVk(r, "vkCreateComputePipelines (entry point \"" + entryPoint +
                         "\")");
  }
  program = uint32_t(pipelines.size());
  pipelines.push_back(p);
  return VYRE_OK;
}

void Executable::bind(const std::vector<Binding> &buffers) {
  std::vector<VkDescriptorBufferInfo> infos;
  std::vector<VkWriteDescriptorSet> writes;
  infos.reserve(buffers.size()); // pBufferInfo points into it
  for (const Binding &b : buffers) {
    infos.push_back({b.buffer, 0, VK_WHOLE_SIZE});
    VkWriteDescriptorSet w{VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
    w.dstSet = set;
    w.dstBinding = b.binding;
    w.descriptorCount = 1;
    w.descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
    w.pBufferInfo = &infos.back();
    writes.push_back(w);
  }
  vkUpdateDescriptorSets(rt->device, uint32_t(writes.size()), writes.data(),
                         0, nullptr);
}

void Executable::record(uint32_t program, uint32_t workgroups) {
  vkResetCommandBuffer(commands, 0);
  VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
  // Submitted again on every relaunch: not ONE_TIME_SUBMIT.
  vkBeginCommandBuffer(commands, &begin);
  recordTimestamp(0);
  vkCmdBindPipeline(commands, VK_PIPELINE_BIND_POINT_COMPUTE,
                    pipelines[program].pipeline);
  vkCmdBindDescriptorSets(commands, VK_PIPELINE_BIND_POINT_COMPUTE,
                          pipelineLayout, 0, 1, &set, 0, nullptr);
  vkCmdDispatch(commands, workgroups, 1, 1);
  recordTimestamp(1);
  vkEndCommandBuffer(commands);
}

VkResult Executable::submit() {
  if (rt->injector.deviceLost())
    return VK_ERROR_DEVICE_LOST;
  vkResetFences(rt->device, 1, &fence);
  VkSubmitInfo info{VK_STRUCTURE_TYPE_SUBMIT_INFO};
  info.commandBufferCount = 1;
  info.pCommandBuffers = &commands;
  VkResult r = vkQueueSubmit(rt->queue, 1, &info, fence);
  outstanding = r == VK_SUCCESS;
  return r;
}

VkResult Executable::poll() const {
  if (rt->injector.deviceLost())
    return VK_ERROR_DEVICE_LOST;
  VkResult r = vkGetFenceStatus(rt->device, fence);
  if (r == VK_SUCCESS)
    outstanding = false;
  return r;
}

VkResult Executable::wait(uint32_t timeoutMs) const {
  if (rt->injector.deviceLost())
    return VK_ERROR_DEVICE_LOST;
  return settle(timeoutMs);
}

VkResult Executable::settle(uint32_t timeoutMs) const {
  if (!outstanding)
    return VK_SUCCESS;
  VkResult r = vkWaitForFences(rt->device, 1, &fence, VK_TRUE,
                               uint64_t(timeoutMs) * 1000000ull);
  if (r == VK_SUCCESS || r == VK_ERROR_DEVICE_LOST)
    outstanding = false;
  return r;
}

void Executable::createTimestamps() {
  uint32_t families = 0;
  vkGetPhysicalDeviceQueueFamilyProperties(rt->physical, &families, nullptr);
  std::vector<VkQueueFamilyProperties> props(families);
  vkGetPhysicalDeviceQueueFamilyProperties(rt->physical, &families,
                                           props.data());
  uint32_t bits = rt->queueFamily < families
                      ? props[rt->queueFamily].timestampValidBits
                      : 0;
  // A queue without timestamps leaves the pool null: the dispatch is
  // recorded without them and deviceTime says so.
  if (!bits)
    return;
  timestampMask = bits >= 64 ? ~0ull : (1ull << bits) - 1;
  timestampPeriodNs = rt->properties.limits.timestampPeriod;
  VkQueryPoolCreateInfo info{VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO};
  info.queryType = VK_QUERY_TYPE_TIMESTAMP;
  info.queryCount = 2;
  if (vkCreateQueryPool(rt->device, &info, nullptr, &timestamps) != VK_SUCCESS)
    timestamps = VK_NULL_HANDLE;
}

void Executable::recordTimestamp(uint32_t which) {
  if (!timestamps)
    return;
  if (which == 0)
    vkCmdResetQueryPool(commands, timestamps, 0, 2);
  vkCmdWriteTimestamp(commands,
                      which == 0 ? VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT
                                 : VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT,
                      timestamps, which);
}

VkResult Executable::deviceTime(double &us) const {
  us = 0;
  uint64_t ticks[2] = {0, 0};
  VkResult r = vkGetQueryPoolResults(rt->device, timestamps, 0, 2,
                                     sizeof ticks, ticks, sizeof ticks[0],
                                     VK_QUERY_RESULT_64_BIT);
  if (r == VK_SUCCESS)
    us = double((ticks[1] - ticks[0]) & timestampMask) * timestampPeriodNs /
         1000.0;
  return r;
}
