//===- DispatchApi.cpp - the C API of the dispatch --------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Launch, waits, shutdown, rebuild and the dispatch's settings: argument
// checks, then vyre_kernel's members (Dispatcher.cpp).
//
//===----------------------------------------------------------------------===//

#include "Error.h"
#include "DeviceLimits.h"
#include "Kernel.h"

#include <string>

using namespace vyre;

extern "C" vyre_status vyre_kernel_set_loop_budget(
    vyre_kernel *k, uint32_t backEdges) {
  REQUIRE(k, VYRE_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  return k->setLoopBudget(backEdges);
}

extern "C" vyre_status vyre_kernel_launch(vyre_kernel *k) {
  REQUIRE(k, VYRE_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  return k->launch();
}

extern "C" vyre_status vyre_kernel_wait_idle(vyre_kernel *k,
                                             uint32_t timeoutMs) {
  REQUIRE(k, VYRE_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  return k->waitIdle(timeoutMs);
}

extern "C" vyre_status vyre_kernel_shutdown(vyre_kernel *k, uint32_t timeoutMs,
                                            uint32_t *unfinished) {
  if (unfinished)
    *unfinished = 0;
  REQUIRE(k, VYRE_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  return k->shutdown(timeoutMs, unfinished);
}

extern "C" vyre_status vyre_kernel_rebuild(vyre_kernel *k) {
  REQUIRE(k, VYRE_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  return k->rebuild();
}

extern "C" vyre_status vyre_kernel_set_wait_mode(vyre_kernel *k,
                                                 vyre_wait_mode mode) {
  REQUIRE(k, VYRE_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  REQUIRE(mode == VYRE_WAIT_BACKOFF || mode == VYRE_WAIT_SPIN,
          VYRE_ERROR_INVALID_ARGUMENT,
          "wait mode " + std::to_string(int(mode)) +
              " is not one; use VYRE_WAIT_BACKOFF (0) or VYRE_WAIT_SPIN (1)");
  k->waitMode = mode;
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
  REQUIRE(k->dispatch.state != vyre_kernel::State::Running, VYRE_ERROR_STATE,
          "the kernel is running");
  if (vyre_status s = checkDispatchWorkgroups(k->runtime, n))
    return s;
  k->dispatchWorkgroups = n;
  return ok();
}

extern "C" uint32_t vyre_kernel_dispatch_workgroups(const vyre_kernel *k) {
  return k ? k->dispatchWorkgroups : 0;
}

extern "C" uint32_t vyre_kernel_relaunches(const vyre_kernel *k) {
  return k ? k->dispatch.relaunches : 0;
}
