//===- WorkgroupState.h - words a workgroup keeps between passes -*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Lane 0 decides for the whole workgroup, between two barriers at the loop
// head, whether another pass runs and what it does, so the loop is
// workgroup-uniform: barriers are legal in it, and a device that runs a
// workgroup's lanes as sequential SIMD chunks (llvmpipe) switches chunks at
// each barrier instead of running the first chunk's endless loop forever.
// Those decisions, and what a pass gathers for the next one, are i32 words
// of one workgroup array. Each word has a name here; the loop's core owns
// the first ones, and each feature reserves its own before the array is
// created, so its size is computed, never spelled out.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_LIB_CONVERSION_VYRETOGPU_WORKGROUPSTATE_H
#define VYRE_LIB_CONVERSION_VYRETOGPU_WORKGROUPSTATE_H

#include "KernelContext.h"

namespace mlir::vyre::detail {

/// One word of the workgroup state: its index once reserved.
struct StateWord {
  int64_t index = -1;
  explicit operator bool() const { return index >= 0; }
};

/// The workgroup's shared words. Reserve every word, then create() the
/// array (before the loop), then read and write words by name.
class WorkgroupState {
  KernelContext &ctx;
  int64_t size = 0;
  Value array;
  /// The index constant of each word reserved alone, made once where the
  /// array is created (so they dominate every use); a block's words get
  /// theirs at each use.
  llvm::DenseMap<int64_t, Value> indices;
  SmallVector<int64_t> singles;

public:
  explicit WorkgroupState(KernelContext &ctx) : ctx(ctx) {}

  /// The loop's own words: lane 0's go/stop decision; the slots this
  /// workgroup claimed this pass; the most back-edges any lane counted;
  /// the doorbell as the last loop head read it; whether this pass scans.
  StateWord go = reserve(), served = reserve(), maxEdges = reserve(),
            doorbell = reserve(), scan = reserve();

  /// A new word, or `count` consecutive ones (returns the first).
  StateWord reserve(int64_t count = 1) {
    assert(!array && "reserve every word before create()");
    StateWord word{size};
    if (count == 1)
      singles.push_back(size);
    size += count;
    return word;
  }
  /// Word `offset` of a block reserve(count) returned.
  static StateWord at(StateWord first, int64_t offset) {
    return StateWord{first.index + offset};
  }
  int64_t words() const { return size; }

  /// Creates the array; every word reserved so far is in it.
  void create();
  Value load(StateWord w);
  /// The index (index-typed) of word `w`.
  Value indexOf(StateWord w);
  /// The word at an index (a block's word, computed or reused).
  Value loadAt(Value index);
  void storeAt(Value value, Value index);
  void store(Value value, StateWord w);
  void store(int64_t value, StateWord w) { store(ctx.i32(value), w); }
  /// i1: word `w` is not 0.
  Value flag(StateWord w);
  /// Atomically adds (ors, maxes) `value` into word `w`: several lanes
  /// update it.
  void add(Value value, StateWord w) {
    atomic(arith::AtomicRMWKind::addi, value, w);
  }
  void orInto(Value value, StateWord w) {
    atomic(arith::AtomicRMWKind::ori, value, w);
  }
  void maxInto(Value value, StateWord w) {
    atomic(arith::AtomicRMWKind::maxu, value, w);
  }
  void atomic(arith::AtomicRMWKind kind, Value value, StateWord w);
};

} // namespace mlir::vyre::detail

#endif // VYRE_LIB_CONVERSION_VYRETOGPU_WORKGROUPSTATE_H
