//===- DeviceLossTest.cpp - injected loss, lossless rebuild -----*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// vyre_runtime_inject_fault makes the device fail on command; then
// vyre_kernel_rebuild must lose nothing: every published slot completes
// exactly once (run after the rebuild, or FAULT device_lost where a lane
// held it), and the run-time state (tenant masks, observables, counts, user
// buffers) comes back. Exactly once is checked through sums: each slot adds
// its own value to an observable, so a slot run twice or never shows.
//
//===----------------------------------------------------------------------===//

#include "Rescue.h"
#include "RuntimeFixture.h"

#include <chrono>
#include <numeric>
#include <set>
#include <thread>

using namespace vyre::test;

namespace {

class DeviceLossTest : public RuntimeTest {
protected:
  /// `count` ATOMIC_ADD slots adding 1, 2, 3, ... into observable 0.
  static std::vector<vyre_slot> numberedAdds(uint32_t count) {
    std::vector<vyre_slot> slots;
    for (uint32_t i = 0; i < count; ++i)
      slots.push_back(makeSlot(VYRE_OP_ATOMIC_ADD, {i + 1, VYRE_CTRL_OBSERVABLES}));
    return slots;
  }
  static uint32_t sumTo(uint32_t n) { return uint32_t(uint64_t(n) * (n + 1) / 2); }

  /// Waits for every published slot through whatever the device says;
  /// true if it reported the loss.
  static bool waitSeesLoss(vyre_kernel *k, uint64_t target) {
    vyre_status s = vyre_kernel_wait(k, target, kWait);
    EXPECT_TRUE(s == VYRE_OK || s == VYRE_ERROR_DEVICE_LOST) << vyre_last_error();
    return s == VYRE_ERROR_DEVICE_LOST;
  }

  /// Every ticket in [0, n) exactly once among `done`; how many faulted
  /// device_lost (the others must be DONE).
  static uint32_t expectEveryTicketOnce(const std::vector<vyre_completion> &done,
                                        uint64_t n) {
    std::set<uint64_t> tickets;
    uint32_t lost = 0;
    for (const vyre_completion &c : done) {
      EXPECT_TRUE(tickets.insert(c.ticket).second) << "ticket " << c.ticket << " twice";
      EXPECT_LT(c.ticket, n);
      if (c.status == VYRE_STATUS_FAULT) {
        EXPECT_EQ(c.fault_code, VYRE_FAULT_DEVICE_LOST) << "ticket " << c.ticket;
        ++lost;
      } else {
        EXPECT_EQ(c.status, VYRE_STATUS_DONE);
      }
    }
    EXPECT_EQ(tickets.size(), n);
    return lost;
  }

  /// Whether slot `ticket` reaches `status` (its ring word, read through
  /// the runtime) within 10 s; the owner's calls keep the kernel served.
  static bool slotBecomes(vyre_kernel *k, uint64_t ticket, uint32_t status) {
    bool gone = false;
    bool reached = serveUntil(
        k,
        [&] {
          uint32_t now = 0;
          gone = vyre_kernel_slot_status(k, ticket, &now) != VYRE_OK;
          return gone || (now & VYRE_STATUS_MASK) == status;
        },
        std::chrono::seconds(10), std::chrono::microseconds(200));
    return reached && !gone;
  }

  /// A once kernel with `count` numbered adds published and not launched,
  /// or null after a test failure.
  vyre_kernel *onceWithAdds(uint32_t count) {
    vyre_kernel *k = load("builtins_once");
    if (!k)
      return nullptr;
    std::vector<vyre_slot> slots = numberedAdds(count);
    uint32_t n = 0;
    EXPECT_EQ(vyre_kernel_publish(k, slots.data(), count, 0, &n), VYRE_OK)
        << vyre_last_error();
    EXPECT_EQ(n, count);
    return n == count ? k : nullptr;
  }

