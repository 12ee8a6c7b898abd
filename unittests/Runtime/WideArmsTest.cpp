//===- WideArmsTest.cpp - megakernels of more than 32 arms, on the device -===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// wide_arms.mlir has 40 arms, so its tenant masks are two words and arms
// 32-39 keep their mask bits and counters in the wide-arm region after the
// observables. These tests check that the lowering, the manifest and the
// runtime agree on where those words are.
//
//===----------------------------------------------------------------------===//

#include "RuntimeFixture.h"

#include <algorithm>
#include <chrono>
#include <thread>

using namespace vyre::test;

namespace {

constexpr uint32_t kArms = 40, kObservables = 8;

class WideArmsTest : public RuntimeTest {
protected:
  uint32_t counter(vyre_kernel *k, uint32_t arm) {
    uint32_t v = 0;
    EXPECT_EQ(vyre_kernel_read_control(
                  k, vyre_handler_counter_word(kObservables, kArms, arm), &v, 1),
              VYRE_OK);
    return v;
  }
  /// Arm h runs h + 1 times, adding h + 1 to observable h % 8 each time;
  /// `expected` gets the observables that leaves.
  static std::vector<vyre_slot>
  everyArmItsIndexTimes(std::vector<uint32_t> &expected) {
    std::vector<vyre_slot> slots;
    expected.assign(kObservables, 0);
    for (uint32_t h = 0; h < kArms; ++h)
      for (uint32_t i = 0; i <= h; ++i) {
        slots.push_back(makeSlot(16 + h, {h % kObservables}));
        expected[h % kObservables] += h + 1;
      }
    return slots;
  }
  /// Publishes `slots`, waits for all of them and returns their completions
  /// in publication order.
  std::vector<vyre_completion> run(vyre_kernel *k,
                                   const std::vector<vyre_slot> &slots) {
    uint32_t n = 0;
    uint64_t before = vyre_kernel_published(k);
    EXPECT_EQ(vyre_kernel_publish(k, slots.data(), uint32_t(slots.size()),
                                  kWait, &n),
              VYRE_OK);
    EXPECT_EQ(vyre_kernel_wait(k, before + slots.size(), kWait), VYRE_OK);
    std::vector<vyre_completion> done = reapAll(k);
    std::sort(done.begin(), done.end(),
              [](auto &a, auto &b) { return a.ticket < b.ticket; });
    return done;
  }
};

TEST_F(WideArmsTest, EveryArmRunsAndCountsInItsOwnWord) {
  vyre_kernel *k = load("wide_arms");
  ASSERT_TRUE(k);
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  std::vector<uint32_t> expected;
  std::vector<vyre_slot> slots = everyArmItsIndexTimes(expected);
  for (const vyre_completion &c : run(k, slots))
    EXPECT_EQ(c.status, VYRE_STATUS_DONE) << "fault " << c.fault_code;
  EXPECT_EQ(observables(k, kObservables), expected);
  std::vector<uint32_t> counters(kArms);
  VYRE_OK_OR_FAIL(vyre_kernel_read_handler_counters(k, counters.data(), kArms));
  for (uint32_t h = 0; h < kArms; ++h) {
    EXPECT_EQ(counter(k, h), h + 1) << "arm " << h;
    EXPECT_EQ(counters[h], h + 1) << "arm " << h;
  }
  EXPECT_EQ(vyre_kernel_read_handler_counters(k, counters.data(), kArms + 1),
            VYRE_ERROR_INVALID_ARGUMENT);
  expectCleanShutdown(k, kWait);
}

// Lanes add their arm counts once per pass, so a slot can be reaped from its
// mirror before its arm is counted. Reading the counters must still count
// every slot already reaped: the call waits for the lanes' tallies.
TEST_F(WideArmsTest, CountersCoverEverySlotReapedFromTheMirrors) {
  vyre_kernel *k = load("wide_arms");
  ASSERT_TRUE(k);
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  std::vector<uint32_t> expected;
  std::vector<vyre_slot> slots = everyArmItsIndexTimes(expected);
  for (int round = 1; round <= 3; ++round) {
    uint32_t n = 0;
    VYRE_OK_OR_FAIL(vyre_kernel_publish(k, slots.data(), uint32_t(slots.size()),
                                        kWait, &n));
    // Reaped as they come back, with no vyre_kernel_wait (DONE_COUNT).
    size_t got = 0;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (got < slots.size() && std::chrono::steady_clock::now() < deadline)
      got += reapAll(k).size();
    ASSERT_EQ(got, slots.size());
    std::vector<uint32_t> counters(kArms);
    VYRE_OK_OR_FAIL(vyre_kernel_read_handler_counters(k, counters.data(), kArms));
    for (uint32_t h = 0; h < kArms; ++h)
      EXPECT_EQ(counters[h], round * (h + 1)) << "arm " << h << ", round " << round;
  }
  expectCleanShutdown(k, kWait);
}

// A batch that arrives after a long idle stretch. On a device that runs a
// SIMD chunk's masked-off branches (lavapipe), an idle pass still enters
// every loop of the pass once, the 40 arms' canaries included: 42 of the
// chunk's 65535 back-edges, where the lane's budget count once said 1. The
// dispatch then ran out at idle pass 1559, before its budget (2047 passes),
// and a batch served across that pass lost slots: iteration_limit faults,
// and 8 slots (one SIMD chunk) left CLAIMED (CI, 2026-12-03). Under that
// count the batch below started 100 passes before the cut (it takes about
// 200 passes on 2 CPU threads), so it spanned it; under the right count
// the dispatch returns by its budget first (pass 509), and the batch
// starts once the passes stop.
TEST_F(WideArmsTest, ABatchAfterALongIdleStretchAllEndsDone) {
  vyre_kernel *k = load("wide_arms");
  ASSERT_TRUE(k);
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  constexpr uint32_t kOldCut = 1559, kLead = 100;
  // Idle until that pass, or until the dispatch returned by its budget
  // (the passes stop: nothing relaunches it while the host is quiet).
  uint32_t passes = 0, seen = UINT32_MAX;
  auto quietSince = std::chrono::steady_clock::now();
  while (passes < kOldCut - kLead &&
         std::chrono::steady_clock::now() - quietSince <
             std::chrono::milliseconds(20)) {
    VYRE_OK_OR_FAIL(vyre_kernel_read_control(k, VYRE_CTRL_HEARTBEAT, &passes, 1));
    if (passes != seen)
      quietSince = std::chrono::steady_clock::now();
    seen = passes;
    std::this_thread::yield();
  }
  std::vector<uint32_t> expected;
  std::vector<vyre_slot> slots = everyArmItsIndexTimes(expected);
  for (const vyre_completion &c : run(k, slots))
    EXPECT_EQ(c.status, VYRE_STATUS_DONE)
        << "fault " << c.fault_code << " (batch from pass " << passes << ")";
  EXPECT_EQ(observables(k, kObservables), expected);
  expectCleanShutdown(k, kWait);
}

TEST_F(WideArmsTest, TenantMaskWordsBeyondTheFirstAreEnforced) {
  vyre_kernel *k = load("wide_arms");
  ASSERT_TRUE(k);
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  // Tenant 1 may run arm 32 only (bit 0 of its second word).
  std::vector<vyre_completion> done =
      run(k, {makeSlot(16 + 32, {0}, 1), makeSlot(16 + 33, {0}, 1),
              makeSlot(16 + 0, {0}, 1), makeSlot(16 + 39, {1}, 0)});
  ASSERT_EQ(done.size(), 4u);
  EXPECT_EQ(done[0].status, VYRE_STATUS_DONE);
  EXPECT_EQ(done[1].fault_code, VYRE_FAULT_TENANT_DENIED);
  EXPECT_EQ(done[2].fault_code, VYRE_FAULT_TENANT_DENIED);
  EXPECT_EQ(done[3].status, VYRE_STATUS_DONE);

  // Widen tenant 1 to arms 0 and 33 while the kernel runs.
  const uint32_t mask[2] = {1u, 2u};
  VYRE_OK_OR_FAIL(vyre_kernel_set_tenant_mask_words(k, 1, mask, 2));
  done = run(k, {makeSlot(16 + 33, {2}, 1), makeSlot(16 + 0, {2}, 1),
                 makeSlot(16 + 32, {2}, 1)});
  ASSERT_EQ(done.size(), 3u);
  EXPECT_EQ(done[0].status, VYRE_STATUS_DONE);
  EXPECT_EQ(done[1].status, VYRE_STATUS_DONE);
  EXPECT_EQ(done[2].fault_code, VYRE_FAULT_TENANT_DENIED);
  std::vector<uint32_t> obs = observables(k, 3);
  EXPECT_EQ(obs[0], 33u);
  EXPECT_EQ(obs[1], 40u);
  EXPECT_EQ(obs[2], 34u + 1u);

  // A mask longer than the kernel's is refused with the reason.
  const uint32_t tooLong[3] = {0, 0, 0};
  EXPECT_EQ(vyre_kernel_set_tenant_mask_words(k, 1, tooLong, 3),
            VYRE_ERROR_INVALID_ARGUMENT);
  EXPECT_NE(std::string(vyre_last_error()).find("1 to 2 words"),
            std::string::npos)
      << vyre_last_error();
  expectCleanShutdown(k, kWait);
}

} // namespace
