//===- Kernel.cpp - loading a kernel and its resources -----------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Loading a megakernel (its SPIR-V and manifest), creating and destroying
// its Vulkan objects and buffers, and what describes it. The dispatch
// lives in Dispatcher.cpp, publishing in Publish.cpp, collecting in
// Completions.cpp, buffers and control words in Control.cpp; the C API
// over all of them in api/.
//
//===----------------------------------------------------------------------===//

#include "Error.h"
#include "HostMemory.h"
#include "Kernel.h"
#include "Buffers.h"
#include "DeviceLimits.h"
#include "Dispatcher.h"

#include <fstream>
#include <sstream>
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <string>

using namespace vyre;

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

} // namespace

UserBuffer *vyre_kernel::findUser(const char *name) {
  for (UserBuffer &u : users)
    if (name && u.info.name == name)
      return &u;
  return nullptr;
}

vyre_status vyre_kernel::createResources() {
  vyre_status s;
  // Ring and control words in device memory where the device has
  // host-visible device memory: lanes poll and update them at device-cache
  // speed, and on an H100 a persistent kernel with its control words in
  // system memory never made its counters visible to the host nor saw
  // SHUTDOWN (docs/runtime.md, "Memory placement"). The host reads them
  // over the bus, but only the words it needs: counters and busy slots;
  // completions come through the mirror in cached system memory.
  // VYRE_RING_MEMORY / VYRE_CONTROL_MEMORY override it, to measure the
  // options on a device (Config.h).
  Placement ringPlacement = runtime->config.ring;
  Placement controlPlacement = runtime->config.control;
  if ((s = allocate(runtime, ring, manifest.ringWords(), ringPlacement,
                    "ring")) != VYRE_OK ||
      (s = allocate(runtime, control, manifest.controlWords,
                    controlPlacement, "control")) != VYRE_OK ||
      (s = allocate(runtime, debug,
                    VYRE_DEBUG_HEADER_WORDS +
                        uint64_t(manifest.debugRecords) * VYRE_DEBUG_RECORD_WORDS,
                    Placement::DevicePolled, "debug")) != VYRE_OK ||
      (s = allocate(runtime, completions,
                    (vyre_completions_bytes(manifest.slots,
                                            manifest.ioEntries) + 3) / 4,
                    Placement::HostPolled, "completions")) != VYRE_OK)
    return s;
  for (UserBuffer &u : users)
    if (u.length && (s = allocate(runtime, u.mapped, u.length, u.placement(),
                                  u.info.name)) != VYRE_OK)
      return s;

  dispatch.attach(control.words + VYRE_CTRL_SHUTDOWN);
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

  std::vector<uint32_t> bindings;
  for (const BindingInfo &b : manifest.bindings)
    bindings.push_back(b.binding);
  if ((s = exec.create(runtime, bindings)))
    return s;
  // Programs in variant order: variant v (1, 2, ...) is program v.
  uint32_t program = 0;
  if ((s = exec.addProgram(spirv, manifest.entryPoint, program)))
    return s;
  for (Variant &v : variants)
    if ((s = exec.addProgram(v.spirv, v.manifest.entryPoint, v.program)))
      return s;
  return VYRE_OK;
}

