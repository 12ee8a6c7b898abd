//===- FaultInjector.h - faults the device fakes on command -----*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// vyre_runtime_inject_fault: makes the runtime's own Vulkan calls fail on
// command, so that the paths a real device loss or a full device takes run
// in tests and the soak on any device, lavapipe included. A lost device is
// sticky (every later submit and fence check of every kernel on the runtime
// reports VK_ERROR_DEVICE_LOST, as a real loss does) until the device is
// created again; a failed allocation fails once. The dispatch that was
// running goes on until vyre_kernel_rebuild stops it: a real lost device
// runs nothing more, and the rebuild treats both the same way. Checked
// with one relaxed load while nothing is armed.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_RUNTIME_FAULTINJECTOR_H
#define VYRE_RUNTIME_FAULTINJECTOR_H

#include "vyre/runtime.h"

#include <atomic>
#include <cstdint>
#include <mutex>

namespace vyre {

class FaultInjector {
public:
  /// Arms `fault` to fire at the call of its kind after `afterCalls` more.
  void arm(vyre_injected_fault fault, uint32_t afterCalls);
  /// A submit or a fence check: true if the device is (now) lost.
  bool deviceLost();
  /// An allocation: true if it is to fail.
  bool allocationFails();
  /// The device was created again: no loss, nothing armed.
  void deviceRecreated();

private:
  bool countDown(vyre_injected_fault kind);

  std::atomic<uint32_t> armed{VYRE_INJECT_NONE};
  std::atomic<bool> lost{false};
  std::mutex mutex; ///< the countdown: producers poll fences too
  uint32_t callsLeft = 0;
};

} // namespace vyre

#endif // VYRE_RUNTIME_FAULTINJECTOR_H
