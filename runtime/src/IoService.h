//===- IoService.h - serving the device's IO requests ------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// The host side of GPU-initiated IO (ABI v9, docs/abi.md "IO requests"): the
// sources a kernel's requests name, and a thread that takes each request
// from the IO queue in order, writes the bytes into the user buffer, frees
// the entry and publishes the slot again (RESUMED, or IO_FAILED with the
// details in the error log). It knows the kernel only through IoTarget,
// which the kernel fills in, so it depends on no other runtime part.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_RUNTIME_IOSERVICE_H
#define VYRE_RUNTIME_IOSERVICE_H

#include "FileReader.h"
#include "vyre/runtime.h"

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace vyre {

/// One source number's backing: a file, host memory or a callback.
struct IoSource {
  enum class Kind { File, Memory, Callback } kind = Kind::Memory;
  std::string path; ///< File: for messages
  int fd = -1;
  bool direct = false; ///< File: opened O_DIRECT (FileReader.h)
  const uint8_t *data = nullptr; ///< Memory
  uint64_t size = 0;             ///< Memory
  vyre_io_read_fn read = nullptr; ///< Callback
  void *user = nullptr;
};

/// What the service reads and writes of a kernel.
struct IoTarget {
  uint8_t *queue = nullptr; ///< the IO queue's first entry
  uint32_t entries = 0;
  uint32_t *freedWord = nullptr; ///< control[VYRE_CTRL_IO_FREED]
  uint32_t *ring = nullptr;
  uint32_t slots = 0;
  /// User buffer n: its mapped words and element count (null: none).
  std::vector<std::pair<uint32_t *, uint64_t>> buffers;
  /// The ticket of the slot in ring slot s (for the error log).
  std::function<uint64_t(uint32_t)> ticketOf;
  /// Called after slots were published again: the doorbell.
  std::function<void()> republished;
  /// A CPU device (lavapipe): poll gently, its workers need the cores.
  bool cpuDevice = false;
};

class IoService {
public:
  ~IoService();
  /// Registers `source`; fails (with the message in `why`) if it is taken.
  bool add(uint32_t number, IoSource source, std::string &why);
  /// Starts the thread over `target` unless it runs.
  void start(IoTarget target);
  /// Serves the requests already in the queue, then ends the thread. The
  /// entries' positions survive for the next start over the same buffers.
  void stop();
  /// Serves what is queued now, on the caller's thread, unless another
  /// thread is serving: the kernel's reap, wait and publish call it, so a
  /// host thread that polls anyway answers requests at once rather than
  /// when the service thread next runs (on lavapipe the device's workers
  /// hold the cores, and a woken service thread waited milliseconds).
  void poll() {
    if (!worker.joinable() || !serving.try_lock())
      return;
    while (serveNext()) {
    }
    serving.unlock();
  }
  /// Forgets the queue's position (its buffers were made anew).
  void resetQueue() { cursor = 0; }
  bool running() const { return worker.joinable(); }
  uint32_t takeErrors(vyre_io_error *out, uint32_t capacity);
  vyre_io_stats stats() const;

private:
  void run();
  /// Serves the entry at the cursor if it is ready; true if it was.
  bool serveNext();
  /// Reads the request into its buffer; 0, or the error's code and message.
  bool read(const uint32_t *words, int32_t &code, std::string &message);
  void logError(const uint32_t *words, int32_t code, const std::string &msg);

  IoTarget target;
  std::map<uint32_t, IoSource> sources;
  /// File reads, with the direct sources' bounce buffer (one serving
  /// thread at a time: `serving`).
  FileReader files;
  mutable std::mutex lock; ///< sources, errors and the stats
  std::mutex serving;      ///< held by the thread serving the queue
  std::deque<vyre_io_error> errors;
  vyre_io_stats totals{};
  uint64_t cursor = 0; ///< requests taken, all starts together
  std::atomic<bool> stopping{false};
  std::thread worker;
};

} // namespace vyre

#endif // VYRE_RUNTIME_IOSERVICE_H