  /// Launches once kernel `k` holding `count` numbered adds: each runs
  /// once, none device_lost, the sum exact.
  void runAddsOnce(vyre_kernel *k, uint32_t count) {
    VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
    VYRE_OK_OR_FAIL(vyre_kernel_wait_idle(k, kWait));
    EXPECT_EQ(expectEveryTicketOnce(reapAll(k), count), 0u);
    EXPECT_EQ(observables(k, 1)[0], sumTo(count));
  }
};

TEST(RescueRules, OnlyASlotALaneHeldIsGivenUp) {
  using vyre::Rescue;
  using vyre::rescueOf;
  EXPECT_EQ(rescueOf(VYRE_STATUS_DONE, VYRE_STATUS_CLAIMED), Rescue::Finished);
  EXPECT_EQ(rescueOf(VYRE_STATUS_FAULT, VYRE_STATUS_CLAIMED), Rescue::Finished);
  EXPECT_EQ(rescueOf(0, VYRE_STATUS_PUBLISHED | VYRE_STATUS_LAP_ODD),
            Rescue::Republish);
  EXPECT_EQ(rescueOf(0, VYRE_STATUS_PUBLISHED | VYRE_STATUS_RESUMED),
            Rescue::Republish);
  EXPECT_EQ(rescueOf(0, VYRE_STATUS_WAIT_IO), Rescue::Republish);
  EXPECT_EQ(rescueOf(VYRE_STATUS_REQUEUE, VYRE_STATUS_REQUEUE), Rescue::Republish);
  EXPECT_EQ(rescueOf(0, VYRE_STATUS_CLAIMED), Rescue::Lost);
  EXPECT_EQ(rescueOf(0, VYRE_STATUS_EMPTY), Rescue::Lost);
  // Republished untagged: the new dispatch's tails start over.
  EXPECT_EQ(vyre::republishedStatus(VYRE_STATUS_PUBLISHED | VYRE_STATUS_LAP_EVEN),
            VYRE_STATUS_PUBLISHED);
  EXPECT_EQ(vyre::republishedStatus(VYRE_STATUS_PUBLISHED | VYRE_STATUS_LAP_ODD |
                                    VYRE_STATUS_IO_FAILED),
            VYRE_STATUS_PUBLISHED | VYRE_STATUS_IO_FAILED);
  EXPECT_EQ(vyre::republishedStatus(VYRE_STATUS_WAIT_IO), VYRE_STATUS_PUBLISHED);
}

TEST_F(DeviceLossTest, ALossAtLaunchLosesNoStagedSlot) {
  vyre_kernel *k = onceWithAdds(140);
  ASSERT_TRUE(k);
  uint32_t n = 0;
  VYRE_OK_OR_FAIL(vyre_runtime_inject_fault(runtime, VYRE_INJECT_DEVICE_LOST, 0));
  EXPECT_EQ(vyre_kernel_launch(k), VYRE_ERROR_DEVICE_LOST);
  EXPECT_EQ(vyre_kernel_launch(k), VYRE_ERROR_DEVICE_LOST); // sticky
  vyre_slot more = makeSlot(VYRE_OP_NOP);
  EXPECT_EQ(vyre_kernel_publish(k, &more, 1, 0, &n), VYRE_ERROR_DEVICE_LOST);
  VYRE_OK_OR_FAIL(vyre_kernel_rebuild(k));
  runAddsOnce(k, 140);
}

TEST_F(DeviceLossTest, ALossWhileServingRunsEverySlotExactlyOnce) {
  vyre_kernel *k = load("builtins_persistent");
  ASSERT_TRUE(k);
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  const uint32_t total = 30000;
  std::vector<vyre_slot> slots = numberedAdds(total);
  std::vector<vyre_completion> done, chunk(4096);
  uint32_t n = 0, published = 0;
  // The loss fires a few fence checks into the run, slots still queued.
  VYRE_OK_OR_FAIL(vyre_runtime_inject_fault(runtime, VYRE_INJECT_DEVICE_LOST, 3));
  vyre_status s = VYRE_OK;
  while (published < total && s == VYRE_OK) {
    s = vyre_kernel_publish(k, slots.data() + published, total - published,
                            kWait, &n);
    published += n;
    uint32_t got = 0;
    vyre_status r = vyre_kernel_reap(k, chunk.data(), uint32_t(chunk.size()), &got);
    done.insert(done.end(), chunk.begin(), chunk.begin() + got);
    if (s == VYRE_OK)
      s = r;
  }
  if (s == VYRE_OK)
    EXPECT_TRUE(waitSeesLoss(k, published));
  else
    EXPECT_EQ(s, VYRE_ERROR_DEVICE_LOST) << vyre_last_error();
  VYRE_OK_OR_FAIL(vyre_kernel_rebuild(k)); // and launched again: it served
  VYRE_OK_OR_FAIL(vyre_kernel_publish(k, slots.data() + published,
                                      total - published, kWait, &n));
  VYRE_OK_OR_FAIL(vyre_kernel_wait(k, total, kWait));
  std::vector<vyre_completion> rest = reapAll(k);
  done.insert(done.end(), rest.begin(), rest.end());
  EXPECT_EQ(expectEveryTicketOnce(done, total), 0u)
      << "an injected loss stops lanes between slots";
  EXPECT_EQ(observables(k, 1)[0], sumTo(total));
  expectCleanShutdown(k);
}

TEST_F(DeviceLossTest, SlotsQueuedBehindAHeldLaneRunAfterTheRebuild) {
  constexpr uint32_t kAdds = 60;
  vyre_kernel *k = load("user_handlers");
  ASSERT_TRUE(k);
  VYRE_OK_OR_FAIL(vyre_kernel_set_buffer_length(k, "data", 4));
  // One workgroup, held by a spinning lane: the slots behind it wait.
  VYRE_OK_OR_FAIL(vyre_kernel_set_dispatch_workgroups(k, 1));
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  // Spins until SHUTDOWN is set, which the rebuild does to stop the lanes.
  // 61 slots: all fit the normal queue (74 of the 128-slot ring), so the
  // publish never waits on the held lane.
  std::vector<vyre_slot> slots = {makeSlot(18, {VYRE_CTRL_SHUTDOWN, 0, 1})};
  for (uint32_t i = 0; i < kAdds; ++i)
    slots.push_back(makeSlot(16, {0, i + 1})); // data[0] += i + 1
  uint32_t n = 0;
  VYRE_OK_OR_FAIL(vyre_kernel_publish(k, slots.data(), kAdds + 1, 0, &n));
  ASSERT_EQ(n, kAdds + 1);
  // The loss must find the spin held by a lane: a spin slot still
  // unclaimed would be republished, and after the rebuild it would spin
  // until a SHUTDOWN that never comes.
  ASSERT_TRUE(slotBecomes(k, 0, VYRE_STATUS_CLAIMED))
      << "the spin slot was not claimed within 10 s";
  VYRE_OK_OR_FAIL(vyre_runtime_inject_fault(runtime, VYRE_INJECT_DEVICE_LOST, 0));
  EXPECT_EQ(vyre_kernel_wait(k, kAdds + 1, kWait), VYRE_ERROR_DEVICE_LOST);
  // A reap that finds the loss still hands over what it collected.
  std::vector<vyre_completion> done(128);
  EXPECT_EQ(vyre_kernel_reap(k, done.data(), 128, &n), VYRE_ERROR_DEVICE_LOST);
  done.resize(n);
  VYRE_OK_OR_FAIL(vyre_kernel_rebuild(k));
  VYRE_OK_OR_FAIL(vyre_kernel_wait(k, kAdds + 1, kWait));
  std::vector<vyre_completion> rest = reapAll(k);
  done.insert(done.end(), rest.begin(), rest.end());
  // Every slot once. On lavapipe the spin spends the device's loop bound,
  // which cuts other lanes between their claim and their completion: those
  // slots (CLAIMED when the dispatch returned) end device_lost, and the
  // spin itself may end iteration_limit. A GPU ends the spin at SHUTDOWN.
  std::set<uint64_t> tickets;
  uint32_t ran = 0, mayHaveRun = 0;
  for (const vyre_completion &c : done) {
    EXPECT_TRUE(tickets.insert(c.ticket).second) << "ticket " << c.ticket << " twice";
    if (c.ticket == 0) {
      EXPECT_TRUE(c.status == VYRE_STATUS_DONE ||
                  c.fault_code == VYRE_FAULT_ITERATION_LIMIT);
      continue;
    }
    uint32_t add = uint32_t(c.ticket);
    if (c.status == VYRE_STATUS_DONE)
      ran += add;
    else if (c.fault_code == VYRE_FAULT_DEVICE_LOST ||
             c.fault_code == VYRE_FAULT_ITERATION_LIMIT)
      mayHaveRun += add;
    else
      ADD_FAILURE() << "ticket " << c.ticket << " fault " << c.fault_code;
  }
  EXPECT_EQ(tickets.size(), kAdds + 1);
  uint32_t sum = 0;
  VYRE_OK_OR_FAIL(vyre_kernel_read_buffer(k, "data", 0, &sum, 1));
  EXPECT_GE(sum, ran);
  EXPECT_LE(sum, ran + mayHaveRun);
  if (!vyre_runtime_is_cpu(runtime))
    EXPECT_EQ(sum, sumTo(kAdds)) << "a GPU stops no lane between claim and completion";
  expectCleanShutdown(k);
}

TEST_F(DeviceLossTest, RunTimeStateComesBack) {
  vyre_kernel *k = load("builtins_persistent");
  ASSERT_TRUE(k);
  std::vector<uint32_t> table(512);
  std::iota(table.begin(), table.end(), 7u);
  VYRE_OK_OR_FAIL(vyre_kernel_write_buffer(k, "dfa", 0, table.data(), 512));
  VYRE_OK_OR_FAIL(vyre_kernel_set_tenant_mask(k, 3, 0)); // tenant 3: nothing
  VYRE_OK_OR_FAIL(vyre_kernel_write_control(k, VYRE_CTRL_OBSERVABLES + 5, 4242));
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  std::vector<vyre_slot> first = numberedAdds(50);
  uint32_t n = 0;
  VYRE_OK_OR_FAIL(vyre_kernel_publish(k, first.data(), 50, kWait, &n));
  VYRE_OK_OR_FAIL(vyre_kernel_wait(k, 50, kWait));
  std::vector<uint32_t> counters(8), after(8);
  VYRE_OK_OR_FAIL(vyre_kernel_read_handler_counters(k, counters.data(), 8));

  VYRE_OK_OR_FAIL(vyre_runtime_inject_fault(runtime, VYRE_INJECT_DEVICE_LOST, 0));
  EXPECT_EQ(vyre_kernel_wait_idle(k, 100), VYRE_ERROR_DEVICE_LOST);
  VYRE_OK_OR_FAIL(vyre_kernel_rebuild(k));

  VYRE_OK_OR_FAIL(vyre_kernel_read_handler_counters(k, after.data(), 8));
  EXPECT_EQ(after, counters);
  EXPECT_EQ(observables(k, 6)[5], 4242u);
  EXPECT_EQ(observables(k, 1)[0], sumTo(50));
  std::vector<vyre_slot> second = {
      makeSlot(VYRE_OP_NOP, {}, 3),                      // denied still
      makeSlot(VYRE_OP_DFA_STEP, {1, 9, 3}),             // the table is back
      makeSlot(VYRE_OP_ATOMIC_ADD, {1000, VYRE_CTRL_OBSERVABLES})};
  VYRE_OK_OR_FAIL(vyre_kernel_publish(k, second.data(), 3, kWait, &n));
  VYRE_OK_OR_FAIL(vyre_kernel_wait(k, 53, kWait)); // the counts came back too
  std::vector<vyre_completion> done = reapAll(k);
  ASSERT_EQ(done.size(), 53u);
  EXPECT_EQ(done[50].status, VYRE_STATUS_FAULT);
  EXPECT_EQ(done[50].fault_code, VYRE_FAULT_TENANT_DENIED);
  EXPECT_EQ(observables(k, 4)[3], table[256 + 9]);
  EXPECT_EQ(observables(k, 1)[0], sumTo(50) + 1000);
  expectCleanShutdown(k);
}

TEST_F(DeviceLossTest, OneRebuildRestoresEveryKernelOfTheRuntime) {
  vyre_kernel *a = load("builtins_persistent");
  vyre_kernel *b = onceWithAdds(100);
  ASSERT_TRUE(a && b);
  VYRE_OK_OR_FAIL(vyre_kernel_launch(a));
  std::vector<vyre_slot> slots = numberedAdds(100);
  uint32_t n = 0;
  VYRE_OK_OR_FAIL(vyre_runtime_inject_fault(runtime, VYRE_INJECT_DEVICE_LOST, 0));
  EXPECT_EQ(vyre_kernel_wait_idle(a, 100), VYRE_ERROR_DEVICE_LOST);
  EXPECT_EQ(vyre_kernel_launch(b), VYRE_ERROR_DEVICE_LOST); // the same device
  VYRE_OK_OR_FAIL(vyre_kernel_rebuild(a)); // a serves again
  VYRE_OK_OR_FAIL(vyre_kernel_publish(a, slots.data(), 100, kWait, &n));
  VYRE_OK_OR_FAIL(vyre_kernel_wait(a, 100, kWait));
  EXPECT_EQ(observables(a, 1)[0], sumTo(100));
  // The kernels share the device's one queue, where a GPU runs b's
  // dispatch only after a's persistent one returns.
  expectCleanShutdown(a);
  runAddsOnce(b, 100);
}

TEST_F(DeviceLossTest, ARebuildThatCannotAllocateKeepsEverythingForTheNext) {
  vyre_kernel *k = onceWithAdds(64);
  ASSERT_TRUE(k);
  VYRE_OK_OR_FAIL(vyre_kernel_write_control(k, VYRE_CTRL_OBSERVABLES + 2, 77));
  VYRE_OK_OR_FAIL(vyre_runtime_inject_fault(runtime, VYRE_INJECT_DEVICE_LOST, 0));
  EXPECT_EQ(vyre_kernel_launch(k), VYRE_ERROR_DEVICE_LOST);
  // The second of the kernel's buffers cannot be had.
  VYRE_OK_OR_FAIL(vyre_runtime_inject_fault(runtime, VYRE_INJECT_ALLOCATION, 1));
  EXPECT_EQ(vyre_kernel_rebuild(k), VYRE_ERROR_VULKAN);
  EXPECT_NE(std::string(vyre_last_error()).find("rebuild again"), std::string::npos)
      << vyre_last_error();
  // In between, the host's copies answer and take writes.
  EXPECT_EQ(observables(k, 3)[2], 77u);
  VYRE_OK_OR_FAIL(vyre_kernel_write_control(k, VYRE_CTRL_OBSERVABLES + 2, 78));
  EXPECT_EQ(vyre_kernel_launch(k), VYRE_ERROR_DEVICE_LOST);
  VYRE_OK_OR_FAIL(vyre_kernel_rebuild(k));
  EXPECT_EQ(observables(k, 3)[2], 78u);
  runAddsOnce(k, 64);
}

TEST_F(DeviceLossTest, AFailedAllocationAtLoadIsAnErrorAndLeavesTheRuntimeWhole) {
  VYRE_OK_OR_FAIL(vyre_runtime_inject_fault(runtime, VYRE_INJECT_ALLOCATION, 2));
  vyre_kernel *k = nullptr;
  EXPECT_EQ(vyre_kernel_load(runtime, kernelPath("builtins_once", ".spv").c_str(),
                             kernelPath("builtins_once", ".json").c_str(), &k),
            VYRE_ERROR_VULKAN);
  EXPECT_EQ(k, nullptr);
  EXPECT_NE(std::string(vyre_last_error()).find("injected"), std::string::npos)
      << vyre_last_error();
  k = load("builtins_once");
  ASSERT_TRUE(k);
  vyre_slot add = makeSlot(VYRE_OP_ATOMIC_ADD, {5, VYRE_CTRL_OBSERVABLES});
  uint32_t n = 0;
  VYRE_OK_OR_FAIL(vyre_kernel_publish(k, &add, 1, 0, &n));
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  VYRE_OK_OR_FAIL(vyre_kernel_wait_idle(k, kWait));
  EXPECT_EQ(observables(k, 1)[0], 5u);
  EXPECT_EQ(vyre_runtime_inject_fault(runtime, vyre_injected_fault(9), 0),
            VYRE_ERROR_INVALID_ARGUMENT);
}

} // namespace
