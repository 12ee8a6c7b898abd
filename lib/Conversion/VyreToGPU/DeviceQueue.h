//===- DeviceQueue.h - device-side enqueue in the lowering -------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// A kernel with `device_queue = N` (ABI v11, RingABI.h "Device queue"):
// vyre.enqueue takes a free line with a bounded probe and publishes a
// follow-up task in it, and lanes serve the lines in each pass that scans,
// after the ring. Nothing waits: a full probe faults the enqueuing slot
// `queue_full`, and a line that is not published yet is found by a later
// pass, which the enqueuer's doorbell change brings about.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_LIB_CONVERSION_VYRETOGPU_DEVICEQUEUE_H
#define VYRE_LIB_CONVERSION_VYRETOGPU_DEVICEQUEUE_H

#include "SlotServer.h"

namespace mlir::vyre::detail {

class DeviceQueue {
public:
  /// `server` runs the lines' tasks with a host slot's checks.
  DeviceQueue(KernelContext &ctx, SlotServer &server);

  /// True for kernels that declare a device queue.
  static bool applies(MegakernelOp kernel) {
    return kernel.getNumDeviceQueueLines() != 0;
  }

  /// The handler's vyre.enqueue, for the task at ring word `taskBase`
  /// (a ring slot or a line: the enqueuer's tenant comes from it).
  void lowerEnqueue(EnqueueOp op, Value taskBase);
  /// This lane's share of the lines (strided like the ring's slots):
  /// each PUBLISHED one claimed, run and ended.
  void servePass(Value lane, Value lanes);

private:
  /// The first free line of the probe from `cursor + i`, or none (all ones).
  Value probe(Value cursor, uint32_t i);
  /// Ring word of line `line` (index).
  Value lineBase(Value line);
  /// Ends the served line: its count (and fault-log entry), then EMPTY
  /// after a release fence, then DQ_PENDING -= 1.
  void finishLine(Value line, Value base);

  KernelContext &ctx;
  SlotServer &server;
  uint32_t lines;
  uint64_t firstLineWord;
};

} // namespace mlir::vyre::detail

#endif // VYRE_LIB_CONVERSION_VYRETOGPU_DEVICEQUEUE_H
