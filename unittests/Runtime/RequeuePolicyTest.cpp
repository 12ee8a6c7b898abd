//===- RequeuePolicyTest.cpp - when requeued slots are handed over -*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// The hand-over decision alone, with no device: each of its three rules
// (enough slots, nothing else in flight, the oldest too old) fires alone,
// and none fires before its bound.
//
//===----------------------------------------------------------------------===//

#include "RequeuePolicy.h"

#include <gtest/gtest.h>

using vyre::RequeuePolicy;
using Clock = RequeuePolicy::Clock;
using std::chrono::microseconds;

namespace {

// 1000 slots in flight, so the "nothing else" rule stays quiet.
constexpr uint32_t kBusy = 1000;

RequeuePolicy withRequeues(size_t count, Clock::time_point at) {
  RequeuePolicy policy;
  for (size_t i = 0; i < count; ++i)
    policy.noteRequeue(i, at);
  return policy;
}

TEST(RequeuePolicyTest, DefaultThresholdIsAQuarterOfTheRing) {
  Clock::time_point t0 = Clock::now();
  RequeuePolicy policy = withRequeues(1, t0);
  EXPECT_FALSE(policy.handOverNow(1023, kBusy * 4, 4096, t0));
  EXPECT_TRUE(policy.handOverNow(1024, kBusy * 4, 4096, t0));
  // A ring of fewer than 4 slots still hands over at one.
  EXPECT_TRUE(policy.handOverNow(1, kBusy, 2, t0));
  EXPECT_FALSE(policy.handOverNow(0, kBusy, 2, t0));
}

TEST(RequeuePolicyTest, ConfiguredThresholdReplacesTheDefault) {
  Clock::time_point t0 = Clock::now();
  RequeuePolicy policy = withRequeues(1, t0);
  policy.configure(10, 0);
  EXPECT_FALSE(policy.handOverNow(9, kBusy, 4096, t0 + std::chrono::hours(1)));
  EXPECT_TRUE(policy.handOverNow(10, kBusy, 4096, t0));
}

TEST(RequeuePolicyTest, HandsOverWhenNothingElseIsInFlight) {
  Clock::time_point t0 = Clock::now();
  RequeuePolicy policy = withRequeues(3, t0);
  policy.configure(100, 0);
  EXPECT_FALSE(policy.handOverNow(3, 4, 4096, t0));
  EXPECT_TRUE(policy.handOverNow(3, 3, 4096, t0));
}

TEST(RequeuePolicyTest, AgeCountsFromTheOldestWaitingSlot) {
  Clock::time_point t0 = Clock::now();
  RequeuePolicy policy;
  policy.configure(100, 2000);
  policy.noteRequeue(0, t0);
  // A later requeue while one waits does not restart the clock.
  policy.noteRequeue(1, t0 + microseconds(1500));
  EXPECT_FALSE(policy.handOverNow(2, kBusy, 4096, t0 + microseconds(2000)));
  EXPECT_TRUE(policy.handOverNow(2, kBusy, 4096, t0 + microseconds(2001)));
  // After a hand-over (none waiting) the next requeue starts it again.
  policy.noteRequeue(0, t0 + microseconds(5000));
  EXPECT_FALSE(policy.handOverNow(1, kBusy, 4096, t0 + microseconds(6000)));
  EXPECT_EQ(policy.requeued(), 3u);
}

} // namespace
