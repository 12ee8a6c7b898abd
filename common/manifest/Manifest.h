//===- Manifest.h - the ABI manifest, read and checked -----------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// docs/manifest.md is the schema. Loading checks it against the ABI header
// this runtime was built with, so a kernel from another ABI version, or a
// manifest that does not fit the header's layout, is refused with a message
// instead of corrupting memory at run time. The contract's one reader and
// its checks, in the neutral library (common/): the runtime loads through
// it, and the compiler (vyre-translate, vyre-compile) reads back every
// manifest it writes through it before writing it out.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_COMMON_MANIFEST_H
#define VYRE_COMMON_MANIFEST_H

#include "vyre/ABI/ManifestKeys.h"
#include "vyre/ABI/RingABI.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace vyre {

struct BindingInfo {
  uint32_t binding = 0;
  std::string name, kind, element, access;
  int64_t elements = 0; ///< -1: sized by the host
  /// User buffers: in device memory (`device_local`, or a vyre.io_read
  /// destination), which a running kernel sees the host write; else in
  /// host memory, written only before launch.
  bool deviceMemory = false;
};

struct ArmInfo {
  uint32_t index = 0;
  std::string handler;
  std::vector<uint32_t> opcodes;
  bool builtin = false;
};

struct WorkItem {
  uint32_t opcode = 0, tenant = 0, priority = 0;
  std::vector<uint32_t> args;
  /// Earlier items of the batch this one runs after (a task graph).
  std::vector<uint32_t> after;
};

struct Manifest {
  uint32_t abiVersion = 0;
  std::string kernel, entryPoint, mode;
  uint32_t slots = 0, workgroups = 0, workgroupSize = 0;
  uint32_t observables = 0, controlWords = 0, debugRecords = 0;
  /// Entries of the IO queue after the completion plane (ABI v9); 0: the
  /// kernel makes no IO requests.
  uint32_t ioEntries = 0;
  /// Dependency counters after the control words (ABI v10), and with them
  /// the ring's dependency plane; 0: the kernel has no dependencies.
  uint32_t dependencyCounters = 0;
  /// Lines of the device queue after the dependency plane (ABI v11), which
  /// handlers fill with vyre.enqueue; 0: the kernel enqueues nothing.
  uint32_t deviceQueue = 0;
  /// Words of the ring buffer: the lines, the dependency plane and the
  /// device queue.
  uint64_t ringWords() const {
    return vyre_ring_words(slots, dependencyCounters, deviceQueue);
  }
  std::vector<BindingInfo> bindings;
  std::vector<ArmInfo> arms;
  /// Tenant masks, tenantMaskWords words per tenant (one per 32 arms).
  std::vector<uint32_t> tenants;
  uint32_t tenantMaskWords = 1;
  std::map<std::string, std::vector<WorkItem>> batches;
  /// vyre-shard geometry; empty priorityOffsets: one partition for all.
  std::vector<uint32_t> priorityOffsets;
  uint32_t starvationBound = 0;
  std::string shardStrategy = manifest::word::shard_strategy::Strided;
  /// A JIT-fused kernel (vyre-fuse): the arms it serves, in test order; it
  /// marks every other slot REQUEUE. Empty: a generic interpreter.
  std::vector<uint32_t> fusedArms;
  /// Arms a JIT-fused kernel serves itself after the claim, in
  /// opcode-uniform rounds (never requeued); empty otherwise.
  std::vector<uint32_t> deferredArms;
  /// A fused batch (vyre-fuse-batch): the batch whose items it runs as
  /// straight-line code, on one lane. Empty: not a batch kernel.
  std::string fusedBatch;

  bool persistent() const { return mode == manifest::word::mode::Persistent; }
  /// True if vyre-shard laid out priority partitions.
  bool sharded() const { return !priorityOffsets.empty(); }
  /// The compiled partition starts and the ring end: the queues' default
  /// layout ([0, slots, ..., slots] unsharded), which the host writes into
  /// control words 72-77 unless vyre_kernel_set_queue_capacities changed it.
  std::array<uint32_t, VYRE_PRIORITY_OFFSET_WORDS> priorityOffsetWords() const {
    std::array<uint32_t, VYRE_PRIORITY_OFFSET_WORDS> words;
    words.fill(slots);
    words[0] = 0;
    if (sharded())
      std::copy(priorityOffsets.begin(), priorityOffsets.end(), words.begin());
    return words;
  }
  const BindingInfo *findBinding(const std::string &name) const;
  /// The dispatch arm serving `opcode`, or null.
  const ArmInfo *armFor(uint32_t opcode) const;
};

/// Parses and validates manifest JSON; on failure returns false with a
/// message saying what is wrong and how to fix it.
bool parseManifest(const std::string &json, Manifest &out, std::string &error);

/// The manifest against itself (ManifestChecks.cpp): bindings and buffer
/// names unique, each opcode served by one arm, arms in index order, work
/// items of at most 12 arguments. parseManifest calls it last.
bool checkManifestConsistency(const Manifest &m, std::string &error);

/// True if kernels of `a` and `b` can run one after the other on the same
/// buffers: same mode, ring, control layout, arms, partitions and
/// bindings (what a JIT variant must share with its generic kernel).
/// Otherwise `why` says what differs.
bool sameLayout(const Manifest &a, const Manifest &b, std::string &why);

} // namespace vyre

#endif // VYRE_COMMON_MANIFEST_H
