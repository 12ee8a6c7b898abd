//===- DifferentialTest.cpp - 100,000 random slots vs the model --*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// A random mix of every built-in and every fault, run on the persistent
// kernel through a 256-slot ring (so publishing keeps hitting backpressure
// and recycling), compared with the reference model slot by slot and word by
// word. The lanes run slots in any order, so the workload is built so that
// its result does not depend on order: additions commute, every other write
// to a word writes the same value, reads come from words nothing writes.
//
//===----------------------------------------------------------------------===//

#include "ReferenceModel.h"
#include "RuntimeFixture.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <random>

using namespace vyre;
using namespace vyre::test;

namespace {

constexpr uint32_t kObservables = 64;
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

std::vector<uint32_t> dfaTable() {
  // table[i] depends only on i % 8, so any order of DFA_STEPs writing
  // observable 56 + i % 8 leaves the same value.
  std::vector<uint32_t> t(512);
  for (uint32_t i = 0; i < t.size(); ++i)
    t[i] = 1000 + i % 8;
  return t;
}

class DifferentialTest : public RuntimeTest {
protected:
  /// Runs 100,000 random slots on `k` (not launched yet) and compares
  /// every slot and control word with the reference model. `beforeChunk`
  /// runs before each publish call with the number of slots sent so far.
  void run(vyre_kernel *k,
           const std::function<void(uint32_t)> &beforeChunk = nullptr);
};

void DifferentialTest::run(vyre_kernel *k,
                           const std::function<void(uint32_t)> &beforeChunk) {
  constexpr uint32_t kSlots = 100000;
  std::vector<uint32_t> table = dfaTable();
  VYRE_OK_OR_FAIL(vyre_kernel_write_buffer(k, "dfa", 0, table.data(), 512));
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));

  Workload workload(20261125);
  std::vector<vyre_slot> slots(kSlots);
  // Every priority, critical and high most (so passes that skip the lower
  // partitions run often): results must not depend on the order.
  std::mt19937 priorities(7);
  constexpr uint32_t kPriorityOf[10] = {0, 0, 0, 0, 1, 1, 2, 2, 3, 4};
  for (vyre_slot &s : slots) {
    s = workload.next();
    s.priority = kPriorityOf[priorities() % 10];
  }

  // Publish in chunks, reaping as we go; the ring holds 256.
  std::vector<vyre_completion> done;
  done.reserve(kSlots);
  std::vector<vyre_completion> chunk(1024);
  uint32_t sent = 0;
  while (sent < kSlots) {
    if (beforeChunk)
      beforeChunk(sent);
    uint32_t want = std::min<uint32_t>(1024, kSlots - sent), n = 0;
    vyre_status s = vyre_kernel_publish(k, slots.data() + sent, want, 60000, &n);
    ASSERT_EQ(s, VYRE_OK) << vyre_last_error();
    sent += n;
    uint32_t got = 0;
    ASSERT_EQ(vyre_kernel_reap(k, chunk.data(), 1024, &got), VYRE_OK);
    done.insert(done.end(), chunk.begin(), chunk.begin() + got);
  }
  VYRE_OK_OR_FAIL(vyre_kernel_wait(k, kSlots, 120000));
  uint32_t got = 0;
  do {
    ASSERT_EQ(vyre_kernel_reap(k, chunk.data(), 1024, &got), VYRE_OK);
    done.insert(done.end(), chunk.begin(), chunk.begin() + got);
  } while (got);
  // No slot lost or run twice.
  ASSERT_EQ(done.size(), size_t(kSlots));
  std::sort(done.begin(), done.end(),
            [](auto &a, auto &b) { return a.ticket < b.ticket; });
  for (uint32_t i = 0; i < kSlots; ++i)
    ASSERT_EQ(done[i].ticket, i);

  // Slot by slot.
  ReferenceModel model(kObservables, 32, kBuiltinArms, kBuiltinTenants,
                       table);
  model.control()[VYRE_CTRL_BUFFER_LENGTHS] = 512; // as the host wrote it
  uint32_t mismatches = 0, faults = 0;
  for (uint32_t i = 0; i < kSlots; ++i) {
    ReferenceOutcome expect = model.execute(done[i].slot, slots[i]);
    faults += expect.status == VYRE_STATUS_FAULT;
    if (done[i].status != expect.status ||
        done[i].fault_code != expect.faultCode) {
      if (++mismatches <= 10)
        ADD_FAILURE() << "slot " << i << " (opcode " << slots[i].opcode
                      << ", tenant " << slots[i].tenant << "): device "
                      << done[i].status << "/" << done[i].fault_code
                      << ", reference " << expect.status << "/"
                      << expect.faultCode;
    }
  }
  EXPECT_EQ(mismatches, 0u);
  EXPECT_GT(faults, kSlots / 10) << "the mix should exercise every fault";

  // Word by word, but the heartbeat and the (order-dependent) fault log.
  std::vector<uint32_t> device(kControlWords);
  VYRE_OK_OR_FAIL(vyre_kernel_read_control(k, 0, device.data(), kControlWords));
  for (uint32_t w = 0; w < kControlWords; ++w) {
    bool log = w >= VYRE_CTRL_FAULT_LOG &&
               w < VYRE_CTRL_FAULT_LOG +
                       VYRE_FAULT_LOG_ENTRIES * VYRE_FAULT_LOG_ENTRY_WORDS;
    if (isHostOrPassWord(w) || log)
      continue;
    EXPECT_EQ(device[w], model.control()[w]) << "control word " << w;
  }
  // Tenant isolation: slots storing ~0 into tenant 2's mask word all
  // faulted, so tenant 2 still may run nothing.
  EXPECT_EQ(device[VYRE_CTRL_TENANT_TABLE + 2], 0u);
  EXPECT_GT(device[VYRE_CTRL_STARVATION], 0u)
      << "no pass skipped the lower partitions";
  EXPECT_EQ(uint64_t(device[VYRE_CTRL_DONE_COUNT]) +
                device[VYRE_CTRL_FAULT_COUNT],
            uint64_t(kSlots));
  vyre_debug_record records[32];
  uint32_t n = 0, dropped = 0;
  VYRE_OK_OR_FAIL(vyre_kernel_read_debug_log(k, records, 32, &n, &dropped));
  EXPECT_EQ(n + dropped, model.debugAppended());
  expectCleanShutdown(k, 60000);
  std::printf("[ info ] %u restricted passes\n", device[VYRE_CTRL_STARVATION]);
  std::printf("[ info ] 100000 slots, %u faults, %u relaunches of the "
              "persistent dispatch\n",
              faults, vyre_kernel_relaunches(k));
}

