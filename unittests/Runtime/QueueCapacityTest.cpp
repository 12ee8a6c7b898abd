//===- QueueCapacityTest.cpp - submission queues sized by the host -*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// vyre_kernel_set_queue_capacities on the device (ABI v7: the kernel reads
// the queues' bounds at its start): a zero-initialised (critical) slot
// gets the whole ring once critical has it, a persistent kernel serves
// tagged slots over many laps of queues that are not the compiled layout,
// priorities still order the work, and every misuse is refused with a
// reason.
//
//===----------------------------------------------------------------------===//

#include "RuntimeFixture.h"

#include <algorithm>
#include <array>

using namespace vyre::test;

namespace {

class QueueCapacityTest : public RuntimeTest {
protected:
  using Capacities = std::array<uint32_t, VYRE_PRIORITY_LEVELS>;
  vyre_status size(vyre_kernel *k, Capacities c) {
    return vyre_kernel_set_queue_capacities(k, c.data());
  }
  /// Slot i: opcode 16 (the rank handler) with a0 = 1 + i.
  static std::vector<vyre_slot> rankSlots(uint32_t count, uint32_t priority) {
    std::vector<vyre_slot> slots;
    for (uint32_t i = 0; i < count; ++i) {
      slots.push_back(makeSlot(16, {1 + i}));
      slots.back().priority = priority;
    }
    return slots;
  }
};

// The compiled layout gives critical 8 of 64 slots; given the whole ring,
// 64 zero-initialised slots publish in one call.
TEST_F(QueueCapacityTest, CriticalSlotsFillTheRingOnceCriticalHasIt) {
  vyre_kernel *k = load("priorities");
  ASSERT_TRUE(k);
  std::vector<vyre_slot> slots = rankSlots(63, VYRE_PRIORITY_CRITICAL);
  uint32_t n = 0;
  EXPECT_EQ(vyre_kernel_publish(k, slots.data(), 63, 0, &n),
            VYRE_ERROR_RING_FULL);
  EXPECT_EQ(n, 8u) << "the compiled layout's critical queue";
  EXPECT_NE(std::string(vyre_last_error())
                .find("queue capacities"),
            std::string::npos)
      << vyre_last_error();
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  VYRE_OK_OR_FAIL(vyre_kernel_wait_idle(k, kWait));
  ASSERT_EQ(reapAll(k).size(), 8u);

  VYRE_OK_OR_FAIL(size(k, {64, 0, 0, 0, 0}));
  vyre_kernel_info info;
  VYRE_OK_OR_FAIL(vyre_kernel_get_info(k, &info));
  for (uint32_t w = 1; w < VYRE_PRIORITY_OFFSET_WORDS; ++w)
    EXPECT_EQ(info.priority_offsets[w], 64u) << "word " << w;
  VYRE_OK_OR_FAIL(vyre_kernel_publish(k, slots.data(), 63, 0, &n));
  EXPECT_EQ(n, 63u);
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  VYRE_OK_OR_FAIL(vyre_kernel_wait_idle(k, kWait));
  std::vector<vyre_completion> done = reapAll(k);
  ASSERT_EQ(done.size(), 63u);
  for (const vyre_completion &c : done)
    EXPECT_EQ(c.status, VYRE_STATUS_DONE) << "ticket " << c.ticket;
  EXPECT_EQ(observables(k, 1)[0], 8u + 63u);
  // A priority left without slots is refused at publish.
  vyre_slot normal = makeSlot(16, {1});
  normal.priority = VYRE_PRIORITY_NORMAL;
  EXPECT_EQ(vyre_kernel_publish(k, &normal, 1, 0, &n),
            VYRE_ERROR_INVALID_ARGUMENT);
  EXPECT_NE(std::string(vyre_last_error()).find("queue has no slots"),
            std::string::npos)
      << vyre_last_error();
}

// A persistent kernel claims tagged slots against its queue's tail: with
// queues of 3, 5, 40, 7 and 9 slots (none where it was compiled) and 40
// laps of the small ones, every slot runs once and the lane still serves
// critical before normal within a pass.
TEST_F(QueueCapacityTest, PersistentKernelServesQueuesItWasNotCompiledWith) {
  vyre_kernel *k = load("priorities_persistent");
  ASSERT_TRUE(k);
  const Capacities caps = {3, 5, 40, 7, 9};
  VYRE_OK_OR_FAIL(size(k, caps));
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  uint64_t published = 0;
  uint32_t next = 1;
  for (uint32_t round = 0; round < 40; ++round)
    for (uint32_t p = 0; p < VYRE_PRIORITY_LEVELS; ++p) {
      std::vector<vyre_slot> slots = rankSlots(caps[p], p);
      for (vyre_slot &s : slots)
        s.args[0] = 1 + (next++ % 63); // observables 1-63, reused
      uint32_t n = 0;
      VYRE_OK_OR_FAIL(
          vyre_kernel_publish(k, slots.data(), caps[p], kWait, &n));
      published += n;
      reapAll(k);
    }
  VYRE_OK_OR_FAIL(vyre_kernel_wait(k, published, kWait));
  uint32_t unfinished = 0;
  VYRE_OK_OR_FAIL(vyre_kernel_shutdown(k, kWait, &unfinished));
  EXPECT_EQ(unfinished, 0u);
  EXPECT_EQ(observables(k, 1)[0], published) << "each slot ran once";
  EXPECT_EQ(published, 40u * 64u);
  for (const vyre_completion &c : reapAll(k))
    EXPECT_EQ(c.status, VYRE_STATUS_DONE);

  // The ring is empty again: the queues can be sized anew.
  VYRE_OK_OR_FAIL(size(k, {8, 8, 32, 8, 8}));
  std::vector<vyre_slot> ranked = rankSlots(32, VYRE_PRIORITY_NORMAL);
  std::vector<vyre_slot> critical = rankSlots(8, VYRE_PRIORITY_CRITICAL);
  for (uint32_t i = 0; i < 8; ++i)
    critical[i].args[0] = 33 + i;
  ranked.insert(ranked.end(), critical.begin(), critical.end());
  uint32_t n = 0;
  VYRE_OK_OR_FAIL(vyre_kernel_publish(k, ranked.data(), 40, kWait, &n));
  uint32_t base = observables(k, 1)[0];
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  VYRE_OK_OR_FAIL(vyre_kernel_wait(k, published + 40, kWait));
  std::vector<uint32_t> obs = observables(k, 41);
  uint32_t worstCritical = 0, bestNormal = UINT32_MAX;
  for (uint32_t i = 1; i <= 32; ++i)
    bestNormal = std::min(bestNormal, obs[i] - base);
  for (uint32_t i = 33; i <= 40; ++i)
    worstCritical = std::max(worstCritical, obs[i] - base);
  EXPECT_LT(worstCritical, bestNormal)
      << "published before the launch, critical runs first";
  VYRE_OK_OR_FAIL(vyre_kernel_shutdown(k, kWait, &unfinished));
}

TEST_F(QueueCapacityTest, MisuseIsRefusedWithAReason) {
  vyre_kernel *k = load("priorities_persistent");
  ASSERT_TRUE(k);
  auto refused = [&](vyre_status want, Capacities caps, const char *reason) {
    EXPECT_EQ(size(k, caps), want) << reason;
    EXPECT_NE(std::string(vyre_last_error()).find(reason), std::string::npos)
        << vyre_last_error();
  };
  refused(VYRE_ERROR_INVALID_ARGUMENT, {8, 8, 8, 8, 8},
          "add up to 40 slots, but kernel \"priorities\"'s ring has 64");
  refused(VYRE_ERROR_INVALID_ARGUMENT, {0xFFFFFFFFu, 65, 0, 0, 0},
          "add up to 4294967360 slots");
  EXPECT_EQ(vyre_kernel_set_queue_capacities(k, nullptr),
            VYRE_ERROR_INVALID_ARGUMENT);

  vyre_slot slot = makeSlot(16, {1});
  uint32_t n = 0;
  VYRE_OK_OR_FAIL(vyre_kernel_publish(k, &slot, 1, kWait, &n));
  refused(VYRE_ERROR_STATE, {64, 0, 0, 0, 0}, "1 slots in the ring");
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  refused(VYRE_ERROR_STATE, {64, 0, 0, 0, 0}, "is running");
  uint32_t unfinished = 0;
  VYRE_OK_OR_FAIL(vyre_kernel_shutdown(k, kWait, &unfinished));
  ASSERT_EQ(reapAll(k).size(), 1u);
  vyre_producer *p = nullptr;
  VYRE_OK_OR_FAIL(vyre_producer_create(k, &p));
  refused(VYRE_ERROR_STATE, {64, 0, 0, 0, 0}, "1 producers");
  VYRE_OK_OR_FAIL(vyre_producer_destroy(p));
  VYRE_OK_OR_FAIL(size(k, {64, 0, 0, 0, 0}));

  // A kernel compiled without priority partitions has one queue.
  vyre_kernel *one = load("priorities_unsharded");
  ASSERT_TRUE(one);
  vyre_kernel_info info;
  VYRE_OK_OR_FAIL(vyre_kernel_get_info(one, &info));
  EXPECT_EQ(info.sharded, 0);
  Capacities caps = {64, 0, 0, 0, 0};
  EXPECT_EQ(vyre_kernel_set_queue_capacities(one, caps.data()),
            VYRE_ERROR_STATE);
  EXPECT_NE(std::string(vyre_last_error()).find("one submission queue"),
            std::string::npos)
      << vyre_last_error();
}

} // namespace
