//===- DeviceQueueApi.cpp - the C API of the device queue -------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// vyre/device_queue.h: argument checks, then DeviceQueue.cpp.
//
//===----------------------------------------------------------------------===//

#include "Error.h"
#include "Kernel.h"

using namespace vyre;

extern "C" vyre_status vyre_kernel_device_queue(vyre_kernel *k,
                                                vyre_device_queue_info *info) {
  REQUIRE(k && info, VYRE_ERROR_INVALID_ARGUMENT,
          "vyre_kernel_device_queue: kernel or info is NULL");
  *info = vyre_device_queue_info{};
  REQUIRE(k->dispatch.state != vyre_kernel::State::Lost, VYRE_ERROR_DEVICE_LOST,
          "the device was lost; call vyre_kernel_rebuild");
  return k->deviceQueueInfo(info);
}

extern "C" vyre_status vyre_kernel_wait_device_queue(vyre_kernel *k,
                                                     uint32_t timeoutMs) {
  REQUIRE(k, VYRE_ERROR_INVALID_ARGUMENT,
          "vyre_kernel_wait_device_queue: kernel is NULL");
  REQUIRE(k->dispatch.state != vyre_kernel::State::Lost, VYRE_ERROR_DEVICE_LOST,
          "the device was lost; call vyre_kernel_rebuild");
  return k->waitDeviceQueue(timeoutMs);
}
