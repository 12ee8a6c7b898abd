//===- DeviceQueueTest.cpp - device-side enqueue on the device --*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Tasks that handlers enqueue (ABI v11, unittests/Runtime/kernels/
// device_queue.mlir and examples/bfs.mlir): every one runs once, with a
// host slot's checks; a full queue faults the enqueuing task queue_full and
// loses nothing silently (enqueued = done + faults, and every refusal is
// counted); the host's wait sees the whole cascade; BFS over random graphs
// equals the CPU's, with a roomy queue and with one too small for it.
//
//===----------------------------------------------------------------------===//

#include "RuntimeFixture.h"
#include "vyre/device_queue.h"

#include "../../bench/bfs/BfsDevice.h"

namespace vyre::test {
namespace {

constexpr uint32_t kChain = 16, kSpawn = 17, kFan = 18, kFail = 19;

class DeviceQueueTest : public RuntimeTest {
protected:
  vyre_kernel *start(const char *stem) {
    vyre_kernel *k = load(stem);
    if (!k)
      return nullptr;
    std::vector<uint32_t> zeros(4096, 0);
    EXPECT_EQ(vyre_kernel_write_buffer(k, "count", 0, zeros.data(), 4096),
              VYRE_OK);
    EXPECT_EQ(vyre_kernel_launch(k), VYRE_OK) << vyre_last_error();
    return k;
  }
  vyre_device_queue_info info(vyre_kernel *k) {
    vyre_device_queue_info i{};
    EXPECT_EQ(vyre_kernel_device_queue(k, &i), VYRE_OK) << vyre_last_error();
    return i;
  }
  std::vector<uint32_t> counts(vyre_kernel *k, uint32_t n) {
    std::vector<uint32_t> out(n);
    EXPECT_EQ(vyre_kernel_read_buffer(k, "count", 0, out.data(), n), VYRE_OK);
    return out;
  }
  void publish(vyre_kernel *k, std::vector<vyre_slot> slots) {
    uint32_t n = 0;
    ASSERT_EQ(vyre_kernel_publish(k, slots.data(), uint32_t(slots.size()),
                                  kWait, &n),
              VYRE_OK)
        << vyre_last_error();
    ASSERT_EQ(n, slots.size());
  }
  void drain(vyre_kernel *k) {
    ASSERT_EQ(vyre_kernel_wait_device_queue(k, kWait), VYRE_OK)
        << vyre_last_error();
  }
  /// The fault log's entries for queued tasks (slot >= the ring's).
  std::vector<uint32_t> queuedFaultCodes(vyre_kernel *k, uint32_t slots) {
    std::vector<vyre_fault> log(VYRE_FAULT_LOG_ENTRIES);
    uint32_t n = 0;
    EXPECT_EQ(vyre_kernel_read_fault_log(k, log.data(), uint32_t(log.size()),
                                         &n),
              VYRE_OK);
    std::vector<uint32_t> codes;
    for (uint32_t i = 0; i < n; ++i)
      if (log[i].slot >= slots)
        codes.push_back(log[i].code);
    return codes;
  }
};

// A chain of 300 tasks, each enqueued by the one before: every one runs
// once, across lanes and workgroups, and the wait sees the last.
TEST_F(DeviceQueueTest, ChainRunsEveryTaskOnce) {
  vyre_kernel *k = start("device_queue");
  ASSERT_TRUE(k);
  publish(k, {makeSlot(kChain, {300, 0})});
  drain(k);
  std::vector<uint32_t> c = counts(k, 302);
  for (uint32_t i = 0; i <= 300; ++i)
    EXPECT_EQ(c[i], 1u) << "task " << i;
  EXPECT_EQ(c[301], 0u);
  vyre_device_queue_info i = info(k);
  EXPECT_EQ(i.lines, 64u);
  EXPECT_EQ(i.enqueued, 300u);
  EXPECT_EQ(i.done, 300u);
  EXPECT_EQ(i.faults, 0u);
  EXPECT_EQ(i.pending, 0u);
  EXPECT_EQ(i.full, 0u);
  std::vector<vyre_completion> done = reapAll(k);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].status, VYRE_STATUS_DONE);
  expectCleanShutdown(k);
}

// A fan-out that fits (1 + 3 + 9 + 27 = 40 tasks in a 64-line queue) runs
// whole; one that outgrows a 2-line queue refuses enqueues, and each
// refusal is counted and faults its task queue_full, so the counts still
// add up: every task that ran counted itself once.
TEST_F(DeviceQueueTest, FullQueueFaultsTheEnqueuerAndLosesNothing) {
  for (const char *stem : {"device_queue", "device_queue_tiny"}) {
    SCOPED_TRACE(stem);
    vyre_kernel *k = start(stem);
    ASSERT_TRUE(k);
    publish(k, {makeSlot(kFan, {3, 3})});
    drain(k);
    vyre_device_queue_info i = info(k);
    uint32_t ran = counts(k, 1)[0];
    EXPECT_EQ(ran, 1 + i.enqueued) << "every queued task ran once";
    EXPECT_EQ(i.done + i.faults, i.enqueued);
    EXPECT_EQ(i.pending, 0u);
    std::vector<vyre_completion> done = reapAll(k);
    ASSERT_EQ(done.size(), 1u);
    uint32_t faulted = i.faults + (done[0].status == VYRE_STATUS_FAULT);
    if (std::string(stem) == "device_queue") {
      EXPECT_EQ(ran, 40u);
      EXPECT_EQ(i.full, 0u);
      EXPECT_EQ(faulted, 0u);
    } else {
      EXPECT_GT(i.full, 0u) << "3-way fan-out into 2 lines";
      EXPECT_GE(faulted, 1u);
      EXPECT_LE(faulted, i.full) << "only refusals fault";
      if (done[0].status == VYRE_STATUS_FAULT)
        EXPECT_EQ(done[0].fault_code, VYRE_FAULT_QUEUE_FULL);
      for (uint32_t code : queuedFaultCodes(k, 64))
        EXPECT_EQ(code, VYRE_FAULT_QUEUE_FULL);
    }
    expectCleanShutdown(k);
  }
}

