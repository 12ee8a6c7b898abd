//===- Dispatcher.cpp - launch, wait and shutdown ---------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Launching the kernel: the words the host owns at launch, the buffers
// bound, the active variant recorded and submitted; waiting for it and
// shutdown (rebuild is in Rebuild.cpp), and the settings that shape the
// dispatch (watchdog, workgroups, loop budget). The dispatch's own state, relaunch
// and stop are in Dispatch.cpp; the Vulkan objects in Executable.cpp.
//
//===----------------------------------------------------------------------===//

#include "Error.h"
#include "HostMemory.h"
#include "Kernel.h"
#include "DeviceLimits.h"
#include "Dispatcher.h"

#include <thread>
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>

using namespace vyre;
using Clock = std::chrono::steady_clock;

/// Persistent kernels never return, so only the workgroups the device runs
/// at once may be dispatched: lavapipe runs about one per CPU thread and
/// would never start the rest. One core is left to the host. The same for
/// a once kernel with dependencies: a workgroup whose slot waits for
/// another workgroup's runs passes until that one signals, which a
/// workgroup not started yet never does (a once graph on lavapipe took
/// three launches, each spent in one workgroup's waiting passes).
uint32_t vyre::defaultDispatch(const vyre_runtime *rt, const Manifest &m) {
  if (rt->config.workgroups)
    return *rt->config.workgroups;
  if ((!m.persistent() && !m.dependencyCounters) || !rt->isCpu())
    return m.workgroups;
  unsigned threads =
      rt->config.cpuThreads.value_or(std::thread::hardware_concurrency());
  unsigned concurrent = threads > 1 ? threads - 1 : 1;
  return std::min<uint32_t>(m.workgroups, concurrent);
}

namespace {

/// llvmpipe (gallivm) gives each SIMD chunk of a shader invocation one
/// counter of 65535 loop back-edges shared by all its loops; once spent,
/// every loop leaves at its next back-edge, even between a slot's claim and
/// its completion. A chunk runs a loop while any of its lanes does, so its
/// spend is at most VYRE_LOOP_BUDGET_LANES times the largest lane count
/// (RingABI.h). Halving leaves a pass's worth of margin.
constexpr uint32_t kCpuLoopBound = 65535;

/// For once kernels too: a drain of a full ring can exceed the device bound;
/// with the budget the dispatch returns early and is launched again.
uint32_t defaultLoopBudget(const vyre_runtime *rt) {
  if (rt->config.loopBudget)
    return *rt->config.loopBudget;
  if (!rt->isCpu())
    return 0;
  return kCpuLoopBound / VYRE_LOOP_BUDGET_LANES / 2;
}

} // namespace

vyre_status vyre_kernel::setLoopBudget(uint32_t backEdges) {
  loopBudget = backEdges;
  if (dispatch.state == State::Running) {
    std::lock_guard<std::mutex> lock(dispatch.mutex);
    storeRelease(&control.words[VYRE_CTRL_LOOP_BUDGET], backEdges);
    dispatch.budget = backEdges;
  }
  return ok();
}

vyre_status vyre_kernel::launch() {
  REQUIRE(dispatch.state != State::Running, VYRE_ERROR_STATE,
          "the kernel is already running; one dispatch serves the ring");
  REQUIRE(dispatch.state != State::Lost, VYRE_ERROR_DEVICE_LOST,
          "the device was lost; call vyre_kernel_rebuild first");
  for (const UserBuffer &u : users)
    REQUIRE(u.length, VYRE_ERROR_STATE,
            "buffer \"" + u.info.name +
                "\" has a dynamic size; call vyre_kernel_set_buffer_length "
                "before launch");
  // VYRE_WORKGROUPS can ask for more than the device dispatches.
  if (vyre_status s = checkDispatchWorkgroups(runtime, dispatchWorkgroups))
    return s;
  prepareDispatch();
  if (vyre_status s = startDispatch())
    return s;
  startIo();
  return ok();
}

