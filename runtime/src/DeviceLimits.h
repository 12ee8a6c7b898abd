//===- DeviceLimits.h - a kernel's sizes against the device's ----*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// What a device cannot run is refused when the kernel is loaded, sized or
// dispatched, with the limit named: before, a dispatch past
// maxComputeWorkGroupCount or a ring past maxStorageBufferRange was
// submitted and then hung or read out of range (issue 23).
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_RUNTIME_DEVICELIMITS_H
#define VYRE_RUNTIME_DEVICELIMITS_H

#include "Device.h"
#include "Manifest.h"

namespace vyre {

/// The manifest's workgroup size and count and every buffer of a fixed
/// size against `rt`'s limits.
vyre_status checkDeviceLimits(const vyre_runtime *rt, const Manifest &m);
/// `workgroups` workgroups dispatched at once.
vyre_status checkDispatchWorkgroups(const vyre_runtime *rt,
                                    uint32_t workgroups);
/// A storage buffer of `bytes` bytes named `what`.
vyre_status checkBufferBytes(const vyre_runtime *rt, uint64_t bytes,
                             const std::string &what);

} // namespace vyre

#endif // VYRE_RUNTIME_DEVICELIMITS_H
