//===- Producer.h - a thread's publishing state ------------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// What one publisher keeps: the kernel's own (vyre_kernel_publish and
// vyre_kernel_reap, the caller's thread) and each vyre_producer (a host
// thread of its own). Every publisher counts only its own slots, so the
// fast path has no shared counter besides the queue's reservation; a
// tenant's quota is checked against the sum over publishers.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_RUNTIME_PRODUCER_H
#define VYRE_RUNTIME_PRODUCER_H

#include "CompletionFifo.h"
#include "SlotTable.h"
#include "SubmissionQueues.h"
#include "vyre/runtime.h"

#include <array>
#include <atomic>
#include <deque>

struct vyre_kernel;

struct vyre_producer {
  vyre_kernel *kernel = nullptr;
  /// The busy tag of the slots it published (VYRE_BUSY_*, SlotTable.h).
  uint8_t tag = VYRE_BUSY_KERNEL;
  /// Its slots in the ring, REQUEUE ones included. Written by its thread.
  uint32_t inFlight = 0;
  /// Its slots in flight per tenant: written by its own thread only, read
  /// by every publisher for the quota (relaxed: a quota is a bound on
  /// slots in flight, checked as of the last reap).
  std::array<std::atomic<uint32_t>, VYRE_MAX_TENANTS> tenantInFlight{};
  /// Slots it completed on the host (quota faults), for the kernel's
  /// finished() count.
  std::atomic<uint64_t> hostFaults{0};
  /// Completions collected before a reap asked for them: quota faults, and
  /// slots reaped by a publish that found its queue full.
  vyre::CompletionFifo pending;
  /// A producer's positions not yet all reaped, oldest first (the kernel's
  /// own publisher scans the whole ring instead, REQUEUEs included).
  std::deque<vyre::Reservation> ranges;
  /// Leading positions of ranges.front() already reaped.
  uint32_t frontReaped = 0;
  /// 1 while a vyre_producer_publish or reap of its thread runs: a rebuild
  /// (another thread) refuses to replace the buffers under it. Sequentially
  /// consistent against the kernel's `rebuilding` (see ProducerCall).
  std::atomic<uint32_t> inCall{0};

  void countTenant(uint32_t tenant, int32_t delta) {
    if (tenant < VYRE_MAX_TENANTS)
      tenantInFlight[tenant].store(
          tenantInFlight[tenant].load(std::memory_order_relaxed) + delta,
          std::memory_order_relaxed);
  }
  void countHostFault() {
    hostFaults.store(hostFaults.load(std::memory_order_relaxed) + 1,
                     std::memory_order_relaxed);
  }
  void reset();
  /// A producer's positions from `r`, merged into the last range when they
  /// follow it.
  void noteRange(const vyre::Reservation &r);
  /// Up to `capacity` of its finished slots into `out`; how many.
  uint32_t reapInto(vyre_completion *out, uint32_t capacity);
  /// Collects its finished slot `s` into `*into` (or `pending`); true if
  /// it was finished (and is free now).
  bool collectOwn(uint32_t s, vyre_completion *into = nullptr);
};

#endif // VYRE_RUNTIME_PRODUCER_H