// Queued tasks get a host slot's checks, with the enqueuer's tenant: an
// opcode no arm serves, an arm the tenant may not run, an index past a
// buffer, a user fault. Each is a fault of the queue, in the fault log as
// slot `slots + line`, and the spawning slot itself ends DONE.
TEST_F(DeviceQueueTest, QueuedTasksGetTheChecksOfHostSlots) {
  vyre_kernel *k = start("device_queue");
  ASSERT_TRUE(k);
  publish(k, {makeSlot(kSpawn, {0x999, 0, 0}, 0),
              makeSlot(kSpawn, {kFan, 1, 0}, /*tenant=*/1),
              makeSlot(kSpawn, {kChain, 0, 5000}, 0),
              makeSlot(kSpawn, {kFail, 0, 0}, 0)});
  drain(k);
  vyre_device_queue_info i = info(k);
  EXPECT_EQ(i.enqueued, 4u);
  EXPECT_EQ(i.faults, 4u);
  EXPECT_EQ(i.done, 0u);
  std::vector<uint32_t> codes = queuedFaultCodes(k, 64);
  std::sort(codes.begin(), codes.end());
  EXPECT_EQ(codes, (std::vector<uint32_t>{VYRE_FAULT_UNKNOWN_OPCODE,
                                          VYRE_FAULT_TENANT_DENIED,
                                          VYRE_FAULT_OUT_OF_BOUNDS, 300u}));
  EXPECT_EQ(counts(k, 1)[0], 0u) << "the denied fan task did not run";
  for (const vyre_completion &c : reapAll(k))
    EXPECT_EQ(c.status, VYRE_STATUS_DONE);
  expectCleanShutdown(k);
}

// The calls say what is wrong in the caller's terms.
TEST_F(DeviceQueueTest, KernelsWithoutAQueueAreRefused) {
  vyre_kernel *k = load("user_handlers");
  ASSERT_TRUE(k);
  vyre_device_queue_info i{};
  EXPECT_EQ(vyre_kernel_device_queue(k, &i), VYRE_ERROR_INVALID_ARGUMENT);
  EXPECT_NE(std::string(vyre_last_error()).find("device_queue = N"),
            std::string::npos)
      << vyre_last_error();
  EXPECT_EQ(vyre_kernel_wait_device_queue(k, 10), VYRE_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(vyre_kernel_device_queue(nullptr, &i),
            VYRE_ERROR_INVALID_ARGUMENT);
}

// BFS over random graphs as a GPU-generated worklist equals the CPU's BFS;
// with a queue too small for the cascade the host's sweeps still reach the
// right distances. DISABLED: on lavapipe, with the default loop budget,
// the Kronecker graph's hub expansions leave tasks CLAIMED for good (the
// open hang in docs/reliability.md, "Open: tasks left CLAIMED across
// loop-budget relaunches"). Run it
// with --gtest_also_run_disabled_tests.
TEST_F(DeviceQueueTest, DISABLED_BfsMatchesTheCpu) {
  for (const char *stem : {"bfs", "bfs_tiny_queue"}) {
    SCOPED_TRACE(stem);
    vyre_kernel *k = load(stem);
    ASSERT_TRUE(k);
    bfs::Csr g = bfs::kronecker(9, 8, 7);
    VYRE_OK_OR_FAIL(bfs::loadGraph(k, g));
    VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
    for (uint32_t root : {bfs::busiestVertex(g), 5u}) {
      std::vector<uint32_t> want = bfs::cpuBfs(g, root);
      bfs::Run run;
      VYRE_OK_OR_FAIL(bfs::enqueueBfs(k, g, root, kWait, run));
      EXPECT_EQ(run.levels, want) << "root " << root;
      if (std::string(stem) == "bfs") {
        EXPECT_EQ(run.refused, 0u);
        EXPECT_EQ(run.rounds, 1u);
        EXPECT_EQ(run.faults, 0u);
      }
    }
    expectCleanShutdown(k);
  }
}

// A grid (a long diameter: every level a few vertices) as well.
TEST_F(DeviceQueueTest, BfsOnAGrid) {
  vyre_kernel *k = load("bfs");
  ASSERT_TRUE(k);
  bfs::Csr g = bfs::grid(40, 25);
  VYRE_OK_OR_FAIL(bfs::loadGraph(k, g));
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  bfs::Run run;
  VYRE_OK_OR_FAIL(bfs::enqueueBfs(k, g, 0, kWait, run));
  EXPECT_EQ(run.levels, bfs::cpuBfs(g, 0));
  EXPECT_EQ(run.levels.back(), 40u + 25u - 2u);
  expectCleanShutdown(k);
}

} // namespace
} // namespace vyre::test
