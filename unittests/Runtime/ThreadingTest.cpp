//===- ThreadingTest.cpp - the C API's threading rules, exercised ---------===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Threads as runtime.h's rules allow them, at once on one kernel: producers
// publishing GPU-initiated IO requests on their own threads, the IO service
// thread serving them (and the owner's calls serving them too), and the
// owner thread waiting, reaping and reading statistics. scripts/tsan.sh
// runs this under ThreadSanitizer; here it checks that nothing is lost.
//
//===----------------------------------------------------------------------===//

#include "IoTable.h"
#include "RuntimeFixture.h"

#include <atomic>
#include <string>
#include <thread>

using namespace vyre::test;

namespace {

constexpr uint32_t kThreads = 3, kEach = 150, kRows = 40;

class ThreadingTest : public RuntimeTest {};

/// One producer thread: kEach SUM_ROW requests, each with its own staging
/// row and result element, published in batches and reaped as they come.
void produce(vyre_producer *p, uint32_t t, std::vector<vyre_completion> &got,
             std::string &error) {
  std::vector<vyre_completion> chunk(32);
  uint32_t published = 0;
  while (got.size() < kEach) {
    if (published < kEach) {
      std::vector<vyre_slot> batch;
      for (uint32_t i = published; i < kEach && batch.size() < 8; ++i) {
        uint32_t where = t * kEach + i;
        batch.push_back(makeSlot(kOpSumRow, {where % kRows, where, where, 0}));
      }
      uint32_t n = 0;
      vyre_status s = vyre_producer_publish(p, batch.data(),
                                            uint32_t(batch.size()), 0, &n);
      if (s != VYRE_OK && s != VYRE_ERROR_RING_FULL) {
        error = vyre_last_error();
        return;
      }
      published += n;
    }
    uint32_t n = 0;
    if (vyre_producer_reap(p, chunk.data(), uint32_t(chunk.size()), &n) !=
        VYRE_OK) {
      error = vyre_last_error();
      return;
    }
    got.insert(got.end(), chunk.begin(), chunk.begin() + n);
    if (!n)
      std::this_thread::yield();
  }
}

} // namespace

TEST_F(ThreadingTest, ProducersAskForIoWhileTheOwnerReapsAndReadsStats) {
  std::vector<uint32_t> table = makeTable(kRows);
  vyre_kernel *k = load("io");
  ASSERT_TRUE(k);
  const uint32_t slots = kThreads * kEach;
  VYRE_OK_OR_FAIL(vyre_kernel_set_buffer_length(k, "stage", slots * kRowWords));
  VYRE_OK_OR_FAIL(vyre_kernel_set_buffer_length(k, "out", slots));
  VYRE_OK_OR_FAIL(
      vyre_kernel_add_io_memory(k, 0, table.data(), table.size() * 4));
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));

  std::vector<vyre_producer *> producers(kThreads);
  for (vyre_producer *&p : producers)
    VYRE_OK_OR_FAIL(vyre_producer_create(k, &p));
  std::vector<std::vector<vyre_completion>> got(kThreads);
  std::vector<std::string> errors(kThreads);
  std::vector<std::thread> threads;
  for (uint32_t t = 0; t < kThreads; ++t)
    threads.emplace_back(produce, producers[t], t, std::ref(got[t]),
                         std::ref(errors[t]));
  // The owner, beside them: its own reap (it published nothing, so nothing
  // comes back), IO statistics and errors, until the producers are done.
  std::atomic<bool> joined{false};
  std::thread joiner([&] {
    for (std::thread &t : threads)
      t.join();
    joined = true;
  });
  std::vector<vyre_completion> chunk(16);
  while (!joined) {
    uint32_t n = 0;
    VYRE_OK_OR_FAIL(vyre_kernel_reap(k, chunk.data(), 16, &n));
    EXPECT_EQ(n, 0u);
    vyre_io_stats stats{};
    VYRE_OK_OR_FAIL(vyre_kernel_io_stats(k, &stats));
    vyre_io_error e{};
    VYRE_OK_OR_FAIL(vyre_kernel_read_io_errors(k, &e, 1, &n));
    EXPECT_EQ(n, 0u) << e.message;
    std::this_thread::yield();
  }
  joiner.join();

  for (uint32_t t = 0; t < kThreads; ++t) {
    ASSERT_EQ(errors[t], "") << "producer " << t;
    ASSERT_EQ(got[t].size(), kEach) << "producer " << t;
    for (const vyre_completion &c : got[t])
      EXPECT_EQ(c.status, VYRE_STATUS_DONE) << "fault " << c.fault_code;
  }
  std::vector<uint32_t> out(slots);
  VYRE_OK_OR_FAIL(vyre_kernel_read_buffer(k, "out", 0, out.data(), slots));
  for (uint32_t where = 0; where < slots; ++where)
    EXPECT_EQ(out[where], rowSum(table, where % kRows)) << "element " << where;
  vyre_io_stats stats{};
  VYRE_OK_OR_FAIL(vyre_kernel_io_stats(k, &stats));
  EXPECT_EQ(stats.requests, slots);
  EXPECT_EQ(stats.errors, 0u);
  for (vyre_producer *p : producers)
    VYRE_OK_OR_FAIL(vyre_producer_destroy(p));
  expectCleanShutdown(k);
}