void vyre_kernel::prepareDispatch() {
  vyre_kernel *k = this;
  std::vector<Executable::Binding> buffers;
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
    buffers.push_back({b.binding, mb->buffer});
  }
  k->exec.bind(buffers);
  k->recordDispatch();

  uint32_t budget = k->loopBudget != UINT32_MAX
                        ? k->loopBudget
                        : defaultLoopBudget(k->runtime);
  storeRelease(&k->control.words[VYRE_CTRL_LOOP_BUDGET], budget);
  k->dispatch.budget = budget;
  bool boundedLoops = k->runtime->isCpu();
  storeRelease(&k->control.words[VYRE_CTRL_CANARY_TRIPS], boundedLoops ? 2 : 0);
  // Idle passes poll the doorbell instead of the ring; VYRE_DOORBELL=0
  // turns it off to measure the difference.
  storeRelease(&k->control.words[VYRE_CTRL_DOORBELL_ON],
               k->runtime->config.doorbell ? 1 : 0);
  k->writeTails(); // as publish left them; zero in a fresh ring
  // The queues' bounds: a partitioned kernel reads them at its start (ABI
  // v7), so the host may size the queues (vyre_kernel_set_queue_capacities).
  std::copy(k->queueOffsets.begin(), k->queueOffsets.end(),
            k->control.words + VYRE_CTRL_PRIORITY_OFFSETS);
}

void vyre_kernel::recordDispatch() {
  exec.record(activeProgram(), dispatchWorkgroups);
}

vyre_status vyre_kernel::startDispatch() {
  storeRelease(&control.words[VYRE_CTRL_SHUTDOWN], 0);
  ringDoorbell(nextBell());
  if (vyre_status s = dispatch.submit())
    return s;
  dispatch.serving = manifest.persistent();
  return VYRE_OK;
}

vyre_status vyre_kernel::keepServing(Mirrors mirrors) {
  if (manifest.ioEntries)
    io.poll();
  bool stillServing = false;
  if (vyre_status s = dispatch.check(stillServing))
    return s;
  if (!stillServing || variants.empty())
    return VYRE_OK;
  return serviceRequeue(mirrors);
}

vyre_status vyre_kernel::waitIdle(uint32_t timeoutMs) {
  if (dispatch.serving) {
    // Returns only when a SHUTDOWN slot stops it (or at the timeout).
    auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
    Backoff backoff = waitBackoff();
    while (true) {
      vyre_status s = keepServing(Mirrors::Unread);
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
  if (dispatch.state != State::Running)
    return ok();
  VkResult r = dispatch.await(timeoutMs);
  if (r == VK_TIMEOUT)
    return fail(VYRE_ERROR_TIMEOUT,
                "the dispatch did not return within " +
                    std::to_string(timeoutMs) + " ms" +
                    (manifest.persistent()
                         ? "; a persistent kernel returns only after "
                           "vyre_kernel_shutdown"
                         : ""));
  if (r != VK_SUCCESS)
    return failVk(r, "vkWaitForFences");
  return ok();
}

vyre_status vyre_kernel::shutdown(uint32_t timeoutMs, uint32_t *unfinished) {
  vyre_status drained = VYRE_OK;
  std::string drainError;
  if (dispatch.state == State::Lost) {
    dispatch.stop(timeoutMs); // what an injected loss left running
    drained = VYRE_ERROR_DEVICE_LOST;
    drainError = "the device was lost; vyre_kernel_rebuild runs them";
  } else if (dispatch.state == State::Running || dispatch.serving) {
    if (dispatch.state != State::Running)
      dispatch.submit(); // between a budget return and its relaunch
    // Complete what was published before stopping the lanes.
    drained = waitFor(published.load(), timeoutMs);
    if (drained != VYRE_OK)
      drainError = vyre_last_error();
    if (vyre_status s = dispatch.stop(std::max(timeoutMs, 1000u)))
      return s;
  }
  endHandOver();
  uint32_t left = 0;
  for (uint32_t s = 0; s < manifest.slots; ++s) {
    if (!slotTable.busy(s))
      continue;
    // Finished slots have DONE or FAULT in their completion mirror (the
    // ring keeps CLAIMED, ABI v6); any other busy slot did not run.
    uint32_t status = completionOf(s);
    if (!vyre_kernel::finishedStatus(status))
      ++left;
  }
  if (unfinished)
    *unfinished = left;
  if (left)
    return fail(drained == VYRE_ERROR_DEVICE_LOST ? drained : VYRE_ERROR_TIMEOUT,
                std::to_string(left) +
                    " published slots did not run before shutdown" +
                    (drainError.empty() ? "" : " (" + drainError + ")"));
  return drained == VYRE_OK ? ok() : fail(drained, drainError);
}
