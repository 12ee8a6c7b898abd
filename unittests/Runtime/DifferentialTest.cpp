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

#include "RandomWorkload.h"
#include "ReferenceModel.h"
#include "RuntimeFixture.h"

#include <algorithm>
#include <cstdio>
#include <functional>

using namespace vyre;
using namespace vyre::test;

namespace {

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
  ReferenceModel model(kObservables, kBuiltinDebugRecords, kBuiltinArms,
                       kBuiltinTenants, table);
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

// The same with the variant that defers STORE_U32 and BATCH_FENCE
// (vyre-fuse defer-budget): deferred slots, served after the claim in the
// fused kernel, must end as the interpreter's would.
TEST_F(DifferentialTest, DeferredArmsUnderLoadMatchTheReferenceModel) {
  vyre_kernel *k = load("builtins_persistent");
  ASSERT_TRUE(k);
  uint32_t deferred = 0;
  VYRE_OK_OR_FAIL(addVariant(k, "builtins_jit_deferred", deferred));
  run(k, [&](uint32_t sent) {
    if (sent == 10240)
      ASSERT_EQ(vyre_kernel_swap(k, deferred, kWait), VYRE_OK)
          << vyre_last_error();
    if (sent == 90112)
      ASSERT_EQ(vyre_kernel_swap(k, 0, kWait), VYRE_OK) << vyre_last_error();
  });
  vyre_jit_stats stats;
  VYRE_OK_OR_FAIL(vyre_kernel_jit_stats(k, &stats));
  EXPECT_EQ(stats.active, 0u);
  std::printf("[ info ] deferred: %llu slots requeued, %llu hand-overs\n",
              (unsigned long long)stats.requeued,
              (unsigned long long)stats.handovers);
}

} // namespace
