//===- VkBatcher.cpp - Vulkan dynamic batching, the tuned baseline --------===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "VkBatcher.h"
#include "../vyre-bench/VkOpen.h"

#include <atomic>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>

using namespace vyre::load;

namespace {
/// The records as batch.comp reads them: a vyre slot's size.
constexpr uint32_t RECORD_BYTES = 64;
constexpr uint32_t LANES = 64; ///< batch.comp's local_size_x

/// Per-context indirect dispatch size and task count: {x, y, z, count}.
struct Params {
  uint32_t groups[3];
  uint32_t count;
};
struct Push {
  uint32_t first, context, lcgA, lcgC;
};
} // namespace

void VkBatchDevice::check(VkResult r, const char *what) {
  if (r != VK_SUCCESS)
    throw std::runtime_error(std::string("Vulkan batching: ") + what +
                             " failed (VkResult " + std::to_string(r) + ")");
}

void VkBatchDevice::init(const std::string &deviceName,
                         const std::string &spvPath, uint32_t maxBatch,
                         uint32_t depth) {
  bench::VkOpened opened;
  std::string error =
      bench::openComputeDevice(deviceName, "vyre-load-bench-batching", opened);
  instance = opened.instance;
  physical = opened.physical;
  device = opened.device;
  queue = opened.queue;
  family = opened.family;
  if (!error.empty())
    throw std::runtime_error("Vulkan batching: " + error);

  capacity = maxBatch;
  records = makeBuffer(uint64_t(depth) * maxBatch * RECORD_BYTES,
                       VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, &memoryNote);
  counterWords = makeBuffer(COUNTERS * 4, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT,
                            nullptr);
  params = makeBuffer(depth * sizeof(Params),
                      VK_BUFFER_USAGE_STORAGE_BUFFER_BIT |
                          VK_BUFFER_USAGE_INDIRECT_BUFFER_BIT,
                      nullptr);
  std::memset(counterWords.mapped, 0, COUNTERS * 4);
  makePipeline(spvPath);

  VkCommandPoolCreateInfo cpo{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
  cpo.queueFamilyIndex = family;
  check(vkCreateCommandPool(device, &cpo, nullptr, &commandPool),
        "vkCreateCommandPool");
  contexts.resize(depth);
  for (uint32_t c = 0; c < depth; ++c)
    recordContext(c);
}

VkBatchDevice::Buffer VkBatchDevice::makeBuffer(uint64_t bytes,
                                                VkBufferUsageFlags usage,
                                                std::string *note) {
  Buffer b;
  VkBufferCreateInfo bci{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
  bci.size = bytes;
  bci.usage = usage;
  check(vkCreateBuffer(device, &bci, nullptr, &b.buffer), "vkCreateBuffer");
  VkMemoryRequirements req;
  vkGetBufferMemoryRequirements(device, b.buffer, &req);
  VkPhysicalDeviceMemoryProperties mp;
  vkGetPhysicalDeviceMemoryProperties(physical, &mp);
  // Device-local and host-visible first (the host writes the records and
  // the counters live next to the lanes' atomics), else host memory.
  const VkMemoryPropertyFlags host =
      VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
  uint32_t type = UINT32_MAX;
  for (VkMemoryPropertyFlags want :
       {host | VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT, host})
    for (uint32_t i = 0; i < mp.memoryTypeCount && type == UINT32_MAX; ++i)
      if ((req.memoryTypeBits & (1u << i)) &&
          (mp.memoryTypes[i].propertyFlags & want) == want)
        type = i;
  if (type == UINT32_MAX)
    throw std::runtime_error("Vulkan batching: no host-visible memory");
  if (note)
    *note = (mp.memoryTypes[type].propertyFlags &
             VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT)
                ? "device-local host-visible"
                : "host-visible system memory";
  VkMemoryAllocateInfo mai{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
  mai.allocationSize = req.size;
  mai.memoryTypeIndex = type;
  check(vkAllocateMemory(device, &mai, nullptr, &b.memory), "vkAllocateMemory");
  check(vkBindBufferMemory(device, b.buffer, b.memory, 0), "vkBindBufferMemory");
  check(vkMapMemory(device, b.memory, 0, VK_WHOLE_SIZE, 0, &b.mapped),
        "vkMapMemory");
  return b;
}

void VkBatchDevice::makePipeline(const std::string &spvPath) {
  std::ifstream in(spvPath, std::ios::binary);
  std::vector<char> code((std::istreambuf_iterator<char>(in)), {});
  if (code.empty() || code.size() % 4)
    throw std::runtime_error("cannot read the batching kernel " + spvPath +
                             " (built by the bench target)");
  VkShaderModuleCreateInfo smi{VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO};
  smi.codeSize = code.size();
  smi.pCode = reinterpret_cast<const uint32_t *>(code.data());
  check(vkCreateShaderModule(device, &smi, nullptr, &shader),
        "vkCreateShaderModule");
  VkDescriptorSetLayoutBinding bindings[3];
  for (uint32_t i = 0; i < 3; ++i)
    bindings[i] = {i, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1,
                   VK_SHADER_STAGE_COMPUTE_BIT, nullptr};
  VkDescriptorSetLayoutCreateInfo dsl{
      VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO};
  dsl.bindingCount = 3;
  dsl.pBindings = bindings;
  check(vkCreateDescriptorSetLayout(device, &dsl, nullptr, &setLayout),
        "vkCreateDescriptorSetLayout");
  VkPushConstantRange push{VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof(Push)};
  VkPipelineLayoutCreateInfo pli{VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
  pli.setLayoutCount = 1;
  pli.pSetLayouts = &setLayout;
  pli.pushConstantRangeCount = 1;
  pli.pPushConstantRanges = &push;
  check(vkCreatePipelineLayout(device, &pli, nullptr, &layout),
        "vkCreatePipelineLayout");
  VkComputePipelineCreateInfo cpi{VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO};
  cpi.stage.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO;
  cpi.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
  cpi.stage.module = shader;
  cpi.stage.pName = "main";
  cpi.layout = layout;
  check(vkCreateComputePipelines(device, VK_NULL_HANDLE, 1, &cpi, nullptr,
                                 &pipeline),
        "vkCreateComputePipelines");
  VkDescriptorPoolSize size{VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 3};
  VkDescriptorPoolCreateInfo dpi{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
  dpi.maxSets = 1;
  dpi.poolSizeCount = 1;
  dpi.pPoolSizes = &size;
  check(vkCreateDescriptorPool(device, &dpi, nullptr, &pool),
        "vkCreateDescriptorPool");
  VkDescriptorSetAllocateInfo dsa{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
  dsa.descriptorPool = pool;
  dsa.descriptorSetCount = 1;
  dsa.pSetLayouts = &setLayout;
  check(vkAllocateDescriptorSets(device, &dsa, &set), "vkAllocateDescriptorSets");
  VkDescriptorBufferInfo infos[3] = {{records.buffer, 0, VK_WHOLE_SIZE},
                                     {counterWords.buffer, 0, VK_WHOLE_SIZE},
                                     {params.buffer, 0, VK_WHOLE_SIZE}};
  VkWriteDescriptorSet writes[3];
  for (uint32_t i = 0; i < 3; ++i) {
    writes[i] = {VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
    writes[i].dstSet = set;
    writes[i].dstBinding = i;
    writes[i].descriptorCount = 1;
    writes[i].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
    writes[i].pBufferInfo = &infos[i];
  }
  vkUpdateDescriptorSets(device, 3, writes, 0, nullptr);
}

void VkBatchDevice::recordContext(uint32_t c) {
  Context &ctx = contexts[c];
  VkCommandBufferAllocateInfo cba{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
  cba.commandPool = commandPool;
  cba.commandBufferCount = 1;
  check(vkAllocateCommandBuffers(device, &cba, &ctx.commands),
        "vkAllocateCommandBuffers");
  VkFenceCreateInfo fci{VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
  check(vkCreateFence(device, &fci, nullptr, &ctx.fence), "vkCreateFence");
  // Recorded once, submitted for every batch: the host writes the size.
  VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
  check(vkBeginCommandBuffer(ctx.commands, &begin), "vkBeginCommandBuffer");
  vkCmdBindPipeline(ctx.commands, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline);
  vkCmdBindDescriptorSets(ctx.commands, VK_PIPELINE_BIND_POINT_COMPUTE, layout,
                          0, 1, &set, 0, nullptr);
  Push push{c * capacity, c, LCG_A, LCG_C};
  vkCmdPushConstants(ctx.commands, layout, VK_SHADER_STAGE_COMPUTE_BIT, 0,
                     sizeof push, &push);
  vkCmdDispatchIndirect(ctx.commands, params.buffer, c * sizeof(Params));
  check(vkEndCommandBuffer(ctx.commands), "vkEndCommandBuffer");
}

void VkBatchDevice::launch(uint32_t c, const std::vector<Task> &tasks,
                           uint64_t first, uint64_t count) {
  Context &ctx = contexts[c];
  auto *dst = static_cast<uint8_t *>(records.mapped) +
              uint64_t(c) * capacity * RECORD_BYTES;
  // 64-byte records, as a vyre slot: words 0-2 the task, the rest unused
  // (written anyway, so both sides move the same bytes over the bus).
  alignas(64) uint32_t record[RECORD_BYTES / 4] = {};
  for (uint64_t i = 0; i < count; ++i) {
    const Task &t = tasks[first + i];
    record[0] = t.op;
    record[1] = t.a0;
    record[2] = t.a1;
    std::memcpy(dst + i * RECORD_BYTES, record, RECORD_BYTES);
  }
  auto *p = static_cast<Params *>(params.mapped) + c;
  p->groups[0] = uint32_t((count + LANES - 1) / LANES);
  p->groups[1] = p->groups[2] = 1;
  p->count = uint32_t(count);
  std::atomic_thread_fence(std::memory_order_seq_cst); // drain write-combining
  check(vkResetFences(device, 1, &ctx.fence), "vkResetFences");
  VkSubmitInfo si{VK_STRUCTURE_TYPE_SUBMIT_INFO};
  si.commandBufferCount = 1;
  si.pCommandBuffers = &ctx.commands;
  check(vkQueueSubmit(queue, 1, &si, ctx.fence), "vkQueueSubmit");
  ctx.first = first;
  ctx.count = count;
  ctx.busy = true;
}

bool VkBatchDevice::finished(uint32_t c) {
  VkResult r = vkGetFenceStatus(device, contexts[c].fence);
  if (r == VK_NOT_READY)
    return false;
  check(r, "vkGetFenceStatus");
  contexts[c].busy = false;
  return true;
}

std::vector<uint32_t> VkBatchDevice::counters() const {
  const auto *w = static_cast<const uint32_t *>(counterWords.mapped);
  return std::vector<uint32_t>(w, w + COUNTERS);
}

VkBatchDevice::~VkBatchDevice() {
  if (!device) {
    if (instance)
      vkDestroyInstance(instance, nullptr);
    return;
  }
  vkDeviceWaitIdle(device);
  for (Context &c : contexts)
    vkDestroyFence(device, c.fence, nullptr);
  vkDestroyCommandPool(device, commandPool, nullptr);
  vkDestroyDescriptorPool(device, pool, nullptr);
  vkDestroyPipeline(device, pipeline, nullptr);
  vkDestroyPipelineLayout(device, layout, nullptr);
  vkDestroyDescriptorSetLayout(device, setLayout, nullptr);
  vkDestroyShaderModule(device, shader, nullptr);
  for (Buffer *b : {&records, &counterWords, &params}) {
    if (b->memory) {
      vkUnmapMemory(device, b->memory);
      vkFreeMemory(device, b->memory, nullptr);
    }
    vkDestroyBuffer(device, b->buffer, nullptr);
  }
  vkDestroyDevice(device, nullptr);
  vkDestroyInstance(instance, nullptr);
}
