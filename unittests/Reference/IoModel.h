//===- IoModel.h - CPU model of vyre.io_read and its service -----*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// What one vyre.io_read comes to, with the rules the two sides apply
// (docs/design.md, "GPU-initiated IO"): the lowering's destination check
// (whole 4-byte elements, at least one, inside the buffer, tested so that
// nothing wraps; else the slot faults out_of_bounds and asks nothing),
// then the host service's (a registered source, the bytes inside it; else
// the slot faults io_error and the error log keeps the request), then the
// bytes in the buffer and the slot run again, resumed. The model keeps the
// service's counts and error log, so a test can hold the device to all of
// it. Memory sources only: a file or a callback is the same rule with
// another read.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_REFERENCE_IOMODEL_H
#define VYRE_REFERENCE_IOMODEL_H

#include "vyre/runtime.h"

#include <cstdint>
#include <map>
#include <vector>

namespace vyre {

class IoModel {
public:
  enum class Outcome {
    Served,      // the bytes are in the buffer; the slot runs again resumed
    IoError,     // the host refused or failed the read: FAULT io_error
    OutOfBounds, // the destination does not fit: FAULT out_of_bounds, no request
  };
  /// A request the host could not serve, as vyre_kernel_read_io_errors
  /// reports it.
  struct Failure {
    uint64_t ticket;
    uint32_t source;
    uint64_t offset;
    uint32_t bytes;
  };

  /// Source `id` serves the bytes of `memory` (vyre_kernel_add_io_memory).
  void addMemorySource(uint32_t id, std::vector<uint8_t> memory);

  /// Slot `ticket`'s vyre.io_read of `bytes` bytes at `offset` of `source`
  /// into elements [first, ...) of `buffer`.
  Outcome read(uint64_t ticket, uint32_t source, uint64_t offset,
               uint32_t bytes, std::vector<uint32_t> &buffer, uint32_t first);

  /// The service's counts, as vyre_kernel_io_stats gives them.
  uint64_t requests() const { return requestCount; }
  uint64_t errors() const { return failures.size(); }
  uint64_t bytesServed() const { return served; }
  const std::vector<Failure> &failed() const { return failures; }

private:
  std::map<uint32_t, std::vector<uint8_t>> sources;
  uint64_t requestCount = 0, served = 0;
  std::vector<Failure> failures;
};

} // namespace vyre

#endif // VYRE_REFERENCE_IOMODEL_H