TEST_F(DifferentialTest, HundredThousandRandomSlotsMatchTheReferenceModel) {
  vyre_kernel *k = load("builtins_persistent");
  ASSERT_TRUE(k);
  run(k);
}

// The same workload while the runtime swaps a JIT-fused variant in and out
// under load: it fuses STORE_U32, ATOMIC_ADD and LOAD_U32 (about half the
// mix) and requeues everything else, faults included, to the generic
// interpreter. Every slot must still complete once, exactly as the model
// says.
TEST_F(DifferentialTest, JitSwapsUnderLoadMatchTheReferenceModel) {
  vyre_kernel *k = load("builtins_persistent");
  ASSERT_TRUE(k);
  uint32_t fused = 0;
  VYRE_OK_OR_FAIL(addVariant(k, "builtins_jit", fused));
  ASSERT_EQ(fused, 1u);
  run(k, [&](uint32_t sent) {
    if (sent == 10240)
      ASSERT_EQ(vyre_kernel_swap(k, fused, kWait), VYRE_OK) << vyre_last_error();
    if (sent == 90112)
      ASSERT_EQ(vyre_kernel_swap(k, 0, kWait), VYRE_OK) << vyre_last_error();
  });
  vyre_jit_stats stats;
  VYRE_OK_OR_FAIL(vyre_kernel_jit_stats(k, &stats));
  EXPECT_EQ(stats.active, 0u);
  EXPECT_GT(stats.requeued, 10000u);
  EXPECT_GT(stats.handovers, 0u);
  EXPECT_GE(stats.swaps, stats.handovers); // each hand-over swaps twice,
  // unless a swap the test asks for redirects it
  std::printf("[ info ] JIT: %llu slots requeued, %llu hand-overs, %llu "
              "swaps\n",
              (unsigned long long)stats.requeued,
              (unsigned long long)stats.handovers,
              (unsigned long long)stats.swaps);
}

} // namespace
