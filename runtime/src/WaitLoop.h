//===- WaitLoop.h - the loop every wait of a kernel runs --------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// vyre_kernel_wait and vyre_kernel_wait_device_queue wait for different
// things the same way: keep a serving kernel served (relaunches, the
// requeue policy), notice a lost device or a kernel that stopped, and
// watch the heartbeat, so that a stuck handler is reported as HUNG and
// not as a timeout. A template, not a std::function: a round trip's wait
// runs it once per poll.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_RUNTIME_WAITLOOP_H
#define VYRE_RUNTIME_WAITLOOP_H

#include "Error.h"
#include "HostMemory.h"
#include "Kernel.h"

#include <chrono>
#include <string>

namespace vyre {

/// Polls until `done()` holds. `left()` says what is unfinished ("3
/// slots"), for the errors; `onTimeout()` is the TIMEOUT error's message.
template <class Done, class Left, class OnTimeout>
vyre_status waitLoop(vyre_kernel &k, uint32_t timeoutMs, Done done, Left left,
                     OnTimeout onTimeout) {
  using Clock = std::chrono::steady_clock;
  using State = vyre_kernel::State;
  auto start = Clock::now();
  auto deadline = start + std::chrono::milliseconds(timeoutMs);
  uint32_t heartbeat = loadAcquire(&k.control.words[VYRE_CTRL_HEARTBEAT]);
  auto lastBeat = start;
  Backoff backoff = k.waitBackoff();
  while (!done()) {
    auto now = Clock::now();
    if (k.dispatch.serving) {
      if (vyre_status s = k.keepServing(vyre_kernel::Mirrors::Unread))
        return s;
    } else if (k.dispatch.poll() == VK_ERROR_DEVICE_LOST) {
      return failVk(VK_ERROR_DEVICE_LOST, "waiting for slots");
    }
    if (k.dispatch.state == State::Lost)
      return failVk(VK_ERROR_DEVICE_LOST, "waiting for slots");
    if (k.dispatch.state != State::Running && !done())
      return fail(VYRE_ERROR_STATE, "the kernel is not running and " +
                                        left() +
                                        " are unfinished; launch it to "
                                        "serve them");
    uint32_t beat = loadAcquire(&k.control.words[VYRE_CTRL_HEARTBEAT]);
    if (beat != heartbeat) {
      heartbeat = beat;
      lastBeat = now;
    } else if (k.watchdogMs && k.dispatch.state == State::Running &&
               now - lastBeat > std::chrono::milliseconds(k.watchdogMs)) {
      return fail(VYRE_ERROR_HUNG,
                  "watchdog: the kernel's heartbeat has not moved for " +
                      std::to_string(k.watchdogMs) + " ms with " + left() +
                      " unfinished; a handler is probably stuck in a loop "
                      "(vyre_kernel_set_watchdog changes the limit)");
    }
    if (now >= deadline)
      return fail(VYRE_ERROR_TIMEOUT, onTimeout());
    backoff.pause();
  }
  return ok();
}

} // namespace vyre

#endif // VYRE_RUNTIME_WAITLOOP_H
