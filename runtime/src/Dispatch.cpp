//===- Dispatch.cpp - the kernel's one dispatch and its state ----*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "Dispatch.h"
#include "Error.h"
#include "HostMemory.h"

#include <string>

using namespace vyre;

vyre_status Dispatch::submit() {
  VkResult r = exec.submit();
  if (r != VK_SUCCESS) {
    if (r == VK_ERROR_DEVICE_LOST)
      state = State::Lost;
    return failVk(r, "vkQueueSubmit");
  }
  state = State::Running;
  return VYRE_OK;
}

VkResult Dispatch::poll() {
  if (state == State::Lost)
    return VK_ERROR_DEVICE_LOST; // until a rebuild, as a real loss is
  if (state != State::Running)
    return VK_SUCCESS;
  VkResult r = exec.poll();
  if (r == VK_SUCCESS)
    state = State::Finished;
  else if (r == VK_ERROR_DEVICE_LOST)
    state = State::Lost;
  return r;
}

VkResult Dispatch::await(uint32_t timeoutMs) {
  VkResult r = exec.wait(timeoutMs);
  if (r == VK_SUCCESS)
    state = State::Finished;
  else if (r == VK_ERROR_DEVICE_LOST)
    state = State::Lost;
  return r;
}

bool Dispatch::pollDue() {
  // vkGetFenceStatus on every publish and reap was on the round trip's
  // path twice (docs/benchmarks.md, the sixth round). A dispatch with a
  // loop budget returns by itself and is relaunched at once; one without
  // returns only for a SHUTDOWN slot or a lost device, which can wait
  // kFencePoll to be noticed.
  constexpr auto kFencePoll = std::chrono::microseconds(50);
  if (budget != 0)
    return true;
  auto now = std::chrono::steady_clock::now();
  if (now < nextPoll)
    return false;
  nextPoll = now + kFencePoll;
  return true;
}

vyre_status Dispatch::check(bool &stillServing) {
  stillServing = false;
  // A producer thread may be relaunching it at the same time.
  std::lock_guard<std::mutex> lock(mutex);
  // A loss is final until the rebuild: every call after the one that saw
  // it answers so, not only those whose fence poll falls due (a reap right
  // after the wait that saw the loss reported OK on the H100).
  if (state == State::Lost)
    return failVk(VK_ERROR_DEVICE_LOST, "the dispatch");
  if (!serving || pollDue()) {
    VkResult r = poll();
    if (r == VK_ERROR_DEVICE_LOST)
      return failVk(r, "the dispatch");
    if (!serving)
      return VYRE_OK;
    if (state == State::Finished)
      return relaunch();
  }
  stillServing = true;
  return VYRE_OK;
}

vyre_status Dispatch::relaunch() {
  if (loadAcquire(shutdown) != 0) {
    serving = false; // a SHUTDOWN slot stopped it
    return fail(VYRE_ERROR_KERNEL_EXITED,
                "the persistent kernel was stopped by a SHUTDOWN slot; "
                "launch it again to serve more");
  }
  ++relaunches; // it spent its loop budget
  return submit();
}

void Dispatch::relaunchIfReturned() {
  if (!serving.load(std::memory_order_acquire))
    return;
  std::unique_lock<std::mutex> lock(mutex, std::try_to_lock);
  if (!lock)
    return; // another thread is polling it
  // Errors (a lost device, a SHUTDOWN slot) surface at the owner's next
  // check; a producer's publish sees a lost device in the state.
  if (serving && pollDue() && poll() == VK_SUCCESS &&
      state == State::Finished)
    relaunch();
}

vyre_status Dispatch::stop(uint32_t timeoutMs) {
  if (state == State::Lost) {
    quiesce(timeoutMs); // what an injected loss left running; nothing more
    return VYRE_OK;
  }
  serving = false; // no relaunch while it stops
  // A producer that saw `serving` before it was cleared relaunches under
  // the lock: once this thread has held it, none can.
  { std::lock_guard<std::mutex> barrier(mutex); }
  if (state != State::Running)
    return VYRE_OK;
  storeRelease(shutdown, 1);
  flushWriteCombining();
  VkResult r = await(timeoutMs);
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

VkResult Dispatch::quiesce(uint32_t timeoutMs) {
  serving = false;
  { std::lock_guard<std::mutex> barrier(mutex); }
  if (shutdown) {
    storeRelease(shutdown, 1);
    flushWriteCombining();
  }
  return exec.settle(timeoutMs);
}
