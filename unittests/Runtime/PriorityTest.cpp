//===- PriorityTest.cpp - priority partitions, on the device ------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "RuntimeFixture.h"

#include <algorithm>

using namespace vyre::test;

namespace {

constexpr uint32_t kWait = 60000; // ms

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
  EXPECT_NE(std::string(vyre_last_error()).find("partition of 8"),
            std::string::npos)
      << vyre_last_error();
  vyre_slot normal = makeSlot(16, {2});
  VYRE_OK_OR_FAIL(vyre_kernel_publish(k, &normal, 1, 0, &n));
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  VYRE_OK_OR_FAIL(vyre_kernel_wait_idle(k, kWait));
  EXPECT_EQ(reapAll(k).size(), 9u);
}

} // namespace
