//===- Dispatch.h - the kernel's one dispatch and its state ------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// A kernel runs one dispatch at a time (docs/runtime.md). This object keeps
// its state (loaded, running, finished, lost) and the rules around it:
// submitting the recorded dispatch, polling its fence (rarely where nothing
// but a SHUTDOWN slot or a lost device can end it), relaunching a
// persistent dispatch that returned by its loop budget, from whichever
// thread finds it returned, and stopping it with SHUTDOWN. It reads and
// writes one word of the control buffer, SHUTDOWN, and knows nothing of
// slots, queues or variants. Depends on Executable.h and HostMemory.h.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_RUNTIME_DISPATCH_H
#define VYRE_RUNTIME_DISPATCH_H

#include "Executable.h"

#include <atomic>
#include <chrono>
#include <mutex>

namespace vyre {

class Dispatch {
public:
  enum class State { Loaded, Running, Finished, Lost };

  explicit Dispatch(Executable &exec) : exec(exec) {}

  /// The control buffer's SHUTDOWN word (after every allocation of it).
  void attach(uint32_t *shutdownWord) { shutdown = shutdownWord; }

  /// Submits the recorded dispatch: Running, or Lost with the error.
  vyre_status submit();
  /// Polls the fence of a running dispatch: Finished once it returned,
  /// Lost if the device was. VK_SUCCESS unless it still runs.
  VkResult poll();
  /// Waits up to `timeoutMs` for the fence, with the same transitions.
  VkResult await(uint32_t timeoutMs);
  /// Whether the fence is worth polling now (`mutex` held): always with a
  /// loop budget, else at most every 50 us.
  bool pollDue();

  /// The owner's check of a serving dispatch: polls it when due and
  /// relaunches it if it returned by its budget. `stillServing` is true
  /// when nothing ended and nothing was relaunched (the caller may go on
  /// with its own upkeep). Errors: a lost device, a SHUTDOWN slot.
  vyre_status check(bool &stillServing);
  /// A producer's check: relaunches a returned serving dispatch unless
  /// another thread is at it; errors surface at the owner's next check.
  void relaunchIfReturned();
  /// Stops relaunching, sets SHUTDOWN and waits for the fence.
  vyre_status stop(uint32_t timeoutMs);
  /// stop() for a lost device: the dispatch an injected loss left running
  /// returns (a really lost one answers at once). The fence's real answer:
  /// VK_TIMEOUT if it still runs after `timeoutMs`.
  VkResult quiesce(uint32_t timeoutMs);

  /// Read by producer threads; changed by the owner's thread.
  std::atomic<State> state{State::Loaded};
  /// A persistent kernel between launch and shutdown: a dispatch that
  /// returns without SHUTDOWN (loop budget) is submitted again.
  std::atomic<bool> serving{false};
  /// The loop budget the dispatch runs with (the host's copy of the word).
  uint32_t budget = 0;
  /// Dispatches resubmitted after they spent their budget.
  uint32_t relaunches = 0;
  /// Held while the dispatch is polled and resubmitted, by whichever thread
  /// finds it returned (a producer's too); stop() takes it once after
  /// clearing `serving`, so that no relaunch follows a stop.
  std::mutex mutex;

private:
  /// Resubmits a dispatch that returned by its budget (`mutex` held);
  /// KERNEL_EXITED if a SHUTDOWN slot stopped it.
  vyre_status relaunch();

  Executable &exec;
  uint32_t *shutdown = nullptr;
  std::chrono::steady_clock::time_point nextPoll{};
};

} // namespace vyre

#endif // VYRE_RUNTIME_DISPATCH_H
