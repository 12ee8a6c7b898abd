//===- FaultInjector.cpp - faults the device fakes on command ---*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "FaultInjector.h"

using namespace vyre;

void FaultInjector::arm(vyre_injected_fault fault, uint32_t afterCalls) {
  std::lock_guard<std::mutex> lock(mutex);
  callsLeft = afterCalls;
  armed.store(fault, std::memory_order_release);
}

bool FaultInjector::countDown(vyre_injected_fault kind) {
  if (armed.load(std::memory_order_relaxed) != uint32_t(kind))
    return false;
  std::lock_guard<std::mutex> lock(mutex);
  if (armed.load(std::memory_order_relaxed) != uint32_t(kind))
    return false;
  if (callsLeft) {
    --callsLeft;
    return false;
  }
  armed.store(VYRE_INJECT_NONE, std::memory_order_relaxed);
  return true;
}

bool FaultInjector::deviceLost() {
  if (lost.load(std::memory_order_acquire))
    return true;
  if (!countDown(VYRE_INJECT_DEVICE_LOST))
    return false;
  lost.store(true, std::memory_order_release);
  return true;
}

bool FaultInjector::allocationFails() {
  return countDown(VYRE_INJECT_ALLOCATION);
}

void FaultInjector::deviceRecreated() {
  lost.store(false, std::memory_order_release);
}
