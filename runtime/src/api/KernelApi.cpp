//===- KernelApi.cpp - the C API of a loaded kernel -------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Loading and describing a kernel, its profile, timing and slot status:
// argument checks, then vyre_kernel's members (Kernel.cpp, Profile.cpp,
// Timing.cpp).
//
//===----------------------------------------------------------------------===//

#include "Error.h"
#include "Kernel.h"

#include <algorithm>

#include <string>

using namespace vyre;

extern "C" vyre_status vyre_kernel_load(vyre_runtime *rt, const char *spvPath,
                                        const char *manifestPath,
                                        vyre_kernel **out) {
  REQUIRE(rt && spvPath && manifestPath && out, VYRE_ERROR_INVALID_ARGUMENT,
          "vyre_kernel_load: runtime, paths and out must be non-NULL");
  *out = nullptr;
  return vyre_kernel::load(rt, spvPath, manifestPath, out);
}

extern "C" vyre_status vyre_kernel_get_info(const vyre_kernel *k,
                                            vyre_kernel_info *out) {
  REQUIRE(k && out, VYRE_ERROR_INVALID_ARGUMENT, "kernel or out is NULL");
  return k->describe(out);
}

extern "C" vyre_status vyre_kernel_opcode(const vyre_kernel *k,
                                          const char *name, uint32_t *opcode) {
  REQUIRE(k && name && opcode, VYRE_ERROR_INVALID_ARGUMENT,
          "kernel, name or opcode is NULL");
  return k->opcodeNamed(name, opcode);
}

extern "C" void vyre_kernel_destroy(vyre_kernel *k) {
  if (!k)
    return;
  if (k->manifest.persistent())
    k->dispatch.stop(5000); // best effort: the resources go either way
  k->destroyResources();
  auto &kernels = k->runtime->kernels;
  kernels.erase(std::remove(kernels.begin(), kernels.end(), k), kernels.end());
  delete k;
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
  const std::vector<WorkItem> *items = nullptr;
  if (vyre_status s = k->findBatch(name, items))
    return s;
  *count = uint32_t(items->size());
  for (uint32_t i = 0; i < capacity && i < items->size(); ++i)
    out[i] = toSlot((*items)[i]);
  return ok();
}

extern "C" vyre_status vyre_kernel_save_profile(vyre_kernel *k,
                                                const char *path) {
  if (!k || !path)
    return fail(VYRE_ERROR_INVALID_ARGUMENT, "kernel or path is NULL");
  return k->saveProfile(path);
}

extern "C" vyre_status vyre_kernel_dispatch_time(vyre_kernel *k,
                                                 double *deviceUs) {
  if (!k || !deviceUs)
    return fail(VYRE_ERROR_INVALID_ARGUMENT, "kernel or device_us is NULL");
  return k->dispatchTime(deviceUs);
}

extern "C" vyre_status vyre_kernel_slot_status(vyre_kernel *k, uint64_t ticket,
                                               uint32_t *status) {
  if (!k || !status)
    return fail(VYRE_ERROR_INVALID_ARGUMENT, "kernel or status is NULL");
  return k->slotStatus(ticket, status);
}
