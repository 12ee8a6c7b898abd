//===- RandomWorkload.h - the differential tests' random slots ---*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// A random mix of every built-in and every fault for the builtins kernel
// (kernels/builtins.mlir) whose result does not depend on the order slots
// run in: additions commute, every other write to a word writes the same
// value, reads come from words nothing writes.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_UNITTESTS_RUNTIME_RANDOMWORKLOAD_H
#define VYRE_UNITTESTS_RUNTIME_RANDOMWORKLOAD_H

#include "RuntimeFixture.h"

#include <random>

namespace vyre::test {

constexpr uint32_t kObservables = kBuiltinObservables;
constexpr uint32_t kControlWords = VYRE_CTRL_OBSERVABLES + kObservables;
constexpr uint32_t kObs = VYRE_CTRL_OBSERVABLES;

/// Observable map of the workload:
///   0      BATCH_FENCE tag (always 777)       6     CAS previous (always 0)
///   51     CAS target (never matches)
///   8-31   ATOMIC_ADD targets (also packed)   32-47 STORE_U32, value f(word)
///   48-50  LOAD_U32 of tenant words 8-10      56-63 DFA_STEP results
///   52-54  MEMCPY of tenant words 8-10        55    out-of-table DFA_STEP
class Workload {
public:
  explicit Workload(uint32_t seed) : rng(seed) {}

  vyre_slot next() {
    uint32_t pick = below(100);
    if (pick < 25) // counters
      return makeSlot(VYRE_OP_ATOMIC_ADD, {below(1000), kObs + 8 + below(24)});
    if (pick < 28) // out of bounds add
      return makeSlot(VYRE_OP_ATOMIC_ADD, {1, kControlWords + below(1 << 20)});
    if (pick < 38) {
      uint32_t word = kObs + 32 + below(16);
      return makeSlot(VYRE_OP_STORE_U32, {word * 2654435761u, word});
    }
    if (pick < 40)
      return makeSlot(VYRE_OP_STORE_U32, {5, kControlWords + below(100)});
    if (pick < 47) {
      uint32_t src = below(3);
      return makeSlot(VYRE_OP_LOAD_U32, {VYRE_CTRL_TENANT_TABLE + src, 48 + src});
    }
    if (pick < 52)
      return makeSlot(VYRE_OP_NOP);
    if (pick < 58) { // packed counters
      uint32_t n = 1 + below(3);
      std::vector<uint32_t> ops;
      for (uint32_t i = 0; i < n; ++i) {
        ops.push_back(VYRE_OP_ATOMIC_ADD);
        ops.push_back(below(50));
        ops.push_back(kObs + 8 + below(24));
      }
      vyre_slot s;
      EXPECT_EQ(vyre_encode_packed(ops.data(), n, &s), VYRE_OK);
      return s;
    }
    if (pick < 60) // malformed packed slot (hand-built: the encoder refuses)
      return makeSlot(VYRE_OP_PACKED_SLOT, {below(2) ? 0u : 4u});
    if (pick < 64)
      return makeSlot(VYRE_OP_BATCH_FENCE, {0, 777});
    if (pick < 67)
      return makeSlot(VYRE_OP_PRINTF, {below(10), below(100), 0, 0});
    if (pick < 71) {
      uint32_t state = below(2), byte = below(256);
      uint32_t index = state * 256 + byte;
      return makeSlot(VYRE_OP_DFA_STEP, {state, byte, 56 + index % 8});
    }
    if (pick < 73) // out of the table: faults, observes 0, alone in obs 55
      return makeSlot(VYRE_OP_DFA_STEP, {2 + below(100), below(256), 55});
    if (pick < 76) // never matches: obs 51 stays 0, which obs 6 sees
      return makeSlot(VYRE_OP_COMPARE_SWAP, {kObs + 51, 12345, 1, 6});
    if (pick < 79)
      return makeSlot(VYRE_OP_MEMCPY, {VYRE_CTRL_TENANT_TABLE, kObs + 52, 3});
    if (pick < 80)
      return makeSlot(VYRE_OP_MEMCPY, {0, kObs, kControlWords + 1});
    if (pick < 86) { // unknown opcodes
      uint32_t op = 8 + below(0xFFF0 - 8);
      return makeSlot(op);
    }
    if (pick < 91) // tenant out of range
      return makeSlot(VYRE_OP_NOP, {}, 32 + below(1000));
    if (pick < 94) // tenant 1 may run arms 0-3 only; tenant 2 nothing
      return makeSlot(VYRE_OP_COMPARE_SWAP, {kObs + 51, 12345, 1, 6}, 1);
    if (pick < 96) // a slot trying to widen tenant 2's mask: OUT_OF_BOUNDS
      return makeSlot(VYRE_OP_STORE_U32, {~0u, VYRE_CTRL_TENANT_TABLE + 2});
    return makeSlot(VYRE_OP_ATOMIC_ADD, {1, kObs + 8}, 2);
  }

private:
  uint32_t below(uint32_t n) { return uint32_t(rng() % n); }
  std::mt19937 rng;
};

inline std::vector<uint32_t> dfaTable() {
  // table[i] depends only on i % 8, so any order of DFA_STEPs writing
  // observable 56 + i % 8 leaves the same value.
  std::vector<uint32_t> t(512);
  for (uint32_t i = 0; i < t.size(); ++i)
    t[i] = 1000 + i % 8;
  return t;
}

} // namespace vyre::test

#endif // VYRE_UNITTESTS_RUNTIME_RANDOMWORKLOAD_H
