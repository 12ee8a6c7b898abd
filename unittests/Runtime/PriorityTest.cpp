//===- PriorityTest.cpp - priority partitions, on the device ------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "RuntimeFixture.h"

#include <algorithm>
#include <cstdio>

using namespace vyre::test;

namespace {

class PriorityTest : public RuntimeTest {};

// Published lowest priority first; run highest priority first.
TEST_F(PriorityTest, CriticalSlotsRunBeforeNormalAndIdleStillRuns) {
  vyre_kernel *k = load("priorities");
  ASSERT_TRUE(k);
  vyre_kernel_info info;
  VYRE_OK_OR_FAIL(vyre_kernel_get_info(k, &info));
  ASSERT_EQ(info.sharded, 1);
  EXPECT_EQ(info.priority_offsets[VYRE_PRIORITY_NORMAL], 16u);

  // Observable 1 + i gets the rank of slot i.
  std::vector<vyre_slot> slots;
  auto add = [&](uint32_t count, uint32_t priority) {
    for (uint32_t i = 0; i < count; ++i) {
      slots.push_back(makeSlot(16, {uint32_t(1 + slots.size())}));
      slots.back().priority = priority;
    }
  };
  add(1, VYRE_PRIORITY_IDLE);
  add(30, VYRE_PRIORITY_NORMAL);
  add(8, VYRE_PRIORITY_CRITICAL);
  uint32_t n = 0;
  VYRE_OK_OR_FAIL(vyre_kernel_publish(k, slots.data(), uint32_t(slots.size()),
                                      kWait, &n));
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  VYRE_OK_OR_FAIL(vyre_kernel_wait_idle(k, kWait));
  std::vector<vyre_completion> done = reapAll(k);
  ASSERT_EQ(done.size(), slots.size());
  for (const vyre_completion &c : done)
    EXPECT_EQ(c.status, VYRE_STATUS_DONE) << "ticket " << c.ticket;

  std::vector<uint32_t> obs = observables(k, 1 + uint32_t(slots.size()));
  EXPECT_EQ(obs[0], slots.size());
  uint32_t worstCritical = 0, bestNormal = UINT32_MAX, worstNormal = 0;
  for (uint32_t i = 0; i < slots.size(); ++i) {
    uint32_t rank = obs[1 + i];
    if (slots[i].priority == VYRE_PRIORITY_CRITICAL)
      worstCritical = std::max(worstCritical, rank);
    if (slots[i].priority == VYRE_PRIORITY_NORMAL) {
      bestNormal = std::min(bestNormal, rank);
      worstNormal = std::max(worstNormal, rank);
    }
  }
  EXPECT_LT(worstCritical, bestNormal);
  EXPECT_EQ(obs[1], slots.size() - 1) << "the idle slot runs, last";
  EXPECT_LT(worstNormal, obs[1]);
}

// One call with priorities mixed slot by slot: each run ends where the
// next slot is another partition's (the publisher gives the rest of its
// reservation back), and every completion's ticket is its slot's index in
// the caller's array, so it ran in that slot's partition.
TEST_F(PriorityTest, AMixedArrayPublishesInOneCallWithTicketsInOrder) {
  vyre_kernel *k = load("priorities");
  ASSERT_TRUE(k);
  vyre_kernel_info info;
  VYRE_OK_OR_FAIL(vyre_kernel_get_info(k, &info));
  const uint32_t pattern[] = {VYRE_PRIORITY_NORMAL, VYRE_PRIORITY_NORMAL,
                              VYRE_PRIORITY_CRITICAL, VYRE_PRIORITY_NORMAL,
                              VYRE_PRIORITY_HIGH, VYRE_PRIORITY_IDLE,
                              VYRE_PRIORITY_NORMAL, VYRE_PRIORITY_LOW};
  std::vector<vyre_slot> slots;
  for (uint32_t i = 0; i < 40; ++i) { // 5 of each but normal (20 of 32)
    slots.push_back(makeSlot(16, {1 + i}));
    slots.back().priority = pattern[i % 8];
  }
  uint32_t n = 0;
  VYRE_OK_OR_FAIL(vyre_kernel_publish(k, slots.data(), uint32_t(slots.size()),
                                      kWait, &n));
  ASSERT_EQ(n, slots.size());
  EXPECT_EQ(vyre_kernel_published(k), slots.size());
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  VYRE_OK_OR_FAIL(vyre_kernel_wait_idle(k, kWait));
  std::vector<vyre_completion> done = reapAll(k);
  ASSERT_EQ(done.size(), slots.size());
  std::vector<bool> seen(slots.size());
  for (const vyre_completion &c : done) {
    ASSERT_LT(c.ticket, slots.size());
    EXPECT_FALSE(seen[c.ticket]) << "ticket " << c.ticket << " twice";
    seen[c.ticket] = true;
    uint32_t p = slots[c.ticket].priority;
    EXPECT_GE(c.slot, info.priority_offsets[p]) << "ticket " << c.ticket;
    EXPECT_LT(c.slot, info.priority_offsets[p + 1]) << "ticket " << c.ticket;
    EXPECT_EQ(c.status, VYRE_STATUS_DONE);
  }
  std::vector<uint32_t> obs = observables(k, 1 + uint32_t(slots.size()));
  EXPECT_EQ(obs[0], slots.size());
}

// Under a flood of critical slots the lane keeps to the critical and high
// partitions, but at most starvation_bound passes in a row: an idle slot
// published mid-flood runs within bound + 2 passes of its publication, long
// before the flood ends.
TEST_F(PriorityTest, IdleSlotsFinishWithinTheStarvationBoundUnderACriticalFlood) {
  vyre_kernel *k = load("priorities_persistent");
  ASSERT_TRUE(k);
  vyre_kernel_info info;
  VYRE_OK_OR_FAIL(vyre_kernel_get_info(k, &info));
  const uint32_t bound = info.starvation_bound;
  ASSERT_GT(bound, 0u);
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));

  constexpr uint32_t kCritical = 12000, kEvery = 2000, kJunk = 63;
  std::vector<vyre_slot> burst(8, makeSlot(16, {kJunk}));
  for (vyre_slot &s : burst)
    s.priority = VYRE_PRIORITY_CRITICAL;
  std::vector<uint64_t> publishedBefore;
  uint64_t published = 0;
  for (uint32_t sent = 0; sent < kCritical;) {
    if (sent / kEvery == publishedBefore.size() && sent % kEvery < 8) {
      vyre_slot idle = makeSlot(16, {uint32_t(1 + publishedBefore.size())});
      idle.priority = VYRE_PRIORITY_IDLE;
      uint32_t n = 0;
      VYRE_OK_OR_FAIL(vyre_kernel_publish(k, &idle, 1, kWait, &n));
      publishedBefore.push_back(published);
      published += n;
    }
    uint32_t n = 0;
    VYRE_OK_OR_FAIL(vyre_kernel_publish(k, burst.data(), 8, kWait, &n));
    sent += n;
    published += n;
    reapAll(k);
  }
  VYRE_OK_OR_FAIL(vyre_kernel_wait(k, published, kWait));

  // Passes after an idle slot's publication, before it runs: the one under
  // way (up to 64 slots), `bound` restricted ones (16 each), the full one
  // that reaches it (64). Generous: (bound + 2) full passes.
  std::vector<uint32_t> obs = observables(k, 1 + publishedBefore.size());
  EXPECT_EQ(obs[0], published);
  for (size_t i = 0; i < publishedBefore.size(); ++i) {
    uint64_t rank = obs[1 + i];
    EXPECT_LE(rank, publishedBefore[i] + (bound + 2) * 64)
        << "idle slot " << i << " published after " << publishedBefore[i]
        << " slots waited past the starvation bound";
  }
  uint32_t restricted = 0;
  VYRE_OK_OR_FAIL(
      vyre_kernel_read_control(k, VYRE_CTRL_STARVATION, &restricted, 1));
  EXPECT_GT(restricted, 0u) << "no pass skipped the lower partitions";
  std::printf("[ info ] %llu slots, %u restricted passes, idle ranks",
              (unsigned long long)published, restricted);
  for (size_t i = 0; i < publishedBefore.size(); ++i)
    std::printf(" %u (after %llu)", obs[1 + i],
                (unsigned long long)publishedBefore[i]);
  std::printf("\n");
  expectCleanShutdown(k, kWait);
}