void vyre_kernel::destroyResources() {
  VkDevice dev = runtime->device;
  if (!dev)
    return;
  // Requests already queued are served into the buffers first.
  io.stop();
  vkDeviceWaitIdle(dev);
  exec.destroy();
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

vyre_slot vyre::toSlot(const WorkItem &item) {
  vyre_slot slot{};
  slot.opcode = item.opcode;
  slot.tenant = item.tenant;
  slot.priority = item.priority;
  for (size_t a = 0; a < item.args.size() && a < VYRE_SLOT_ARG_COUNT; ++a)
    slot.args[a] = item.args[a];
  return slot;
}

/// Why `json` is not the manifest vyre-translate wrote for `binary`, or "".
static std::string moduleHashProblem(const std::string &json,
                                     const std::string &binary,
                                     const std::string &manifestPath) {
  std::string key = std::string("\"") + vyre::manifest::key::document::ModuleHash + "\": \"";
  size_t at = json.find(key);
  if (at == std::string::npos)
    return manifestPath + " has no " + vyre::manifest::key::document::ModuleHash +
           ", so nothing ties it to its binary; write it with vyre-translate "
           "--vyre-to-manifest from the module that gave the .spv";
  size_t lineStart = json.rfind('\n', at) + 1, lineEnd = json.find('\n', at);
  if (lineEnd == std::string::npos)
    lineEnd = json.size() - 1;
  std::string written = json.substr(at + key.size(), 16);
  std::string rest =
      json.substr(0, lineStart) + json.substr(lineEnd + 1);
  uint64_t hash = vyre_fnv1a64(vyre_fnv1a64_seed(), binary.data(),
                               binary.size());
  hash = vyre_fnv1a64(hash, rest.data(), rest.size());
  char actual[17];
  std::snprintf(actual, sizeof actual, "%016llx", (unsigned long long)hash);
  if (written == actual)
    return "";
  return manifestPath + " does not describe this binary (its " +
         vyre::manifest::key::document::ModuleHash + " is " + written + ", the binary and the "
         "manifest hash to " + actual + "): it was edited, or it belongs to "
         "another build; use the .json vyre-translate wrote beside the .spv";
}

vyre_status vyre::readKernelFiles(const char *spvPath,
                                  const char *manifestPath, Manifest &manifest,
                                  std::vector<uint32_t> &spirv,
                                  std::string &hashProblem) {
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
  hashProblem = moduleHashProblem(json, binary, manifestPath);
  spirv.resize(binary.size() / 4);
  std::memcpy(spirv.data(), binary.data(), binary.size());
  return VYRE_OK;
}

vyre_status vyre_kernel::load(vyre_runtime *rt, const char *spvPath,
                              const char *manifestPath, vyre_kernel **out) {
  auto k = new vyre_kernel();
  k->runtime = rt;
  std::string hashProblem;
  if (vyre_status s = readKernelFiles(spvPath, manifestPath, k->manifest,
                                      k->spirv, hashProblem)) {
    delete k;
    return s;
  }
  if (vyre_status s = checkDeviceLimits(rt, k->manifest)) {
    delete k;
    return s;
  }
  if (!hashProblem.empty()) {
    delete k;
    return fail(VYRE_ERROR_BAD_MODULE, hashProblem);
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
  k->slotTable.reset(k->manifest.slots);
  k->graphs.reset(k->manifest.dependencyCounters, k->manifest.slots);
  k->handOver.reset(k->manifest.slots);
  k->own.kernel = k;
  k->queueOffsets = k->manifest.priorityOffsetWords();
  k->resetQueues();
  k->dispatchWorkgroups = defaultDispatch(rt, k->manifest);
  vyre_status s = k->createResources();
  if (s != VYRE_OK) {
    std::string message = vyre_last_error();
    k->destroyResources();
    delete k;
    return fail(s, message);
  }
  rt->kernels.push_back(k); // a rebuild recreates the device under it
  *out = k;
  return ok();
}

vyre_status vyre_kernel::describe(vyre_kernel_info *out) const {
  const Manifest &m = manifest;
  out->name = m.kernel.c_str();
  out->persistent = m.persistent();
  out->slots = m.slots;
  out->workgroups = m.workgroups;
  out->workgroup_size = m.workgroupSize;
  out->observables = m.observables;
  out->control_words = m.controlWords;
  out->debug_records = m.debugRecords;
  out->arms = uint32_t(m.arms.size());
  out->user_buffers = uint32_t(users.size());
  out->tenant_mask_words = m.tenantMaskWords;
  out->sharded = m.sharded();
  out->starvation_bound = m.starvationBound;
  std::copy(queueOffsets.begin(), queueOffsets.end(),
            out->priority_offsets);
  return ok();
}

vyre_status vyre_kernel::opcodeNamed(const char *name, uint32_t *opcode) const {
  std::string wanted = name;
  for (const ArmInfo &arm : manifest.arms)
    if ((arm.handler == wanted || arm.handler == "__vyre_" + wanted) &&
        !arm.opcodes.empty()) {
      *opcode = arm.opcodes.front();
      return ok();
    }
  std::string known;
  for (const ArmInfo &arm : manifest.arms)
    known += (known.empty() ? "" : ", ") + arm.handler;
  return fail(VYRE_ERROR_INVALID_ARGUMENT,
              "kernel " + manifest.kernel + " has no handler named \"" +
                  wanted + "\"; it has: " + known);
}

