//===- OneShot.cpp - one task per Vulkan dispatch (the baseline) -*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "OneShot.h"
#include "VkOpen.h"

#include <cstring>
#include <fstream>
#include <iterator>

using namespace vyre::bench;

bool OneShot::check(VkResult r, const char *what) {
  if (r == VK_SUCCESS)
    return true;
  error = std::string(what) + " failed (VkResult " + std::to_string(r) + ")";
  return false;
}

bool OneShot::init(const std::string &deviceName, const std::string &spvPath,
                   uint32_t wordCount, std::string &err) {
  std::ifstream in(spvPath, std::ios::binary);
  std::vector<char> code((std::istreambuf_iterator<char>(in)), {});
  if (code.empty() || code.size() % 4) {
    err = "cannot read the baseline kernel " + spvPath +
          " (built by the bench target)";
    return false;
  }
  VkOpened opened;
  err = openComputeDevice(deviceName, "vyre-bench-oneshot", opened);
  instance = opened.instance;
  physical = opened.physical;
  device = opened.device;
  queue = opened.queue;
  uint32_t family = opened.family;
  if (!err.empty())
    return false;

  // The task's words: host-visible coherent, like a program's small
  // result buffer.
  words = wordCount;
  VkBufferCreateInfo bci{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
  bci.size = uint64_t(words) * 4;
  bci.usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;
  if (!check(vkCreateBuffer(device, &bci, nullptr, &buffer), "vkCreateBuffer"))
    return err = error, false;
  VkMemoryRequirements req;
  vkGetBufferMemoryRequirements(device, buffer, &req);
  VkPhysicalDeviceMemoryProperties mp;
  vkGetPhysicalDeviceMemoryProperties(physical, &mp);
  const VkMemoryPropertyFlags want =
      VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
  uint32_t type = UINT32_MAX;
  for (uint32_t i = 0; i < mp.memoryTypeCount && type == UINT32_MAX; ++i)
    if ((req.memoryTypeBits & (1u << i)) &&
        (mp.memoryTypes[i].propertyFlags & want) == want)
      type = i;
  VkMemoryAllocateInfo mai{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
  mai.allocationSize = req.size;
  mai.memoryTypeIndex = type;
  if (type == UINT32_MAX ||
      !check(vkAllocateMemory(device, &mai, nullptr, &memory), "vkAllocateMemory"))
    return err = error.empty() ? "no host-visible memory" : error, false;
  vkBindBufferMemory(device, buffer, memory, 0);
  void *ptr = nullptr;
  vkMapMemory(device, memory, 0, VK_WHOLE_SIZE, 0, &ptr);
  mapped = static_cast<uint32_t *>(ptr);
  std::memset(mapped, 0, bci.size);

  VkShaderModuleCreateInfo smi{VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO};
  smi.codeSize = code.size();
  smi.pCode = reinterpret_cast<const uint32_t *>(code.data());
  VkDescriptorSetLayoutBinding binding{0, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1,
                                       VK_SHADER_STAGE_COMPUTE_BIT, nullptr};
  VkDescriptorSetLayoutCreateInfo dsl{
      VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO};
  dsl.bindingCount = 1;
  dsl.pBindings = &binding;
  VkPushConstantRange push{VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof(Task)};
  VkPipelineLayoutCreateInfo pli{VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
  pli.setLayoutCount = 1;
  pli.pSetLayouts = &setLayout;
  pli.pushConstantRangeCount = 1;
  pli.pPushConstantRanges = &push;
  if (!check(vkCreateShaderModule(device, &smi, nullptr, &shader),
             "vkCreateShaderModule") ||
      !check(vkCreateDescriptorSetLayout(device, &dsl, nullptr, &setLayout),
             "vkCreateDescriptorSetLayout") ||
      !check(vkCreatePipelineLayout(device, &pli, nullptr, &layout),
             "vkCreatePipelineLayout"))
    return err = error, false;
  VkComputePipelineCreateInfo cpi{VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO};
  cpi.stage.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO;
  cpi.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
  cpi.stage.module = shader;
  cpi.stage.pName = "main";
  cpi.layout = layout;
  VkDescriptorPoolSize size{VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1};
  VkDescriptorPoolCreateInfo dpi{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
  dpi.maxSets = 1;
  dpi.poolSizeCount = 1;
  dpi.pPoolSizes = &size;
  if (!check(vkCreateComputePipelines(device, VK_NULL_HANDLE, 1, &cpi, nullptr,
                                      &pipeline),
             "vkCreateComputePipelines") ||
      !check(vkCreateDescriptorPool(device, &dpi, nullptr, &pool),
             "vkCreateDescriptorPool"))
    return err = error, false;
  VkDescriptorSetAllocateInfo dsa{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
  dsa.descriptorPool = pool;
  dsa.descriptorSetCount = 1;
  dsa.pSetLayouts = &setLayout;
  if (!check(vkAllocateDescriptorSets(device, &dsa, &set),
             "vkAllocateDescriptorSets"))
    return err = error, false;
  VkDescriptorBufferInfo info{buffer, 0, VK_WHOLE_SIZE};
  VkWriteDescriptorSet write{VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
  write.dstSet = set;
  write.descriptorCount = 1;
  write.descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
  write.pBufferInfo = &info;
  vkUpdateDescriptorSets(device, 1, &write, 0, nullptr);

  VkCommandPoolCreateInfo cpo{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
  cpo.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
  cpo.queueFamilyIndex = family;
  VkCommandBufferAllocateInfo cba{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
  cba.commandBufferCount = 1;
  VkFenceCreateInfo fci{VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
  if (!check(vkCreateCommandPool(device, &cpo, nullptr, &commandPool),
             "vkCreateCommandPool"))
    return err = error, false;
  cba.commandPool = commandPool;
  if (!check(vkAllocateCommandBuffers(device, &cba, &commands),
             "vkAllocateCommandBuffers") ||
      !check(vkCreateFence(device, &fci, nullptr, &fence), "vkCreateFence"))
    return err = error, false;
  return true;
}

bool OneShot::submitAndWait() {
  VkSubmitInfo si{VK_STRUCTURE_TYPE_SUBMIT_INFO};
  si.commandBufferCount = 1;
  si.pCommandBuffers = &commands;
  if (!check(vkQueueSubmit(queue, 1, &si, fence), "vkQueueSubmit") ||
      !check(vkWaitForFences(device, 1, &fence, VK_TRUE, 60'000'000'000ull),
             "vkWaitForFences"))
    return false;
  vkResetFences(device, 1, &fence);
  return true;
}

bool OneShot::runBatched(const std::vector<Task> &tasks, uint32_t perBuffer) {
  for (size_t first = 0; first < tasks.size(); first += perBuffer) {
    size_t last = std::min(tasks.size(), first + perBuffer);
    VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    vkBeginCommandBuffer(commands, &begin);
    vkCmdBindPipeline(commands, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline);
    vkCmdBindDescriptorSets(commands, VK_PIPELINE_BIND_POINT_COMPUTE, layout, 0,
                            1, &set, 0, nullptr);
    // Independent tasks: no barriers between the dispatches.
    for (size_t i = first; i < last; ++i) {
      vkCmdPushConstants(commands, layout, VK_SHADER_STAGE_COMPUTE_BIT, 0,
                         sizeof(Task), &tasks[i]);
      vkCmdDispatch(commands, 1, 1, 1);
    }
    vkEndCommandBuffer(commands);
    if (!submitAndWait())
      return false;
  }
  return true;
}

bool OneShot::runOne(const Task &task) { return runBatched({task}, 1); }

std::vector<uint32_t> OneShot::readWords() const {
  return std::vector<uint32_t>(mapped, mapped + words);
}

OneShot::~OneShot() {
  if (!device) {
    if (instance)
      vkDestroyInstance(instance, nullptr);
    return;
  }
  vkDeviceWaitIdle(device);
  vkDestroyFence(device, fence, nullptr);
  vkDestroyCommandPool(device, commandPool, nullptr);
  vkDestroyDescriptorPool(device, pool, nullptr);
  vkDestroyPipeline(device, pipeline, nullptr);
  vkDestroyPipelineLayout(device, layout, nullptr);
  vkDestroyDescriptorSetLayout(device, setLayout, nullptr);
  vkDestroyShaderModule(device, shader, nullptr);
  if (memory) {
    vkUnmapMemory(device, memory);
    vkFreeMemory(device, memory, nullptr);
  }
  vkDestroyBuffer(device, buffer, nullptr);
  vkDestroyDevice(device, nullptr);
  vkDestroyInstance(instance, nullptr);
}
