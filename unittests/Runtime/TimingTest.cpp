//===- TimingTest.cpp - dispatch timestamps and the ring-status probe -----===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// vyre_kernel_dispatch_time and vyre_kernel_slot_status (Timing.cpp), which
// the load benchmark uses to split the drain and the round trip.
//
//===----------------------------------------------------------------------===//

#include "RuntimeFixture.h"

#include <chrono>

using namespace vyre::test;

namespace {

class TimingTest : public RuntimeTest {};

TEST_F(TimingTest, DispatchTimeIsRefusedBeforeAndMeasuredAfterADispatch) {
  vyre_kernel *k = load("builtins_once");
  ASSERT_NE(k, nullptr);
  double us = -1;
  EXPECT_EQ(vyre_kernel_dispatch_time(k, &us), VYRE_ERROR_STATE);
  EXPECT_NE(std::string(vyre_last_error()).find("no dispatch has returned"),
            std::string::npos)
      << vyre_last_error();
  EXPECT_EQ(vyre_kernel_dispatch_time(k, nullptr), VYRE_ERROR_INVALID_ARGUMENT);

  // Fewer than the normal partition of the 256-slot ring holds.
  std::vector<vyre_slot> slots(100, makeSlot(VYRE_OP_NOP));
  uint32_t n = 0;
  VYRE_OK_OR_FAIL(vyre_kernel_publish(k, slots.data(), 100, kWait, &n));
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  VYRE_OK_OR_FAIL(vyre_kernel_wait_idle(k, kWait));
  vyre_status s = vyre_kernel_dispatch_time(k, &us);
  if (s == VYRE_ERROR_STATE &&
      std::string(vyre_last_error()).find("no timestamps") != std::string::npos)
    GTEST_SKIP() << "this device's queue has no timestamps";
  VYRE_OK_OR_FAIL(s);
  EXPECT_GT(us, 0.0);
  EXPECT_LT(us, 60e6); // within the wait
  EXPECT_EQ(reapAll(k).size(), 100u);
}

TEST_F(TimingTest, SlotStatusFollowsATicketUntilItIsReaped) {
  vyre_kernel *k = load("builtins_once");
  ASSERT_NE(k, nullptr);
  uint32_t status = 99;
  EXPECT_EQ(vyre_kernel_slot_status(k, 0, &status), VYRE_ERROR_INVALID_ARGUMENT);
  EXPECT_NE(std::string(vyre_last_error()).find("ticket 0"), std::string::npos);

  vyre_slot slot = makeSlot(VYRE_OP_NOP);
  uint32_t n = 0;
  VYRE_OK_OR_FAIL(vyre_kernel_publish(k, &slot, 1, kWait, &n));
  VYRE_OK_OR_FAIL(vyre_kernel_slot_status(k, 0, &status));
  EXPECT_EQ(status, VYRE_STATUS_PUBLISHED); // nothing runs it yet
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  VYRE_OK_OR_FAIL(vyre_kernel_wait_idle(k, kWait));
  VYRE_OK_OR_FAIL(vyre_kernel_slot_status(k, 0, &status));
  EXPECT_EQ(status, VYRE_STATUS_DONE);
  EXPECT_EQ(reapAll(k).size(), 1u);
  EXPECT_EQ(vyre_kernel_slot_status(k, 0, &status), VYRE_ERROR_INVALID_ARGUMENT);
}

} // namespace

namespace {

TEST_F(TimingTest, AFullRingOfAKernelThatIsNotRunningFailsAtOnce) {
  vyre_kernel *k = load("builtins_once");
  ASSERT_NE(k, nullptr);
  // More than the normal partition of the 256-slot ring holds, with a long
  // timeout: nothing can drain it before launch, so publish must not wait.
  std::vector<vyre_slot> slots(200, makeSlot(VYRE_OP_NOP));
  uint32_t n = 0;
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(vyre_kernel_publish(k, slots.data(), 200, kWait, &n),
            VYRE_ERROR_RING_FULL);
  double seconds = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - t0).count();
  EXPECT_LT(seconds, 30.0) << "publish waited for a ring nothing drains";
  EXPECT_NE(std::string(vyre_last_error()).find("launch it"), std::string::npos)
      << vyre_last_error();
  EXPECT_GT(n, 0u);
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  VYRE_OK_OR_FAIL(vyre_kernel_wait_idle(k, kWait));
  EXPECT_EQ(reapAll(k).size(), n);
}

TEST_F(TimingTest, SpinningWaitsServeEverySlotAndABadModeIsRefused) {
  vyre_kernel *k = load("builtins_once");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(vyre_kernel_set_wait_mode(k, vyre_wait_mode(7)),
            VYRE_ERROR_INVALID_ARGUMENT);
  EXPECT_NE(std::string(vyre_last_error()).find("VYRE_WAIT_SPIN"),
            std::string::npos)
      << vyre_last_error();
  EXPECT_EQ(vyre_kernel_set_wait_mode(nullptr, VYRE_WAIT_SPIN),
            VYRE_ERROR_INVALID_ARGUMENT);
  VYRE_OK_OR_FAIL(vyre_kernel_set_wait_mode(k, VYRE_WAIT_SPIN));
  std::vector<vyre_slot> slots(100, makeSlot(VYRE_OP_NOP));
  uint32_t n = 0;
  VYRE_OK_OR_FAIL(vyre_kernel_publish(k, slots.data(), 100, kWait, &n));
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  VYRE_OK_OR_FAIL(vyre_kernel_wait(k, 100, kWait));
  std::vector<vyre_completion> done = reapAll(k);
  ASSERT_EQ(done.size(), 100u);
  for (const vyre_completion &c : done)
    EXPECT_EQ(c.status, VYRE_STATUS_DONE);
}

} // namespace