TEST_F(PriorityTest, APriorityWithoutSlotsOrOutOfRangeIsRefused) {
  vyre_kernel *k = load("priorities");
  ASSERT_TRUE(k);
  vyre_slot s = makeSlot(16, {1});
  s.priority = VYRE_PRIORITY_LEVELS;
  uint32_t n = 7;
  EXPECT_EQ(vyre_kernel_publish(k, &s, 1, 0, &n), VYRE_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(n, 0u);
  EXPECT_NE(std::string(vyre_last_error()).find("priorities are 0"),
            std::string::npos)
      << vyre_last_error();
}

// A full partition is backpressure for its priority only.
TEST_F(PriorityTest, AFullPartitionDoesNotBlockOtherPriorities) {
  vyre_kernel *k = load("priorities");
  ASSERT_TRUE(k);
  std::vector<vyre_slot> critical(9, makeSlot(16, {1}));
  for (vyre_slot &s : critical)
    s.priority = VYRE_PRIORITY_CRITICAL;
  uint32_t n = 0;
  EXPECT_EQ(vyre_kernel_publish(k, critical.data(), 9, 0, &n),
            VYRE_ERROR_RING_FULL);
  EXPECT_EQ(n, 8u);
  EXPECT_NE(std::string(vyre_last_error()).find("queue of 8"),
            std::string::npos)
      << vyre_last_error();
  vyre_slot normal = makeSlot(16, {2});
  VYRE_OK_OR_FAIL(vyre_kernel_publish(k, &normal, 1, 0, &n));
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  VYRE_OK_OR_FAIL(vyre_kernel_wait_idle(k, kWait));
  EXPECT_EQ(reapAll(k).size(), 9u);
}

} // namespace
