//===- DeviceLimits.cpp - a kernel's sizes against the device's --*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "DeviceLimits.h"
#include "Error.h"
#include "vyre/ABI/RingABI.h"

#include <string>

using namespace vyre;

vyre_status vyre::checkDispatchWorkgroups(const vyre_runtime *rt,
                                          uint32_t workgroups) {
  uint32_t most = rt->properties.limits.maxComputeWorkGroupCount[0];
  REQUIRE(workgroups <= most, VYRE_ERROR_INVALID_ARGUMENT,
          "a dispatch of " + std::to_string(workgroups) + " workgroups is "
              "past " + rt->name + "'s maxComputeWorkGroupCount of " +
              std::to_string(most) + "; dispatch fewer");
  return VYRE_OK;
}

vyre_status vyre::checkBufferBytes(const vyre_runtime *rt, uint64_t bytes,
                                   const std::string &what) {
  uint64_t most = rt->properties.limits.maxStorageBufferRange;
  REQUIRE(bytes <= most, VYRE_ERROR_BAD_MODULE,
          "the " + what + " buffer would take " + std::to_string(bytes) +
              " bytes, past " + rt->name + "'s maxStorageBufferRange of " +
              std::to_string(most) + " bytes; make it smaller");
  return VYRE_OK;
}

vyre_status vyre::checkDeviceLimits(const vyre_runtime *rt,
                                    const Manifest &m) {
  const VkPhysicalDeviceLimits &l = rt->properties.limits;
  REQUIRE(m.workgroupSize <= l.maxComputeWorkGroupSize[0] &&
              m.workgroupSize <= l.maxComputeWorkGroupInvocations,
          VYRE_ERROR_BAD_MODULE,
          "kernel \"" + m.kernel + "\" has workgroups of " +
              std::to_string(m.workgroupSize) + " lanes, past " + rt->name +
              "'s maxComputeWorkGroupSize.x of " +
              std::to_string(l.maxComputeWorkGroupSize[0]) +
              " or maxComputeWorkGroupInvocations of " +
              std::to_string(l.maxComputeWorkGroupInvocations) +
              "; recompile it with a smaller workgroup_size");
  if (vyre_status s = checkDispatchWorkgroups(rt, m.workgroups))
    return fail(VYRE_ERROR_BAD_MODULE,
                "kernel \"" + m.kernel + "\": " + vyre_last_error() +
                    " (recompile it with fewer workgroups)");
  for (const BindingInfo &b : m.bindings) {
    if (b.elements < 0)
      continue; // a user buffer the host sizes, checked then
    uint64_t unit = b.element == "i8" ? 1 : 4;
    if (vyre_status s = checkBufferBytes(rt, uint64_t(b.elements) * unit, b.name))
      return s;
  }
  return VYRE_OK;
}
