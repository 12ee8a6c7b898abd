//===- Kernel.cpp - load, launch, publish, wait, shut down -------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Host side of the ring protocol (docs/abi.md): the host writes slot words
// 1-15, then stores PUBLISHED with release semantics; it reads statuses and
// counters with acquire loads. Every buffer is host-mapped and coherent, so
// no flushes are needed; where each lives is chosen per device (Device.cpp,
// chooseMemoryType).
//
//===----------------------------------------------------------------------===//

#include "HostMemory.h"
#include "Kernel.h"
#include "Error.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

using namespace vyre;
using Clock = std::chrono::steady_clock;

namespace {

bool readFile(const char *path, std::string &out) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return false;
  std::stringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

vyre_status allocate(vyre_runtime *rt, MappedBuffer &b, uint64_t count,
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

void release(vyre_runtime *rt, MappedBuffer &b) {
  if (b.memory) {
    vkUnmapMemory(rt->device, b.memory);
    vkFreeMemory(rt->device, b.memory, nullptr);
  }
  if (b.buffer)
    vkDestroyBuffer(rt->device, b.buffer, nullptr);
  b = MappedBuffer();
}

/// Persistent kernels never return, so only the workgroups the device runs
/// at once may be dispatched: lavapipe runs about one per CPU thread and
/// would never start the rest. One core is left to the host.
uint32_t defaultDispatch(const vyre_runtime *rt, const Manifest &m) {
  if (const char *env = std::getenv("VYRE_WORKGROUPS"))
    if (unsigned long n = std::strtoul(env, nullptr, 10))
      return uint32_t(n);
  if (!m.persistent() ||
      rt->properties.deviceType != VK_PHYSICAL_DEVICE_TYPE_CPU)
    return m.workgroups;
  unsigned threads = std::thread::hardware_concurrency();
  if (const char *lp = std::getenv("LP_NUM_THREADS"))
    threads = unsigned(std::strtoul(lp, nullptr, 10));
  unsigned concurrent = threads > 1 ? threads - 1 : 1;
  return std::min<uint32_t>(m.workgroups, concurrent);
}

/// llvmpipe (gallivm) gives each SIMD chunk of a shader invocation one
/// counter of 65535 loop back-edges shared by all its loops; once spent,
/// every loop leaves at its next back-edge, even between a slot's claim and
/// its completion. A chunk runs a loop while any of its lanes does, so its
/// spend is at most the sum of its lanes' counts: at most 16 lanes (AVX-512)
/// times the largest lane count. Halving leaves a pass's worth of margin.
constexpr uint32_t kCpuLoopBound = 65535;
constexpr uint32_t kMaxCpuSimdLanes = 16;

/// For once kernels too: a drain of a full ring can exceed the device bound;
/// with the budget the dispatch returns early and is launched again.
uint32_t defaultLoopBudget(const vyre_runtime *rt) {
  if (const char *env = std::getenv("VYRE_LOOP_BUDGET"))
    return uint32_t(std::strtoul(env, nullptr, 10));
  if (rt->properties.deviceType != VK_PHYSICAL_DEVICE_TYPE_CPU)
    return 0;
  return kCpuLoopBound / kMaxCpuSimdLanes / 2;
}

/// Idle passes poll the doorbell instead of the ring (VYRE_CTRL_DOORBELL_ON);
/// VYRE_DOORBELL=0 turns it off to measure the difference.
bool doorbellOn() {
  const char *env = std::getenv("VYRE_DOORBELL");
  return !env || std::string(env) != "0";
}

} // namespace

vyre_status vyre_kernel::submit() {
  VkDevice dev = runtime->device;
  vkResetFences(dev, 1, &fence);
  VkSubmitInfo info{VK_STRUCTURE_TYPE_SUBMIT_INFO};
  info.commandBufferCount = 1;
  info.pCommandBuffers = &commands;
  VkResult r = vkQueueSubmit(runtime->queue, 1, &info, fence);
  if (r != VK_SUCCESS) {
    if (r == VK_ERROR_DEVICE_LOST)
      state = State::Lost;
    return failVk(r, "vkQueueSubmit");
  }
  state = State::Running;
  return VYRE_OK;
}

UserBuffer *vyre_kernel::findUser(const char *name) {
  for (UserBuffer &u : users)
    if (name && u.info.name == name)
      return &u;
  return nullptr;
}

uint64_t vyre_kernel::finished() const {
  return uint64_t(loadAcquire(&control.words[VYRE_CTRL_DONE_COUNT])) +
         loadAcquire(&control.words[VYRE_CTRL_FAULT_COUNT]) + hostFaults;
}

bool vyre_kernel::overQuota(uint32_t tenant) {
  if (tenant >= VYRE_MAX_TENANTS || !tenantQuota[tenant] ||
      tenantInFlight[tenant] < tenantQuota[tenant])
    return false;
  collectFinished(); // only at the quota: reads the busy slots' mirrors
  return tenantInFlight[tenant] >= tenantQuota[tenant];
}

void vyre_kernel::collectFinished() {
  for (uint32_t s = 0; s < manifest.slots; ++s)
    collectSlot(s); // returns at once for a slot the host owns
}

uint32_t vyre_kernel::collectInto(vyre_completion *out, uint32_t capacity) {
  uint32_t n = 0;
  // From where the last call stopped: a reap that fills its array leaves
  // the rest of the ring unread, and the next one goes on from there
  // instead of reading the same freed slots again.
  const uint32_t slots = manifest.slots;
  for (uint32_t i = 0; i < slots && n < capacity && inFlight; ++i) {
    uint32_t s = reapCursor;
    reapCursor = reapCursor + 1 == slots ? 0 : reapCursor + 1;
    if (collectSlot(s, &out[n]))
      ++n;
  }
  return n;
}

bool vyre_kernel::collectSlot(uint32_t s, vyre_completion *into) {
  if (!slotBusy[s])
    return false;
  // The completion mirror, not the ring: it is in cached host memory, and
  // the lane stores it only after the ring's final status (and a fence).
  uint32_t status = loadAcquire(&completions.words[s]);
  if (status == VYRE_STATUS_REQUEUE) {
    // A fused variant had no arm for it: it stays busy, its words intact,
    // until the generic kernel runs it (serviceRequeue).
    storeRelease(&completions.words[s], 0);
    if (requeued.empty())
      firstRequeue = Clock::now();
    requeued.push_back(s);
    ++requeuedTotal;
    return false;
  }
  if (status != VYRE_STATUS_DONE && status != VYRE_STATUS_FAULT)
    return false;
  uint32_t *slot = ring.words + uint64_t(s) * VYRE_SLOT_WORDS;
  vyre_completion c{};
  c.ticket = slotTicket[s];
  c.slot = s;
  c.opcode = slotOpcode[s];
  c.tenant = slotTenant[s];
  c.status = status;
  c.fault_code =
      status == VYRE_STATUS_FAULT ? slot[VYRE_SLOT_WORD_FAULT_CODE] : 0;
  if (into)
    *into = c;
  else
    pending.push_back(c);
  if (c.tenant < VYRE_MAX_TENANTS)
    --tenantInFlight[c.tenant];
  storeRelease(&completions.words[s], 0);
  // The ring keeps DONE/FAULT until the slot is published again: no lane
  // claims either, and on a GPU the store would be a bus write per slot.
  slotBusy[s] = 0;
  --inFlight;
  if (slotHandedOver[s]) {
    slotHandedOver[s] = 0;
    if (--handedOver == 0)
      handedOverSlots.clear(); // else it would grow over manual swaps
  }
  return true;
}

/// The placement of a buffer, or the override in environment variable
/// `env` ("device": prefer device-local BAR memory, "host": prefer cached
/// system memory), used to measure the options on a device.
static vyre_status placementFor(const char *env, Placement fallback, Placement &out) {
  out = fallback;
  const char *value = std::getenv(env);
  if (!value || !*value)
    return VYRE_OK;
  if (std::string(value) == "device")
    out = Placement::DevicePolled;
  else if (std::string(value) == "host")
    out = Placement::HostPolled;
  else
    return fail(VYRE_ERROR_INVALID_ARGUMENT,
                std::string(env) + "='" + value +
                    "' is not a placement; use 'device' (device-local, "
                    "host-visible memory) or 'host' (system memory)");
  return VYRE_OK;
}

vyre_status vyre_kernel::createResources() {
  VkDevice dev = runtime->device;
  vyre_status s;
  // Ring and control words in device memory where the device has
  // host-visible device memory: lanes poll and update them at device-cache
  // speed, and on an H100 a persistent kernel with its control words in
  // system memory never made its counters visible to the host nor saw
  // SHUTDOWN (docs/runtime.md, "Memory placement"). The host reads them
  // over the bus, but only the words it needs: counters and busy slots;
  // completions come through the mirror in cached system memory.
  Placement ringPlacement, controlPlacement;
  if ((s = placementFor("VYRE_RING_MEMORY", Placement::DevicePolled,
                        ringPlacement)) != VYRE_OK ||
      (s = placementFor("VYRE_CONTROL_MEMORY", Placement::DevicePolled,
                        controlPlacement)) != VYRE_OK)
    return s;
  if ((s = allocate(runtime, ring, uint64_t(manifest.slots) * VYRE_SLOT_WORDS,
                    ringPlacement, "ring")) != VYRE_OK ||
      (s = allocate(runtime, control, manifest.controlWords,
                    controlPlacement, "control")) != VYRE_OK ||
      (s = allocate(runtime, debug,
                    VYRE_DEBUG_HEADER_WORDS +
                        uint64_t(manifest.debugRecords) * VYRE_DEBUG_RECORD_WORDS,
                    Placement::DevicePolled, "debug")) != VYRE_OK ||
      (s = allocate(runtime, completions, manifest.slots, Placement::HostPolled,
                    "completions")) != VYRE_OK)
    return s;
  for (UserBuffer &u : users)
    if (u.length && (s = allocate(runtime, u.mapped, u.length,
                                  Placement::HostPolled, u.info.name)) != VYRE_OK)
      return s;

  // Control words the host owns before launch.
  uint32_t arms = manifest.arms.size();
  for (size_t i = 0; i < manifest.tenants.size(); ++i)
    control.words[vyre_tenant_mask_word(
        manifest.observables, arms, i / manifest.tenantMaskWords,
        i % manifest.tenantMaskWords)] = manifest.tenants[i];
  for (const UserBuffer &u : users)
    control.words[VYRE_CTRL_BUFFER_LENGTHS + u.info.binding -
                  VYRE_BINDING_USER_BASE] = u.length;
  debug.words[VYRE_DEBUG_WORD_CAPACITY] = manifest.debugRecords;

  VkResult r;
  std::vector<VkDescriptorSetLayoutBinding> bindings;
  for (const BindingInfo &b : manifest.bindings) {
    VkDescriptorSetLayoutBinding lb{};
    lb.binding = b.binding;
    lb.descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
    lb.descriptorCount = 1;
    lb.stageFlags = VK_SHADER_STAGE_COMPUTE_BIT;
    bindings.push_back(lb);
  }
  VkDescriptorSetLayoutCreateInfo layoutInfo{
      VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO};
  layoutInfo.bindingCount = uint32_t(bindings.size());
  layoutInfo.pBindings = bindings.data();
  if ((r = vkCreateDescriptorSetLayout(dev, &layoutInfo, nullptr, &setLayout)))
    return failVk(r, "vkCreateDescriptorSetLayout");
  VkPipelineLayoutCreateInfo plInfo{VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
  plInfo.setLayoutCount = 1;
  plInfo.pSetLayouts = &setLayout;
  if ((r = vkCreatePipelineLayout(dev, &plInfo, nullptr, &pipelineLayout)))
    return failVk(r, "vkCreatePipelineLayout");
  if ((s = createPipeline(spirv, manifest.entryPoint, shader, pipeline)))
    return s;
  for (Variant &v : variants)
    if ((s = createPipeline(v.spirv, v.manifest.entryPoint, v.shader,
                            v.pipeline)))
      return s;

  VkDescriptorPoolSize poolSize{VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
                                uint32_t(bindings.size())};
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
  cpInfo.queueFamilyIndex = runtime->queueFamily;
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

void vyre_kernel::destroyResources() {
  VkDevice dev = runtime->device;
  if (!dev)
    return;
  vkDeviceWaitIdle(dev);
  if (fence) vkDestroyFence(dev, fence, nullptr);
  destroyTimestamps();
  if (commandPool) vkDestroyCommandPool(dev, commandPool, nullptr);
  if (pool) vkDestroyDescriptorPool(dev, pool, nullptr);
  if (pipeline) vkDestroyPipeline(dev, pipeline, nullptr);
  for (Variant &v : variants) {
    if (v.pipeline) vkDestroyPipeline(dev, v.pipeline, nullptr);
    if (v.shader) vkDestroyShaderModule(dev, v.shader, nullptr);
    v.pipeline = VK_NULL_HANDLE;
    v.shader = VK_NULL_HANDLE;
  }
  if (pipelineLayout) vkDestroyPipelineLayout(dev, pipelineLayout, nullptr);
  if (setLayout) vkDestroyDescriptorSetLayout(dev, setLayout, nullptr);
  if (shader) vkDestroyShaderModule(dev, shader, nullptr);
  fence = VK_NULL_HANDLE;
  commandPool = VK_NULL_HANDLE;
  commands = VK_NULL_HANDLE;
  pool = VK_NULL_HANDLE;
  set = VK_NULL_HANDLE;
  pipeline = VK_NULL_HANDLE;
  pipelineLayout = VK_NULL_HANDLE;
  setLayout = VK_NULL_HANDLE;
  shader = VK_NULL_HANDLE;
  release(runtime, ring);
  release(runtime, control);
  release(runtime, debug);
  release(runtime, completions);
  for (UserBuffer &u : users)
    release(runtime, u.mapped);
}

//===----------------------------------------------------------------------===//
// C API
//===----------------------------------------------------------------------===//

#define REQUIRE(cond, status, message)                                         \
  do {                                                                         \
    if (!(cond))                                                               \
      return fail(status, message);                                            \
  } while (0)

vyre_slot vyre::toSlot(const WorkItem &item) {
  vyre_slot slot{};
  slot.opcode = item.opcode;
  slot.tenant = item.tenant;
  slot.priority = item.priority;
  for (size_t a = 0; a < item.args.size() && a < VYRE_SLOT_ARG_COUNT; ++a)
    slot.args[a] = item.args[a];
  return slot;
}

vyre_status vyre::readKernelFiles(const char *spvPath,
                                  const char *manifestPath, Manifest &manifest,
                                  std::vector<uint32_t> &spirv) {
  std::string binary, json, error;
  if (!readFile(spvPath, binary))
    return fail(VYRE_ERROR_BAD_MODULE,
                std::string("cannot read SPIR-V file ") + spvPath);
  if (binary.size() < 20 || binary.size() % 4 != 0)
    return fail(VYRE_ERROR_BAD_MODULE,
                std::string(spvPath) + " is not a SPIR-V binary (size " +
                    std::to_string(binary.size()) + " bytes)");
  uint32_t magic;
  std::memcpy(&magic, binary.data(), 4);
  if (magic != 0x07230203u)
    return fail(VYRE_ERROR_BAD_MODULE,
                std::string(spvPath) +
                    " is not a SPIR-V binary (bad magic); produce it with "
                    "vyre-translate --vyre-to-spirv");
  if (!readFile(manifestPath, json))
    return fail(VYRE_ERROR_BAD_MODULE,
                std::string("cannot read manifest ") + manifestPath);
  if (!parseManifest(json, manifest, error))
    return fail(VYRE_ERROR_BAD_MODULE, std::string(manifestPath) + ": " + error);
  spirv.resize(binary.size() / 4);
  std::memcpy(spirv.data(), binary.data(), binary.size());
  return VYRE_OK;
}

extern "C" vyre_status vyre_kernel_load(vyre_runtime *rt, const char *spvPath,
                                        const char *manifestPath,
                                        vyre_kernel **out) {
  REQUIRE(rt && spvPath && manifestPath && out, VYRE_ERROR_INVALID_ARGUMENT,
          "vyre_kernel_load: runtime, paths and out must be non-NULL");
  *out = nullptr;
  auto k = new vyre_kernel();
  k->runtime = rt;
  if (vyre_status s =
          readKernelFiles(spvPath, manifestPath, k->manifest, k->spirv)) {
    delete k;
    return s;
  }
  if (!k->manifest.fusedArms.empty()) {
    delete k;
    return fail(VYRE_ERROR_BAD_MODULE,
                std::string(manifestPath) +
                    " is a JIT-fused kernel (fused_arms): it requeues the "
                    "opcodes it has no arm for, so it runs only beside its "
                    "generic interpreter; load that one and add this with "
                    "vyre_kernel_add_variant");
  }
  for (const BindingInfo &b : k->manifest.bindings)
    if (b.kind == "user") {
      UserBuffer u;
      u.info = b;
      u.length = b.elements > 0 ? uint32_t(b.elements) : 0;
      k->users.push_back(u);
    }
  k->slotTicket.assign(k->manifest.slots, 0);
  k->slotOpcode.assign(k->manifest.slots, 0);
  k->slotTenant.assign(k->manifest.slots, 0);
  k->slotBusy.assign(k->manifest.slots, 0);
  k->slotHandedOver.assign(k->manifest.slots, 0);
  k->dispatchWorkgroups = defaultDispatch(rt, k->manifest);
  vyre_status s = k->createResources();
  if (s != VYRE_OK) {
    std::string message = vyre_last_error();
    k->destroyResources();
    delete k;
    return fail(s, message);
  }
  *out = k;
  return ok();
}

extern "C" void vyre_kernel_destroy(vyre_kernel *k) {
  if (!k)
    return;
  if (k->manifest.persistent())
    k->stopDispatch(5000); // best effort: the resources go either way
  k->destroyResources();
  delete k;
}

extern "C" vyre_status vyre_kernel_get_info(const vyre_kernel *k,
                                            vyre_kernel_info *out) {
  REQUIRE(k && out, VYRE_ERROR_INVALID_ARGUMENT, "kernel or out is NULL");
  const Manifest &m = k->manifest;
  out->name = m.kernel.c_str();
  out->persistent = m.persistent();
  out->slots = m.slots;
  out->workgroups = m.workgroups;
  out->workgroup_size = m.workgroupSize;
  out->observables = m.observables;
  out->control_words = m.controlWords;
  out->debug_records = m.debugRecords;
  out->arms = uint32_t(m.arms.size());
  out->user_buffers = uint32_t(k->users.size());
  out->tenant_mask_words = m.tenantMaskWords;
  out->sharded = m.sharded();
  out->starvation_bound = m.starvationBound;
  auto offsets = m.priorityOffsetWords();
  std::copy(offsets.begin(), offsets.end(), out->priority_offsets);
  return ok();
}

extern "C" vyre_status vyre_kernel_opcode(const vyre_kernel *k,
                                          const char *name, uint32_t *opcode) {
  REQUIRE(k && name && opcode, VYRE_ERROR_INVALID_ARGUMENT,
          "kernel, name or opcode is NULL");
  std::string wanted = name;
  for (const ArmInfo &arm : k->manifest.arms)
    if ((arm.handler == wanted || arm.handler == "__vyre_" + wanted) &&
        !arm.opcodes.empty()) {
      *opcode = arm.opcodes.front();
      return ok();
    }
  std::string known;
  for (const ArmInfo &arm : k->manifest.arms)
    known += (known.empty() ? "" : ", ") + arm.handler;
  return fail(VYRE_ERROR_INVALID_ARGUMENT,
              "kernel " + k->manifest.kernel + " has no handler named \"" +
                  wanted + "\"; it has: " + known);
}

extern "C" const char *vyre_kernel_handler_name(const vyre_kernel *k,
                                                uint32_t opcode) {
  if (!k)
    return nullptr;
  const ArmInfo *arm = k->manifest.armFor(opcode);
  return arm ? arm->handler.c_str() : nullptr;
}

extern "C" vyre_status vyre_kernel_buffer_info(const vyre_kernel *k,
                                               uint32_t index,
                                               const char **name,
                                               uint32_t *elements,
                                               const char **elementType) {
  REQUIRE(k && index < k->users.size(), VYRE_ERROR_INVALID_ARGUMENT,
          "no user buffer with index " + std::to_string(index));
  const UserBuffer &u = k->users[index];
  if (name)
    *name = u.info.name.c_str();
  if (elements)
    *elements = u.length;
  if (elementType)
    *elementType = u.info.element.c_str();
  return ok();
}

extern "C" vyre_status vyre_kernel_batch(const vyre_kernel *k, const char *name,
                                         vyre_slot *out, uint32_t capacity,
                                         uint32_t *count) {
  REQUIRE(k && name && count && (out || !capacity),
          VYRE_ERROR_INVALID_ARGUMENT, "kernel, name, out or count is NULL");
  auto it = k->manifest.batches.find(name);
  REQUIRE(it != k->manifest.batches.end(), VYRE_ERROR_INVALID_ARGUMENT,
          std::string("kernel ") + k->manifest.kernel +
              " has no vyre.batch named \"" + name + "\"");
  *count = uint32_t(it->second.size());
  for (uint32_t i = 0; i < capacity && i < it->second.size(); ++i)
    out[i] = toSlot(it->second[i]);
  return ok();
}

extern "C" vyre_status vyre_kernel_set_buffer_length(vyre_kernel *k,
                                                     const char *name,
                                                     uint32_t elements) {
  REQUIRE(k, VYRE_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  UserBuffer *u = k->findUser(name);
  REQUIRE(u, VYRE_ERROR_INVALID_ARGUMENT,
          std::string("no user buffer named \"") + (name ? name : "") + "\"");
  REQUIRE(u->info.elements < 0, VYRE_ERROR_INVALID_ARGUMENT,
          "buffer \"" + u->info.name + "\" has a static size of " +
              std::to_string(u->info.elements) + " elements");
  REQUIRE(k->state != vyre_kernel::State::Running, VYRE_ERROR_STATE,
          "set the buffer length before launch");
  REQUIRE(elements > 0, VYRE_ERROR_INVALID_ARGUMENT,
          "a buffer needs at least one element");
  release(k->runtime, u->mapped);
  u->length = elements;
  vyre_status s = allocate(k->runtime, u->mapped, elements,
                           Placement::HostPolled, u->info.name);
  if (s != VYRE_OK)
    return s;
  k->control.words[VYRE_CTRL_BUFFER_LENGTHS + u->info.binding -
                   VYRE_BINDING_USER_BASE] = elements;
  return ok();
}

static vyre_status userRange(vyre_kernel *k, const char *name, uint32_t first,
                             uint32_t count, UserBuffer *&u) {
  REQUIRE(k, VYRE_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  u = k->findUser(name);
  REQUIRE(u, VYRE_ERROR_INVALID_ARGUMENT,
          std::string("no user buffer named \"") + (name ? name : "") + "\"");
  REQUIRE(u->length, VYRE_ERROR_STATE,
          "buffer \"" + u->info.name +
              "\" has a dynamic size; call vyre_kernel_set_buffer_length");
  REQUIRE(uint64_t(first) + count <= u->length, VYRE_ERROR_INVALID_ARGUMENT,
          "elements " + std::to_string(first) + ".." +
              std::to_string(uint64_t(first) + count) + " are outside \"" +
              u->info.name + "\" (" + std::to_string(u->length) + " elements)");
  return VYRE_OK;
}

extern "C" vyre_status vyre_kernel_write_buffer(vyre_kernel *k,
                                                const char *name,
                                                uint32_t first,
                                                const void *data,
                                                uint32_t count) {
  UserBuffer *u;
  if (vyre_status s = userRange(k, name, first, count, u))
    return s;
  REQUIRE(data || !count, VYRE_ERROR_INVALID_ARGUMENT, "data is NULL");
  std::memcpy(u->mapped.words + first, data, uint64_t(count) * 4);
  __atomic_thread_fence(__ATOMIC_RELEASE);
  return ok();
}

extern "C" vyre_status vyre_kernel_read_buffer(vyre_kernel *k, const char *name,
                                               uint32_t first, void *data,
                                               uint32_t count) {
  UserBuffer *u;
  if (vyre_status s = userRange(k, name, first, count, u))
    return s;
  REQUIRE(data || !count, VYRE_ERROR_INVALID_ARGUMENT, "data is NULL");
  __atomic_thread_fence(__ATOMIC_ACQUIRE);
  std::memcpy(data, u->mapped.words + first, uint64_t(count) * 4);
  return ok();
}

extern "C" vyre_status vyre_kernel_set_tenant_mask(vyre_kernel *k,
                                                   uint32_t tenant,
                                                   uint32_t mask) {
  return vyre_kernel_set_tenant_mask_words(k, tenant, &mask, 1);
}

extern "C" vyre_status
vyre_kernel_set_tenant_mask_words(vyre_kernel *k, uint32_t tenant,
                                  const uint32_t *words, uint32_t count) {
  REQUIRE(k, VYRE_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  REQUIRE(words || count == 0, VYRE_ERROR_INVALID_ARGUMENT, "words is NULL");
  REQUIRE(tenant < VYRE_MAX_TENANTS, VYRE_ERROR_INVALID_ARGUMENT,
          "tenant " + std::to_string(tenant) + " is out of range (0-31)");
  uint32_t arms = k->manifest.arms.size();
  uint32_t maskWords = vyre_tenant_mask_words(arms);
  REQUIRE(count >= 1 && count <= maskWords, VYRE_ERROR_INVALID_ARGUMENT,
          std::to_string(count) + " mask words given; kernel \"" +
              k->manifest.kernel + "\" has " + std::to_string(arms) +
              " dispatch arms, so a tenant mask has 1 to " +
              std::to_string(maskWords) + " words (32 arms each)");
  for (uint32_t w = 0; w < count; ++w)
    storeRelease(&k->control.words[vyre_tenant_mask_word(
                     k->manifest.observables, arms, tenant, w)],
                 words[w]);
  return ok();
}

extern "C" vyre_status vyre_kernel_set_tenant_quota(vyre_kernel *k,
                                                    uint32_t tenant,
                                                    uint32_t maxInFlight) {
  REQUIRE(k, VYRE_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  REQUIRE(tenant < VYRE_MAX_TENANTS, VYRE_ERROR_INVALID_ARGUMENT,
          "tenant " + std::to_string(tenant) + " is out of range (0-31)");
  k->tenantQuota[tenant] = maxInFlight;
  return ok();
}

extern "C" vyre_status vyre_kernel_set_watchdog(vyre_kernel *k, uint32_t ms) {
  REQUIRE(k, VYRE_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  k->watchdogMs = ms;
  return ok();
}

extern "C" vyre_status vyre_kernel_set_dispatch_workgroups(vyre_kernel *k,
                                                           uint32_t n) {
  REQUIRE(k && n, VYRE_ERROR_INVALID_ARGUMENT,
          "dispatch needs a kernel and at least one workgroup");
  REQUIRE(k->state != vyre_kernel::State::Running, VYRE_ERROR_STATE,
          "the kernel is running");
  k->dispatchWorkgroups = n;
  return ok();
}

extern "C" uint32_t vyre_kernel_dispatch_workgroups(const vyre_kernel *k) {
  return k ? k->dispatchWorkgroups : 0;
}

extern "C" vyre_status vyre_kernel_set_loop_budget(vyre_kernel *k,
                                                   uint32_t backEdges) {
  REQUIRE(k, VYRE_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  k->loopBudget = backEdges;
  if (k->state == vyre_kernel::State::Running)
    storeRelease(&k->control.words[VYRE_CTRL_LOOP_BUDGET], backEdges);
  return ok();
}

extern "C" uint32_t vyre_kernel_relaunches(const vyre_kernel *k) {
  return k ? k->relaunches : 0;
}

extern "C" vyre_status vyre_kernel_launch(vyre_kernel *k) {
  REQUIRE(k, VYRE_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  REQUIRE(k->state != vyre_kernel::State::Running, VYRE_ERROR_STATE,
          "the kernel is already running; one dispatch serves the ring");
  REQUIRE(k->state != vyre_kernel::State::Lost, VYRE_ERROR_DEVICE_LOST,
          "the device was lost; call vyre_kernel_rebuild first");
  for (const UserBuffer &u : k->users)
    REQUIRE(u.length, VYRE_ERROR_STATE,
            "buffer \"" + u.info.name +
                "\" has a dynamic size; call vyre_kernel_set_buffer_length "
                "before launch");
  k->prepareDispatch();
  if (vyre_status s = k->startDispatch())
    return s;
  return ok();
}

void vyre_kernel::prepareDispatch() {
  vyre_kernel *k = this;
  VkDevice dev = k->runtime->device;
  std::vector<VkDescriptorBufferInfo> infos;
  std::vector<VkWriteDescriptorSet> writes;
  infos.reserve(k->manifest.bindings.size());
  for (const BindingInfo &b : k->manifest.bindings) {
    const MappedBuffer *mb = b.kind == "ring"      ? &k->ring
                             : b.kind == "control" ? &k->control
                             : b.kind == "debug"   ? &k->debug
                             : b.kind == "completions" ? &k->completions
                                                   : nullptr;
    if (!mb)
      for (UserBuffer &u : k->users)
        if (u.info.binding == b.binding)
          mb = &u.mapped;
    infos.push_back({mb->buffer, 0, VK_WHOLE_SIZE});
    VkWriteDescriptorSet w{VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
    w.dstSet = k->set;
    w.dstBinding = b.binding;
    w.descriptorCount = 1;
    w.descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
    w.pBufferInfo = &infos.back();
    writes.push_back(w);
  }
  vkUpdateDescriptorSets(dev, uint32_t(writes.size()), writes.data(), 0,
                         nullptr);
  k->recordDispatch();

  uint32_t budget = k->loopBudget != UINT32_MAX
                        ? k->loopBudget
                        : defaultLoopBudget(k->runtime);
  storeRelease(&k->control.words[VYRE_CTRL_LOOP_BUDGET], budget);
  bool boundedLoops =
      k->runtime->properties.deviceType == VK_PHYSICAL_DEVICE_TYPE_CPU;
  storeRelease(&k->control.words[VYRE_CTRL_CANARY_TRIPS], boundedLoops ? 2 : 0);
  storeRelease(&k->control.words[VYRE_CTRL_DOORBELL_ON], doorbellOn() ? 1 : 0);
  // The partitions are compile-time constants in the kernel; written here so
  // a debugger or the host's tools can read the geometry from the buffer.
  auto offsets = k->manifest.priorityOffsetWords();
  std::copy(offsets.begin(), offsets.end(),
            k->control.words + VYRE_CTRL_PRIORITY_OFFSETS);
}

void vyre_kernel::recordDispatch() {
  recordDispatchOf(activePipeline(), dispatchWorkgroups);
}

void vyre_kernel::recordDispatchOf(VkPipeline pipelineToRun,
                                   uint32_t workgroups) {
  vkResetCommandBuffer(commands, 0);
  VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
  // Submitted again on every relaunch: not ONE_TIME_SUBMIT.
  vkBeginCommandBuffer(commands, &begin);
  recordTimestamp(0);
  vkCmdBindPipeline(commands, VK_PIPELINE_BIND_POINT_COMPUTE, pipelineToRun);
  vkCmdBindDescriptorSets(commands, VK_PIPELINE_BIND_POINT_COMPUTE,
                          pipelineLayout, 0, 1, &set, 0, nullptr);
  vkCmdDispatch(commands, workgroups, 1, 1);
  recordTimestamp(1);
  vkEndCommandBuffer(commands);
}

void vyre_kernel::stageSlot(uint32_t s, const vyre_slot &slot) {
  // The whole 64-byte line, status EMPTY (the host owns the slot): on BAR
  // memory a full write-combined line leaves the CPU as one bus write,
  // where words 1-15 alone (60 bytes) went as several partial ones.
  alignas(64) uint32_t line[VYRE_SLOT_WORDS];
  line[VYRE_SLOT_WORD_STATUS] = VYRE_STATUS_EMPTY;
  line[VYRE_SLOT_WORD_OPCODE] = slot.opcode;
  line[VYRE_SLOT_WORD_TENANT] = slot.tenant;
  line[VYRE_SLOT_WORD_PRIORITY] = slot.priority;
  std::memcpy(line + VYRE_SLOT_WORD_ARG0, slot.args, sizeof(slot.args));
  std::memcpy(ring.words + uint64_t(s) * VYRE_SLOT_WORDS, line, sizeof(line));
  // The host copy serves only the requeue hand-over; without variants it
  // would be 60 bytes of stores per slot for nothing (docs/benchmarks.md,
  // the 26c915e..0f2cc6e regression).
  if (!slotShadow.empty())
    std::memcpy(shadowOf(s), line + 1, (VYRE_SLOT_WORDS - 1) * 4);
  slotTicket[s] = published++;
  slotOpcode[s] = slot.opcode;
  slotTenant[s] = slot.tenant;
  slotBusy[s] = 1;
  ++inFlight;
  if (slot.tenant < VYRE_MAX_TENANTS)
    ++tenantInFlight[slot.tenant];
  staged.push_back(s);
}

void vyre_kernel::commitStaged() {
  if (staged.empty())
    return;
  flushWriteCombining(); // words 1-15 before any status
  for (uint32_t s : staged)
    storeRelease(ring.words + uint64_t(s) * VYRE_SLOT_WORDS,
                 VYRE_STATUS_PUBLISHED);
  flushWriteCombining(); // the statuses before the doorbell
  storeRelease(&control.words[VYRE_CTRL_DOORBELL], uint32_t(published));
  flushWriteCombining(); // and everything out of the CPU now
  staged.clear();
}

vyre_status vyre_kernel::startDispatch() {
  storeRelease(&control.words[VYRE_CTRL_SHUTDOWN], 0);
  storeRelease(&control.words[VYRE_CTRL_DOORBELL], uint32_t(published));
  flushWriteCombining();
  if (vyre_status s = submit())
    return s;
  serving = manifest.persistent();
  return VYRE_OK;
}

vyre_status vyre_kernel::stopDispatch(uint32_t timeoutMs) {
  serving = false; // no relaunch while it stops
  if (state != State::Running)
    return VYRE_OK;
  storeRelease(&control.words[VYRE_CTRL_SHUTDOWN], 1);
  flushWriteCombining();
  VkResult r = awaitDispatch(timeoutMs);
  if (r == VK_ERROR_DEVICE_LOST)
    return failVk(r, "stopping the dispatch");
  if (r == VK_TIMEOUT)
    return fail(VYRE_ERROR_HUNG,
                "SHUTDOWN was set but the dispatch did not return within " +
                    std::to_string(timeoutMs) + " ms");
  if (r != VK_SUCCESS)
    return failVk(r, "vkWaitForFences");
  return VYRE_OK;
}

VkResult vyre_kernel::awaitDispatch(uint32_t timeoutMs) {
  VkResult r = vkWaitForFences(runtime->device, 1, &fence, VK_TRUE,
                               uint64_t(timeoutMs) * 1000000ull);
  if (r == VK_SUCCESS)
    state = State::Finished;
  else if (r == VK_ERROR_DEVICE_LOST)
    state = State::Lost;
  return r;
}

void vyre_kernel::republishRequeued() {
  // No dispatch runs: the host owns every slot, and words 1-15 are as the
  // host wrote them (a fused kernel changes only the status). Within each
  // priority partition the requeued slots' contents are permuted so that
  // ring order follows opcode order: neighbouring slots go to neighbouring
  // lanes, so a SIMD group of the generic kernel meets mostly one opcode
  // instead of the scattered mix that made the interpreter diverge.
  std::sort(requeued.begin(), requeued.end());
  struct Moved {
    std::array<uint32_t, VYRE_SLOT_WORDS - 1> words;
    uint64_t ticket;
    uint32_t opcode, tenant;
  };
  for (size_t begin = 0; begin < requeued.size();) {
    size_t end = begin;
    uint32_t part = partitionOf(requeued[begin]);
    while (end < requeued.size() && partitionOf(requeued[end]) == part)
      ++end;
    std::vector<Moved> moved;
    for (size_t i = begin; i < end; ++i) {
      uint32_t s = requeued[i];
      Moved m;
      // From the host's copy: on a GPU the ring is in BAR memory, where
      // every read is an uncached bus round trip.
      std::memcpy(m.words.data(), shadowOf(s), sizeof(m.words));
      m.ticket = slotTicket[s];
      m.opcode = slotOpcode[s];
      m.tenant = slotTenant[s];
      moved.push_back(m);
    }
    std::stable_sort(moved.begin(), moved.end(),
                     [](const Moved &l, const Moved &r) {
                       return l.opcode < r.opcode;
                     });
    for (size_t i = begin; i < end; ++i) {
      uint32_t s = requeued[i];
      const Moved &m = moved[i - begin];
      std::memcpy(ring.words + uint64_t(s) * VYRE_SLOT_WORDS + 1, m.words.data(),
                  sizeof(m.words));
      std::memcpy(shadowOf(s), m.words.data(), sizeof(m.words));
      slotTicket[s] = m.ticket;
      slotOpcode[s] = m.opcode;
      slotTenant[s] = m.tenant;
    }
    begin = end;
  }
  flushWriteCombining(); // the words before any PUBLISHED
  for (uint32_t s : requeued) {
    storeRelease(ring.words + uint64_t(s) * VYRE_SLOT_WORDS,
                 VYRE_STATUS_PUBLISHED);
    slotHandedOver[s] = 1;
    handedOverSlots.push_back(s);
  }
  flushWriteCombining();
  handedOver += uint32_t(requeued.size());
  requeued.clear();
}

/// VK_SUCCESS when the dispatch has returned, VK_NOT_READY while it runs.
static VkResult dispatchStatus(vyre_kernel *k) {
  if (k->state != vyre_kernel::State::Running)
    return VK_SUCCESS;
  VkResult r = vkGetFenceStatus(k->runtime->device, k->fence);
  if (r == VK_SUCCESS)
    k->state = vyre_kernel::State::Finished;
  else if (r == VK_ERROR_DEVICE_LOST)
    k->state = vyre_kernel::State::Lost;
  return r;
}

vyre_status vyre_kernel::keepServing(Mirrors mirrors) {
  VkResult r = dispatchStatus(this);
  if (r == VK_ERROR_DEVICE_LOST)
    return failVk(r, "the dispatch");
  if (!serving)
    return VYRE_OK;
  if (state != State::Finished)
    return variants.empty() ? VYRE_OK : serviceRequeue(mirrors);
  if (loadAcquire(&control.words[VYRE_CTRL_SHUTDOWN]) != 0) {
    serving = false; // a SHUTDOWN slot stopped it
    return fail(VYRE_ERROR_KERNEL_EXITED,
                "the persistent kernel was stopped by a SHUTDOWN slot; "
                "launch it again to serve more");
  }
  ++relaunches; // it spent its loop budget
  return submit();
}

extern "C" vyre_status vyre_kernel_wait_idle(vyre_kernel *k,
                                             uint32_t timeoutMs) {
  REQUIRE(k, VYRE_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  if (k->serving) {
    // Returns only when a SHUTDOWN slot stops it (or at the timeout).
    auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
    Backoff backoff(vyre_runtime_is_cpu(k->runtime));
    while (true) {
      vyre_status s = k->keepServing(vyre_kernel::Mirrors::Unread);
      if (s == VYRE_ERROR_KERNEL_EXITED)
        return ok();
      if (s != VYRE_OK)
        return s;
      if (Clock::now() >= deadline)
        return fail(VYRE_ERROR_TIMEOUT,
                    "the persistent kernel is still serving after " +
                        std::to_string(timeoutMs) +
                        " ms; it returns after vyre_kernel_shutdown or a "
                        "SHUTDOWN slot");
      backoff.pause();
    }
  }
  if (k->state != vyre_kernel::State::Running)
    return ok();
  VkResult r = k->awaitDispatch(timeoutMs);
  if (r == VK_TIMEOUT)
    return fail(VYRE_ERROR_TIMEOUT,
                "the dispatch did not return within " +
                    std::to_string(timeoutMs) + " ms" +
                    (k->manifest.persistent()
                         ? "; a persistent kernel returns only after "
                           "vyre_kernel_shutdown"
                         : ""));
  if (r != VK_SUCCESS)
    return failVk(r, "vkWaitForFences");
  return ok();
}

extern "C" vyre_status vyre_kernel_publish(vyre_kernel *k,
                                           const vyre_slot *slots,
                                           uint32_t count, uint32_t timeoutMs,
                                           uint32_t *published) {
  if (published)
    *published = 0;
  REQUIRE(k && (slots || !count), VYRE_ERROR_INVALID_ARGUMENT,
          "vyre_kernel_publish: kernel or slots is NULL");
  REQUIRE(k->state != vyre_kernel::State::Lost, VYRE_ERROR_DEVICE_LOST,
          "the device was lost; call vyre_kernel_rebuild");
  const uint32_t n = k->manifest.slots;
  auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
  Backoff backoff(vyre_runtime_is_cpu(k->runtime));
  // Slots are published in two phases: every staged slot's words, one
  // write-combining drain, then the PUBLISHED stores and a second drain. A
  // drain per slot would cost a bus flush per slot on BAR memory.
  std::vector<uint32_t> &staged = k->staged;
  staged.clear();
  for (uint32_t i = 0; i < count; ++i) {
    if (k->overQuota(slots[i].tenant)) {
      // Refused, never silently dropped: it completes as a FAULT at once.
      vyre_completion c{};
      c.ticket = k->published++;
      c.slot = UINT32_MAX;
      c.opcode = slots[i].opcode;
      c.tenant = slots[i].tenant;
      c.status = VYRE_STATUS_FAULT;
      c.fault_code = VYRE_FAULT_QUOTA_EXCEEDED;
      k->pending.push_back(c);
      ++k->hostFaults;
      continue;
    }
    // A sharded kernel takes each priority in its own partition of the ring
    // (with its own cursor); otherwise every priority shares partition 0.
    const bool sharded = k->manifest.sharded();
    uint32_t priority = slots[i].priority;
    uint32_t part = sharded ? priority : 0;
    if (sharded && (priority >= VYRE_PRIORITY_LEVELS ||
                    k->manifest.partition(priority).first ==
                        k->manifest.partition(priority).second)) {
      k->commitStaged();
      if (published)
        *published = i;
      return fail(VYRE_ERROR_INVALID_ARGUMENT,
                  "slot " + std::to_string(i) + " has priority " +
                      std::to_string(priority) +
                      (priority >= VYRE_PRIORITY_LEVELS
                           ? ", but priorities are 0 (critical) ... 4 (idle)"
                           : ", but this kernel's vyre-shard layout gives "
                             "that priority no slots (manifest "
                             "priority_offsets); use another priority or "
                             "re-shard with a non-zero weight") +
                      "; " + std::to_string(i) + " slots were published");
    }
    auto [lo, hi] = k->manifest.partition(part);
    uint32_t span = hi - lo;
    uint32_t &cursor = k->cursor[part];
    uint32_t found = UINT32_MAX;
    while (found == UINT32_MAX) {
      // (No division per probe: at a few ns per slot it showed.)
      for (uint32_t probe = 0, s = lo + cursor; probe < span; ++probe) {
        // A slot the host owns is EMPTY without reading it; a busy one is
        // checked alone in the completion mirror (cached host memory).
        if (!k->slotBusy[s] || k->collectSlot(s)) {
          found = s;
          break;
        }
        if (++s == hi)
          s = lo;
      }
      if (found != UINT32_MAX)
        break;
      k->commitStaged(); // what is staged must run before the ring can drain
      if (k->state == vyre_kernel::State::Lost)
        return failVk(VK_ERROR_DEVICE_LOST, "publish");
      // A full ring drains only while a dispatch runs.
      // The probe has just read every mirror of the partition.
      if (k->serving)
        if (vyre_status s = k->keepServing(vyre_kernel::Mirrors::Read)) {
          if (published)
            *published = i;
          return s;
        }
      // Backpressure: the ring is full of unfinished slots. Nothing drains
      // it while no dispatch runs, so waiting out the timeout is pointless.
      if (Clock::now() >= deadline ||
          k->state != vyre_kernel::State::Running) {
        if (published)
          *published = i;
        return fail(VYRE_ERROR_RING_FULL,
                    (!sharded ? "the ring's " + std::to_string(n)
                               : "priority " + std::to_string(priority) +
                                     "'s partition of " +
                                     std::to_string(span)) +
                        " slots stayed busy for " + std::to_string(timeoutMs) +
                        " ms; " + std::to_string(i) + " of " +
                        std::to_string(count) + " slots were published" +
                        (k->state == vyre_kernel::State::Running
                             ? ""
                             : " (the kernel is not running: launch it)"));
      }
      backoff.pause();
    }
    k->stageSlot(found, slots[i]);
    cursor = found + 1 == hi ? 0 : found + 1 - lo;
  }
  k->commitStaged();
  if (published)
    *published = count;
  // A dispatch that just spent its loop budget is resent now, not at the
  // next wait, so published slots never sit without a running kernel.
  // Requeued slots are found by the reap or wait that follows.
  if (k->serving)
    if (vyre_status s = k->keepServing(vyre_kernel::Mirrors::Read))
      return s;
  return ok();
}

extern "C" vyre_status vyre_kernel_wait(vyre_kernel *k, uint64_t target,
                                        uint32_t timeoutMs) {
  REQUIRE(k, VYRE_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  REQUIRE(target <= k->published, VYRE_ERROR_INVALID_ARGUMENT,
          "waiting for " + std::to_string(target) + " slots but only " +
              std::to_string(k->published) + " were published");
  auto start = Clock::now();
  auto deadline = start + std::chrono::milliseconds(timeoutMs);
  uint32_t heartbeat = loadAcquire(&k->control.words[VYRE_CTRL_HEARTBEAT]);
  auto lastBeat = start;
  Backoff backoff(vyre_runtime_is_cpu(k->runtime));
  while (k->finished() < target) {
    auto now = Clock::now();
    if (k->serving) {
      if (vyre_status s = k->keepServing(vyre_kernel::Mirrors::Unread))
        return s;
    } else if (dispatchStatus(k) == VK_ERROR_DEVICE_LOST) {
      return failVk(VK_ERROR_DEVICE_LOST, "waiting for slots");
    }
    if (k->state != vyre_kernel::State::Running &&
        k->finished() < target)
      return fail(VYRE_ERROR_STATE,
                  "the kernel is not running and " +
                      std::to_string(target - k->finished()) +
                      " slots are unfinished; launch it to serve them");
    uint32_t beat = loadAcquire(&k->control.words[VYRE_CTRL_HEARTBEAT]);
    if (beat != heartbeat) {
      heartbeat = beat;
      lastBeat = now;
    } else if (k->watchdogMs && k->state == vyre_kernel::State::Running &&
               now - lastBeat > std::chrono::milliseconds(k->watchdogMs)) {
      return fail(VYRE_ERROR_HUNG,
                  "watchdog: the kernel's heartbeat has not moved for " +
                      std::to_string(k->watchdogMs) + " ms with " +
                      std::to_string(target - k->finished()) +
                      " slots unfinished; a handler is probably stuck in a "
                      "loop (vyre_kernel_set_watchdog changes the limit)");
    }
    if (now >= deadline)
      return fail(VYRE_ERROR_TIMEOUT,
                  "timed out after " + std::to_string(timeoutMs) + " ms with " +
                      std::to_string(k->finished()) + " of " +
                      std::to_string(target) + " slots finished");
    backoff.pause();
  }
  return ok();
}

extern "C" vyre_status vyre_kernel_reap(vyre_kernel *k, vyre_completion *out,
                                        uint32_t capacity, uint32_t *count) {
  REQUIRE(k && count && (out || !capacity), VYRE_ERROR_INVALID_ARGUMENT,
          "vyre_kernel_reap: kernel, out or count is NULL");
  *count = 0;
  // What a publish or a wait collected first, then straight from the
  // completion mirrors into the caller's array.
  uint32_t n = 0;
  while (n < capacity && !k->pending.empty()) {
    out[n++] = k->pending.front();
    k->pending.pop_front();
  }
  n += k->collectInto(out + n, capacity - n);
  if (k->serving)
    if (vyre_status s = k->keepServing(vyre_kernel::Mirrors::Read))
      return s;
  k->reaped += n;
  *count = n;
  return ok();
}

extern "C" uint64_t vyre_kernel_published(const vyre_kernel *k) {
  return k ? k->published : 0;
}

extern "C" vyre_status vyre_kernel_read_control(vyre_kernel *k, uint32_t first,
                                                uint32_t *out, uint32_t count) {
  REQUIRE(k && (out || !count), VYRE_ERROR_INVALID_ARGUMENT,
          "kernel or out is NULL");
  REQUIRE(uint64_t(first) + count <= k->manifest.controlWords,
          VYRE_ERROR_INVALID_ARGUMENT,
          "control words " + std::to_string(first) + ".." +
              std::to_string(uint64_t(first) + count) + " are outside the " +
              std::to_string(k->manifest.controlWords) + "-word buffer");
  for (uint32_t i = 0; i < count; ++i)
    out[i] = loadAcquire(&k->control.words[first + i]);
  return ok();
}

extern "C" vyre_status vyre_kernel_write_control(vyre_kernel *k, uint32_t word,
                                                 uint32_t value) {
  REQUIRE(k, VYRE_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  REQUIRE(word < k->manifest.controlWords, VYRE_ERROR_INVALID_ARGUMENT,
          "control word " + std::to_string(word) + " is outside the " +
              std::to_string(k->manifest.controlWords) + "-word buffer");
  bool runtimeOwned =
      word <= VYRE_CTRL_DOORBELL_ON ||
      (word >= VYRE_CTRL_FAULT_LOG &&
       word < VYRE_CTRL_FAULT_LOG +
                  VYRE_FAULT_LOG_ENTRIES * VYRE_FAULT_LOG_ENTRY_WORDS) ||
      (word >= VYRE_CTRL_BUFFER_LENGTHS &&
       word < VYRE_CTRL_BUFFER_LENGTHS + VYRE_MAX_USER_BUFFERS);
  REQUIRE(!runtimeOwned, VYRE_ERROR_INVALID_ARGUMENT,
          "control word " + std::to_string(word) +
              " belongs to the runtime (counters, fault log, buffer "
              "lengths); use vyre_kernel_shutdown / set_buffer_length");
  storeRelease(&k->control.words[word], value);
  return ok();
}

extern "C" vyre_status vyre_kernel_read_observables(vyre_kernel *k,
                                                    uint32_t first,
                                                    uint32_t *out,
                                                    uint32_t count) {
  REQUIRE(k, VYRE_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  REQUIRE(uint64_t(first) + count <= k->manifest.observables,
          VYRE_ERROR_INVALID_ARGUMENT,
          "observables " + std::to_string(first) + ".." +
              std::to_string(uint64_t(first) + count) + " are outside the " +
              std::to_string(k->manifest.observables) + " the kernel has");
  return vyre_kernel_read_control(k, VYRE_CTRL_OBSERVABLES + first, out, count);
}

extern "C" vyre_status vyre_kernel_read_handler_counters(vyre_kernel *k,
                                                         uint32_t *out,
                                                         uint32_t count) {
  REQUIRE(k, VYRE_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  uint32_t arms = k->manifest.arms.size();
  REQUIRE(count <= arms, VYRE_ERROR_INVALID_ARGUMENT,
          "asked for " + std::to_string(count) + " handler counters; kernel \"" +
              k->manifest.kernel + "\" has " + std::to_string(arms) +
              " dispatch arms");
  REQUIRE(out || count == 0, VYRE_ERROR_INVALID_ARGUMENT, "out is NULL");
  for (uint32_t arm = 0; arm < count; ++arm) {
    vyre_status s = vyre_kernel_read_control(
        k, vyre_handler_counter_word(k->manifest.observables, arms, arm),
        out + arm, 1);
    if (s != VYRE_OK)
      return s;
  }
  return ok();
}

extern "C" vyre_status vyre_kernel_read_fault_log(vyre_kernel *k,
                                                  vyre_fault *out,
                                                  uint32_t capacity,
                                                  uint32_t *count) {
  REQUIRE(k && count && (out || !capacity), VYRE_ERROR_INVALID_ARGUMENT,
          "kernel, out or count is NULL");
  uint32_t cursor = loadAcquire(&k->control.words[VYRE_CTRL_FAULT_LOG_CURSOR]);
  uint32_t n = std::min<uint32_t>({cursor, VYRE_FAULT_LOG_ENTRIES, capacity});
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t entry = (cursor - n + i) % VYRE_FAULT_LOG_ENTRIES;
    const uint32_t *w = &k->control.words[VYRE_CTRL_FAULT_LOG +
                                          entry * VYRE_FAULT_LOG_ENTRY_WORDS];
    out[i] = {loadAcquire(w), loadAcquire(w + 1)};
  }
  *count = n;
  return ok();
}

extern "C" vyre_status vyre_kernel_read_debug_log(vyre_kernel *k,
                                                  vyre_debug_record *out,
                                                  uint32_t capacity,
                                                  uint32_t *count,
                                                  uint32_t *dropped) {
  REQUIRE(k && count && (out || !capacity), VYRE_ERROR_INVALID_ARGUMENT,
          "kernel, out or count is NULL");
  uint32_t appended = loadAcquire(&k->debug.words[VYRE_DEBUG_WORD_APPENDED]);
  uint32_t fit = std::min(appended, k->manifest.debugRecords);
  uint32_t n = std::min(fit, capacity);
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t *r = &k->debug.words[VYRE_DEBUG_HEADER_WORDS +
                                        uint64_t(i) * VYRE_DEBUG_RECORD_WORDS];
    out[i].format = r[0];
    for (uint32_t a = 0; a < VYRE_PRINTF_MAX_ARGS; ++a)
      out[i].args[a] = r[1 + a];
  }
  *count = n;
  if (dropped)
    *dropped = appended - fit;
  return ok();
}

extern "C" vyre_status vyre_kernel_shutdown(vyre_kernel *k, uint32_t timeoutMs,
                                            uint32_t *unfinished) {
  if (unfinished)
    *unfinished = 0;
  REQUIRE(k, VYRE_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  vyre_status drained = VYRE_OK;
  std::string drainError;
  if (k->state == vyre_kernel::State::Running || k->serving) {
    if (k->state != vyre_kernel::State::Running)
      k->submit(); // between a budget return and its relaunch
    // Complete what was published before stopping the lanes.
    drained = vyre_kernel_wait(k, k->published, timeoutMs);
    if (drained != VYRE_OK)
      drainError = vyre_last_error();
    if (vyre_status s = k->stopDispatch(std::max(timeoutMs, 1000u)))
      return s;
  }
  k->endHandOver();
  uint32_t left = 0;
  for (uint32_t s = 0; s < k->manifest.slots; ++s) {
    if (!k->slotBusy[s])
      continue;
    uint32_t status = loadAcquire(k->ring.words + uint64_t(s) * VYRE_SLOT_WORDS);
    if (status == VYRE_STATUS_PUBLISHED || status == VYRE_STATUS_CLAIMED ||
        status == VYRE_STATUS_REQUEUE)
      ++left;
  }
  if (unfinished)
    *unfinished = left;
  if (left)
    return fail(VYRE_ERROR_TIMEOUT,
                std::to_string(left) +
                    " published slots did not run before shutdown" +
                    (drainError.empty() ? "" : " (" + drainError + ")"));
  return drained == VYRE_OK ? ok() : fail(drained, drainError);
}

extern "C" vyre_status vyre_kernel_rebuild(vyre_kernel *k) {
  REQUIRE(k, VYRE_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  // Keep user data; ring and counters start over.
  std::vector<std::vector<uint32_t>> saved;
  for (UserBuffer &u : k->users)
    saved.emplace_back(u.mapped.words, u.mapped.words + (u.length ? u.length : 0));
  k->destroyResources();
  k->runtime->destroyDevice();
  if (vyre_status s = k->runtime->createDevice())
    return s;
  if (vyre_status s = k->createResources())
    return s;
  for (size_t i = 0; i < k->users.size(); ++i)
    if (!saved[i].empty())
      std::memcpy(k->users[i].mapped.words, saved[i].data(), saved[i].size() * 4);
  k->state = vyre_kernel::State::Loaded;
  k->published = k->reaped = k->hostFaults = 0;
  k->tenantInFlight.fill(0);
  k->cursor.fill(0);
  k->slotBusy.assign(k->manifest.slots, 0);
  k->slotHandedOver.assign(k->manifest.slots, 0);
  k->requeued.clear();
  k->handedOver = k->inFlight = 0;
  k->reapCursor = 0;
  k->handedOverSlots.clear();
  k->endHandOver();
  k->pending.clear();
  return ok();
}

extern "C" vyre_status vyre_encode_packed(const uint32_t *ops, uint32_t count,
                                          vyre_slot *out) {
  REQUIRE(out && (ops || !count), VYRE_ERROR_INVALID_ARGUMENT,
          "ops or out is NULL");
  REQUIRE(count >= 1 && count <= VYRE_PACKED_MAX_OPS,
          VYRE_ERROR_INVALID_ARGUMENT,
          "a packed slot holds 1 to " + std::to_string(VYRE_PACKED_MAX_OPS) +
              " inner ops, not " + std::to_string(count) +
              " (the device would fault it)");
  std::memset(out, 0, sizeof(*out));
  out->opcode = VYRE_OP_PACKED_SLOT;
  out->priority = VYRE_PRIORITY_NORMAL;
  out->args[0] = count;
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t op = ops[i * VYRE_PACKED_OP_WORDS];
    REQUIRE(op <= VYRE_OP_LOAD_U32, VYRE_ERROR_INVALID_ARGUMENT,
            "inner op " + std::to_string(i) + " has opcode " +
                std::to_string(op) +
                "; packed slots carry only NOP, STORE_U32, ATOMIC_ADD and "
                "LOAD_U32");
    for (uint32_t w = 0; w < VYRE_PACKED_OP_WORDS; ++w)
      out->args[1 + i * VYRE_PACKED_OP_WORDS + w] =
          ops[i * VYRE_PACKED_OP_WORDS + w];
  }
  return ok();
}
