//===- DeviceFloorsVk.h - vyre-device-floors' Vulkan side --------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// The probe of the once drain: a ring in the BAR, a completion mirror (4-
// and 1-byte words) in cached host memory, control words in the BAR, one
// pipeline per stage and workgroup size, and a timed dispatch that refills
// the ring on the device first.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_BENCH_DEVICEFLOORSVK_H
#define VYRE_BENCH_DEVICEFLOORSVK_H

#include "HostFloorsVk.h"
#include "vyre/ABI/RingABI.h"

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace vyre::bench::floors {

struct DrainPipeline {
  VkShaderModule shader = VK_NULL_HANDLE;
  VkPipeline pipeline = VK_NULL_HANDLE;
  bool byteMirror = false;
  bool claims = false, completes = false; // what it must leave behind
};

struct DrainParams { // drain.comp's push constants
  uint32_t slots, published, claimed, done;
};

inline std::vector<char> readSpirv(const std::string &path) {
  std::ifstream f(path, std::ios::binary);
  std::vector<char> code((std::istreambuf_iterator<char>(f)),
                         std::istreambuf_iterator<char>());
  if (code.empty() || code.size() % 4)
    die("cannot read the probe kernel " + path +
        " (build it with `ninja vyre-device-floors` in build/)");
  return code;
}

class DrainProbe {
public:
  std::string deviceName;
  Mapped ring, mirror, mirrorBytes, control;
  bool byteMirrors = false;

  void open(const std::string &name, uint32_t slotCount, const std::string &dir) {
    slots = slotCount;
    VkPhysicalDevice8BitStorageFeatures eight{
        VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_8BIT_STORAGE_FEATURES};
    eight.storageBuffer8BitAccess = VK_TRUE;
    VkPhysicalDeviceShaderFloat16Int8Features int8{
        VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_FLOAT16_INT8_FEATURES};
    int8.shaderInt8 = VK_TRUE;
    eight.pNext = &int8;
    // With 8-bit storage if the device has it (a 1.2 device), else without.
    byteMirrors = openComputeDevice(name, "vyre-device-floors", vk, &eight,
                                    VK_API_VERSION_1_2).empty();
    if (!byteMirrors) {
      close();
      vk = VkOpened{};
      if (std::string e = openComputeDevice(name, "vyre-device-floors", vk); !e.empty())
        die(e);
    }
    deviceName = name;
    VkPhysicalDeviceProperties props;
    vkGetPhysicalDeviceProperties(vk.physical, &props);
    nsPerTick = props.limits.timestampPeriod;
    ring = allocate(vk, uint64_t(slots) * VYRE_SLOT_BYTES,
                    VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT, false);
    control = allocate(vk, 4096, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT, false);
    mirror = allocate(vk, uint64_t(slots) * 4, VK_MEMORY_PROPERTY_HOST_CACHED_BIT, true);
    mirrorBytes = allocate(vk, slots, VK_MEMORY_PROPERTY_HOST_CACHED_BIT, true);
    code = readSpirv(dir + "/device-floors.spv");
    if (byteMirrors)
      codeBytes = readSpirv(dir + "/device-floors-byte.spv");
    createLayout();
    createTimedCommands();
  }

  /// The stage `mode` of drain.comp, its workgroups `size` lanes wide.
  DrainPipeline pipeline(uint32_t mode, bool byteMirror, uint32_t size,
                         bool claims, bool completes) {
    DrainPipeline p;
    p.byteMirror = byteMirror;
    p.claims = claims;
    p.completes = completes;
    const std::vector<char> &spv = byteMirror ? codeBytes : code;
    VkShaderModuleCreateInfo smi{VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO};
    smi.codeSize = spv.size();
    smi.pCode = reinterpret_cast<const uint32_t *>(spv.data());
    check(vkCreateShaderModule(vk.device, &smi, nullptr, &p.shader), "vkCreateShaderModule");
    const uint32_t constants[3] = {size, mode, 8};
    VkSpecializationMapEntry entries[3] = {
        {0, 0, 4}, {1, 4, 4}, {2, 8, 4}};
    VkSpecializationInfo spec{3, entries, sizeof(constants), constants};
    VkComputePipelineCreateInfo cpi{VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO};
    cpi.stage.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO;
    cpi.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
    cpi.stage.module = p.shader;
    cpi.stage.pName = "main";
    cpi.stage.pSpecializationInfo = &spec;
    cpi.layout = layout;
    check(vkCreateComputePipelines(vk.device, VK_NULL_HANDLE, 1, &cpi, nullptr,
                                   &p.pipeline),
          "vkCreateComputePipelines (workgroup size past the device's limit?)");
    return p;
  }

  /// Device microseconds of one drain of the refilled ring.
  double time(const DrainPipeline &p, uint32_t workgroups) {
    check(vkResetCommandBuffer(cmd, 0), "vkResetCommandBuffer");
    VkCommandBufferBeginInfo bi{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    check(vkBeginCommandBuffer(cmd, &bi), "vkBeginCommandBuffer");
    vkCmdResetQueryPool(cmd, queries, 0, 2);
    // Every word PUBLISHED: status, and opcode 1 of tenant 1, whose mask
    // (all ones, with the counters) allows it.
    vkCmdFillBuffer(cmd, ring.buffer, 0, VK_WHOLE_SIZE, VYRE_STATUS_PUBLISHED);
    vkCmdFillBuffer(cmd, control.buffer, 0, VK_WHOLE_SIZE, ~0u);
    vkCmdFillBuffer(cmd, p.byteMirror ? mirrorBytes.buffer : mirror.buffer, 0,
                    VK_WHOLE_SIZE, 0);
    barrier(VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
            VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
            VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT);
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, p.pipeline);
    vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, layout, 0, 1,
                            p.byteMirror ? &setBytes : &set, 0, nullptr);
    DrainParams params{slots, VYRE_STATUS_PUBLISHED, VYRE_STATUS_CLAIMED,
                       VYRE_STATUS_DONE};
    vkCmdPushConstants(cmd, layout, VK_SHADER_STAGE_COMPUTE_BIT, 0,
                       sizeof(params), &params);
    vkCmdWriteTimestamp(cmd, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, queries, 0);
    vkCmdDispatch(cmd, workgroups, 1, 1);
    vkCmdWriteTimestamp(cmd, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, queries, 1);
    barrier(VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_WRITE_BIT,
            VK_PIPELINE_STAGE_HOST_BIT, VK_ACCESS_HOST_READ_BIT);
    check(vkEndCommandBuffer(cmd), "vkEndCommandBuffer");
    submitAndWait(vk, cmd, fence);
    verify(p);
    uint64_t ticks[2];
    check(vkGetQueryPoolResults(vk.device, queries, 0, 2, sizeof(ticks), ticks,
                                sizeof(uint64_t),
                                VK_QUERY_RESULT_64_BIT | VK_QUERY_RESULT_WAIT_BIT),
          "vkGetQueryPoolResults");
    return double(ticks[1] - ticks[0]) * nsPerTick / 1000.0;
  }

  void destroy(DrainPipeline &p) {
    vkDestroyPipeline(vk.device, p.pipeline, nullptr);
    vkDestroyShaderModule(vk.device, p.shader, nullptr);
    p = DrainPipeline{};
  }

  void close() {
    if (!vk.device) {
      if (vk.instance)
        vkDestroyInstance(vk.instance, nullptr);
      return;
    }
    vkDeviceWaitIdle(vk.device);
    if (pool) {
      vkDestroyFence(vk.device, fence, nullptr);
      vkDestroyQueryPool(vk.device, queries, nullptr);
      vkDestroyCommandPool(vk.device, pool, nullptr);
      vkDestroyDescriptorPool(vk.device, descriptors, nullptr);
      vkDestroyPipelineLayout(vk.device, layout, nullptr);
      vkDestroyDescriptorSetLayout(vk.device, setLayout, nullptr);
    }
    for (Mapped *m : {&ring, &mirror, &mirrorBytes, &control})
      if (m->buffer) {
        vkUnmapMemory(vk.device, m->memory);
        vkDestroyBuffer(vk.device, m->buffer, nullptr);
        vkFreeMemory(vk.device, m->memory, nullptr);
      }
    vkDestroyDevice(vk.device, nullptr);
    vkDestroyInstance(vk.instance, nullptr);
    vk = VkOpened{};
  }

private:
  VkOpened vk;
  uint32_t slots = 0;
  float nsPerTick = 1;
  std::vector<char> code, codeBytes;
  VkDescriptorSetLayout setLayout = VK_NULL_HANDLE;
  VkPipelineLayout layout = VK_NULL_HANDLE;
  VkDescriptorPool descriptors = VK_NULL_HANDLE;
  VkDescriptorSet set = VK_NULL_HANDLE, setBytes = VK_NULL_HANDLE;
  VkCommandPool pool = VK_NULL_HANDLE;
  VkCommandBuffer cmd = VK_NULL_HANDLE;
  VkFence fence = VK_NULL_HANDLE;
  VkQueryPool queries = VK_NULL_HANDLE;

  void createLayout() {
    VkDescriptorSetLayoutBinding bindings[3];
    for (uint32_t i = 0; i < 3; ++i)
      bindings[i] = {i, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1,
                     VK_SHADER_STAGE_COMPUTE_BIT, nullptr};
    VkDescriptorSetLayoutCreateInfo dsl{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO};
    dsl.bindingCount = 3;
    dsl.pBindings = bindings;
    check(vkCreateDescriptorSetLayout(vk.device, &dsl, nullptr, &setLayout),
          "vkCreateDescriptorSetLayout");
    VkPushConstantRange push{VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof(DrainParams)};
    VkPipelineLayoutCreateInfo pli{VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
    pli.setLayoutCount = 1;
    pli.pSetLayouts = &setLayout;
    pli.pushConstantRangeCount = 1;
    pli.pPushConstantRanges = &push;
    check(vkCreatePipelineLayout(vk.device, &pli, nullptr, &layout),
          "vkCreatePipelineLayout");
    VkDescriptorPoolSize size{VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 6};
    VkDescriptorPoolCreateInfo dpi{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
    dpi.maxSets = 2;
    dpi.poolSizeCount = 1;
    dpi.pPoolSizes = &size;
    check(vkCreateDescriptorPool(vk.device, &dpi, nullptr, &descriptors),
          "vkCreateDescriptorPool");
    set = describe(mirror.buffer);
    setBytes = describe(mirrorBytes.buffer);
  }

  VkDescriptorSet describe(VkBuffer mirrorBuffer) {
    VkDescriptorSet s;
    VkDescriptorSetAllocateInfo dsa{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
    dsa.descriptorPool = descriptors;
    dsa.descriptorSetCount = 1;
    dsa.pSetLayouts = &setLayout;
    check(vkAllocateDescriptorSets(vk.device, &dsa, &s), "vkAllocateDescriptorSets");
    VkDescriptorBufferInfo infos[3] = {{ring.buffer, 0, VK_WHOLE_SIZE},
                                       {mirrorBuffer, 0, VK_WHOLE_SIZE},
                                       {control.buffer, 0, VK_WHOLE_SIZE}};
    VkWriteDescriptorSet writes[3];
    for (uint32_t i = 0; i < 3; ++i) {
      writes[i] = {VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
      writes[i].dstSet = s;
      writes[i].dstBinding = i;
      writes[i].descriptorCount = 1;
      writes[i].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
      writes[i].pBufferInfo = &infos[i];
    }
    vkUpdateDescriptorSets(vk.device, 3, writes, 0, nullptr);
    return s;
  }

  void createTimedCommands() {
    createCommands(vk, true, pool, cmd, fence);
    VkQueryPoolCreateInfo qpi{VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO};
    qpi.queryType = VK_QUERY_TYPE_TIMESTAMP;
    qpi.queryCount = 2;
    check(vkCreateQueryPool(vk.device, &qpi, nullptr, &queries), "vkCreateQueryPool");
  }

  void barrier(VkPipelineStageFlags from, VkAccessFlags fromAccess,
               VkPipelineStageFlags to, VkAccessFlags toAccess) {
    VkMemoryBarrier mb{VK_STRUCTURE_TYPE_MEMORY_BARRIER};
    mb.srcAccessMask = fromAccess;
    mb.dstAccessMask = toAccess;
    vkCmdPipelineBarrier(cmd, from, to, 0, 1, &mb, 0, nullptr, 0, nullptr);
  }

  /// A stage that skipped slots would time less than a drain: every slot
  /// (a sample of them, the BAR's reads being slow) must hold CLAIMED where
  /// the stage claims, and DONE in its mirror where it completes.
  void verify(const DrainPipeline &p) {
    for (uint32_t s = 0; s < slots; s += 4093) {
      uint32_t word = p.byteMirror ? static_cast<uint8_t *>(mirrorBytes.host)[s]
                                   : static_cast<uint32_t *>(mirror.host)[s];
      uint32_t status = static_cast<uint32_t *>(ring.host)[uint64_t(s) * VYRE_SLOT_WORDS];
      if (p.completes && word != VYRE_STATUS_DONE)
        die("slot " + std::to_string(s) + "'s mirror holds " +
            std::to_string(word) + ", not DONE: the probe kernel is wrong");
      if (p.claims && status != VYRE_STATUS_CLAIMED)
        die("slot " + std::to_string(s) + " holds status " +
            std::to_string(status) + ", not CLAIMED: the probe kernel is wrong");
    }
  }
};

} // namespace vyre::bench::floors

#endif // VYRE_BENCH_DEVICEFLOORSVK_H
