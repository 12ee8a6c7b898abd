//===- ProducerTest.cpp - publishing from several threads, on the device --===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "RuntimeFixture.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>

using namespace vyre::test;

namespace {

class ProducerTest : public RuntimeTest {};

/// What one publishing thread saw.
struct Outcome {
  std::vector<vyre_completion> completions;
  uint32_t published = 0;
  std::string error;
};

/// Publishes `total` ATOMIC_ADD slots of `value` into observable `word`, in
/// batches of 1 to 37, reaping between them, until all are reaped.
void runProducer(vyre_producer *p, uint32_t total, uint32_t value,
                 uint32_t word, uint32_t priorityMix, Outcome &out) {
  std::vector<vyre_slot> batch;
  std::vector<vyre_completion> chunk(64);
  uint32_t size = 1;
  while (out.completions.size() < total) {
    batch.clear();
    for (uint32_t i = 0; i < size && out.published + i < total; ++i) {
      vyre_slot s = makeSlot(VYRE_OP_ATOMIC_ADD,
                             {value, VYRE_CTRL_OBSERVABLES + word});
      if (priorityMix) // critical, normal and idle slots in one batch
        s.priority = (out.published + i) % 3 * 2;
      batch.push_back(s);
    }
    uint32_t n = 0;
    if (vyre_producer_publish(p, batch.data(), uint32_t(batch.size()), kWait,
                              &n) != VYRE_OK) {
      out.error = vyre_last_error();
      return;
    }
    out.published += n;
    size = size % 37 + 1;
    uint32_t got = 0;
    if (vyre_producer_reap(p, chunk.data(), uint32_t(chunk.size()), &got)) {
      out.error = vyre_last_error();
      return;
    }
    out.completions.insert(out.completions.end(), chunk.begin(),
                           chunk.begin() + got);
    if (!got && batch.empty())
      std::this_thread::yield();
  }
}

/// Four producers and the kernel's own publish, at once, on one persistent
/// kernel whose NORMAL queue has 148 slots: each lap of the ring is shared
/// by several threads. Every slot runs once and comes back once, to the
/// thread that published it.
TEST_F(ProducerTest, ThreadsPublishAndReapTheirOwnSlots) {
  vyre_kernel *k = load("builtins_persistent");
  ASSERT_TRUE(k);
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  constexpr uint32_t kThreads = 4, kEach = 3000, kOwn = 1500;
  std::vector<vyre_producer *> producers(kThreads);
  for (vyre_producer *&p : producers)
    VYRE_OK_OR_FAIL(vyre_producer_create(k, &p));
  std::vector<Outcome> outcomes(kThreads + 1);
  std::vector<std::thread> threads;
  for (uint32_t t = 0; t < kThreads; ++t)
    threads.emplace_back(runProducer, producers[t], kEach, t + 1, t,
                         t == 3 ? 1u : 0u, std::ref(outcomes[t]));
  // The owner thread: vyre_kernel_publish and vyre_kernel_reap beside them.
  Outcome &own = outcomes[kThreads];
  std::vector<vyre_completion> chunk(64);
  while (own.completions.size() < kOwn) {
    std::vector<vyre_slot> batch(
        std::min<uint32_t>(16, kOwn - own.published),
        makeSlot(VYRE_OP_ATOMIC_ADD, {7, VYRE_CTRL_OBSERVABLES + kThreads}));
    uint32_t n = 0, got = 0;
    VYRE_OK_OR_FAIL(vyre_kernel_publish(k, batch.data(), uint32_t(batch.size()),
                                        kWait, &n));
    own.published += n;
    VYRE_OK_OR_FAIL(vyre_kernel_reap(k, chunk.data(), 64, &got));
    own.completions.insert(own.completions.end(), chunk.begin(),
                           chunk.begin() + got);
  }
  for (std::thread &t : threads)
    t.join();

  const uint64_t total = uint64_t(kThreads) * kEach + kOwn;
  std::vector<uint8_t> seen(total, 0);
  for (uint32_t t = 0; t <= kThreads; ++t) {
    const Outcome &o = outcomes[t];
    ASSERT_EQ(o.error, "") << "thread " << t;
    ASSERT_EQ(o.completions.size(), t < kThreads ? kEach : kOwn);
    for (const vyre_completion &c : o.completions) {
      EXPECT_EQ(c.status, VYRE_STATUS_DONE);
      EXPECT_EQ(c.opcode, VYRE_OP_ATOMIC_ADD);
      ASSERT_LT(c.ticket, total);
      EXPECT_EQ(seen[c.ticket]++, 0) << "ticket " << c.ticket << " twice";
    }
  }
  EXPECT_EQ(vyre_kernel_published(k), total);
  std::vector<uint32_t> obs = observables(k, kThreads + 1);
  for (uint32_t t = 0; t < kThreads; ++t)
    EXPECT_EQ(obs[t], kEach * (t + 1)) << "observable " << t;
  EXPECT_EQ(obs[kThreads], kOwn * 7);
  for (vyre_producer *p : producers) {
    EXPECT_EQ(vyre_producer_in_flight(p), 0u);
    VYRE_OK_OR_FAIL(vyre_producer_destroy(p));
  }
  expectCleanShutdown(k, kWait);
}

/// Like runProducer, through a device loss: a call that returns
/// DEVICE_LOST is made again (the owner rebuilds meanwhile) until `stop`.
void publishThroughLoss(vyre_producer *p, uint32_t total, uint32_t word,
                        const std::atomic<bool> &stop, Outcome &out,
                        std::atomic<uint32_t> &refused) {
  std::vector<vyre_completion> chunk(64);
  while (out.completions.size() < total && !stop) {
    uint32_t size = std::min<uint32_t>(29, total - out.published);
    std::vector<vyre_slot> batch(
        size, makeSlot(VYRE_OP_ATOMIC_ADD, {1, VYRE_CTRL_OBSERVABLES + word}));
    uint32_t n = 0, got = 0;
    vyre_status s = vyre_producer_publish(p, batch.data(), size, kWait, &n);
    out.published += n;
    vyre_status r = vyre_producer_reap(p, chunk.data(), 64, &got);
    out.completions.insert(out.completions.end(), chunk.begin(),
                           chunk.begin() + got);
    for (vyre_status e : {s, r}) {
      if (e == VYRE_ERROR_DEVICE_LOST) {
        ++refused;
        if (word) // the first thread calls again at once: it is often in
                  // a call when the owner tries to rebuild
          std::this_thread::sleep_for(std::chrono::microseconds(50));
      } else if (e != VYRE_OK) {
        out.error = vyre_last_error();
        return;
      }
    }
  }
}

/// Three producer threads publish while the device is lost: their calls
/// return DEVICE_LOST, the owner rebuilds (refused while a producer's call
/// runs, so it tries again), and the producers go on. Every slot of every
/// producer comes back once, to it, DONE, and added once.
TEST_F(ProducerTest, ProducersKeepTheirSlotsAcrossARebuild) {
  vyre_kernel *k = load("builtins_persistent");
  ASSERT_TRUE(k);
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  constexpr uint32_t kThreads = 3, kEach = 6000;
  std::vector<vyre_producer *> producers(kThreads);
  for (vyre_producer *&p : producers)
    VYRE_OK_OR_FAIL(vyre_producer_create(k, &p));
  std::vector<Outcome> outcomes(kThreads);
  std::atomic<bool> stop{false};
  std::atomic<uint32_t> refused{0}, finished{0};
  std::vector<std::thread> threads;
  for (uint32_t t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      publishThroughLoss(producers[t], kEach, t, stop, outcomes[t], refused);
      ++finished;
    });
  VYRE_OK_OR_FAIL(vyre_runtime_inject_fault(runtime, VYRE_INJECT_DEVICE_LOST, 5));
  uint32_t rebuilds = 0, busy = 0;
  std::string error;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (finished < kThreads && error.empty()) {
    uint32_t n = 0;
    vyre_status s = vyre_kernel_reap(k, nullptr, 0, &n);
    if (s == VYRE_ERROR_DEVICE_LOST) {
      vyre_status r = vyre_kernel_rebuild(k);
      rebuilds += r == VYRE_OK;
      busy += r == VYRE_ERROR_STATE;
      if (r != VYRE_OK && r != VYRE_ERROR_STATE)
        error = vyre_last_error();
    } else if (s != VYRE_OK) {
      error = vyre_last_error();
    }
    if (std::chrono::steady_clock::now() > deadline)
      error = "the producers did not finish within 60 s";
    std::this_thread::sleep_for(std::chrono::microseconds(100));
  }
  stop = true;
  for (std::thread &t : threads)
    t.join();
  ASSERT_EQ(error, "");
  EXPECT_EQ(rebuilds, 1u);
  std::printf("[ rebuild  ] %u producer calls saw the loss; the rebuild was "
              "refused %u times while one ran\n",
              refused.load(), busy);
  std::vector<uint8_t> seen(uint64_t(kThreads) * kEach, 0);
  for (uint32_t t = 0; t < kThreads; ++t) {
    ASSERT_EQ(outcomes[t].error, "") << "producer " << t;
    ASSERT_EQ(outcomes[t].completions.size(), kEach) << "producer " << t;
    for (const vyre_completion &c : outcomes[t].completions) {
      EXPECT_EQ(c.status, VYRE_STATUS_DONE) << "fault " << c.fault_code;
      ASSERT_LT(c.ticket, seen.size());
      EXPECT_EQ(seen[c.ticket]++, 0) << "ticket " << c.ticket << " twice";
    }
  }
  std::vector<uint32_t> obs = observables(k, kThreads);
  for (uint32_t t = 0; t < kThreads; ++t)
    EXPECT_EQ(obs[t], kEach) << "observable " << t;
  for (vyre_producer *p : producers)
    VYRE_OK_OR_FAIL(vyre_producer_destroy(p));
  expectCleanShutdown(k, kWait);
}

/// A tenant's quota counts the slots of every producer; the ones over it
/// come back to the producer that published them, as QUOTA_EXCEEDED.
TEST_F(ProducerTest, AQuotaCountsEveryProducer) {
  vyre_kernel *k = load("builtins_persistent");
  ASSERT_TRUE(k);
  VYRE_OK_OR_FAIL(vyre_kernel_set_tenant_quota(k, 1, 5));
  vyre_producer *a = nullptr, *b = nullptr;
  VYRE_OK_OR_FAIL(vyre_producer_create(k, &a));
  VYRE_OK_OR_FAIL(vyre_producer_create(k, &b));
  std::vector<vyre_slot> three(
      3, makeSlot(VYRE_OP_ATOMIC_ADD, {1, VYRE_CTRL_OBSERVABLES}, 1));
  std::vector<vyre_slot> four(
      4, makeSlot(VYRE_OP_ATOMIC_ADD, {1, VYRE_CTRL_OBSERVABLES}, 1));
  uint32_t n = 0;
  VYRE_OK_OR_FAIL(vyre_producer_publish(a, three.data(), 3, kWait, &n));
  VYRE_OK_OR_FAIL(vyre_producer_publish(b, four.data(), 4, kWait, &n));
  EXPECT_EQ(n, 4u); // published or refused: every slot accounted for
  vyre_completion out[8];
  uint32_t got = 0;
  VYRE_OK_OR_FAIL(vyre_producer_reap(b, out, 8, &got));
  ASSERT_EQ(got, 2u); // not launched: only the refusals are back
  for (uint32_t i = 0; i < got; ++i)
    EXPECT_EQ(out[i].fault_code, VYRE_FAULT_QUOTA_EXCEEDED);
  EXPECT_EQ(vyre_producer_in_flight(b), 2u);

  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  VYRE_OK_OR_FAIL(vyre_kernel_wait(k, 7, kWait)); // 5 ran, 2 refused
  EXPECT_EQ(observables(k, 1)[0], 5u);
  for (vyre_producer *p : {a, b}) {
    uint32_t expected = p == a ? 3 : 2;
    VYRE_OK_OR_FAIL(vyre_producer_reap(p, out, 8, &got));
    EXPECT_EQ(got, expected);
    for (uint32_t i = 0; i < got; ++i)
      EXPECT_EQ(out[i].status, VYRE_STATUS_DONE);
    VYRE_OK_OR_FAIL(vyre_producer_destroy(p));
  }
  expectCleanShutdown(k, kWait);
}

/// Misuse gets an error that says what to do, and loses nothing.
TEST_F(ProducerTest, MisuseIsRefusedWithAReason) {
  vyre_kernel *k = load("builtins_persistent");
  ASSERT_TRUE(k);
  vyre_producer *p = nullptr;
  VYRE_OK_OR_FAIL(vyre_producer_create(k, &p));
  vyre_slot slot = makeSlot(VYRE_OP_NOP);
  uint32_t n = 0;
  VYRE_OK_OR_FAIL(vyre_producer_publish(p, &slot, 1, kWait, &n));
  // Its completion would be lost.
  EXPECT_EQ(vyre_producer_destroy(p), VYRE_ERROR_STATE);
  EXPECT_NE(std::string(vyre_last_error()).find("vyre_producer_reap"),
            std::string::npos);
  // A rebuild keeps the producer's slot (its threads are not in a call).
  VYRE_OK_OR_FAIL(vyre_kernel_rebuild(k));
  EXPECT_EQ(vyre_producer_in_flight(p), 1u);
  uint32_t index = 0;
  EXPECT_EQ(addVariant(k, "builtins_jit", index), VYRE_ERROR_STATE);
  EXPECT_EQ(vyre_producer_publish(nullptr, &slot, 1, kWait, &n),
            VYRE_ERROR_INVALID_ARGUMENT);

  // The ring's NORMAL queue holds 148: a kernel that is not running fails
  // at once when it is full, and says how many went in.
  std::vector<vyre_slot> many(200, slot);
  EXPECT_EQ(vyre_producer_publish(p, many.data(), 200, kWait, &n),
            VYRE_ERROR_RING_FULL);
  EXPECT_EQ(n, 147u);
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  VYRE_OK_OR_FAIL(vyre_kernel_wait(k, 148, kWait));
  std::vector<vyre_completion> out(200);
  uint32_t got = 0;
  VYRE_OK_OR_FAIL(vyre_producer_reap(p, out.data(), 200, &got));
  EXPECT_EQ(got, 148u);
  VYRE_OK_OR_FAIL(vyre_producer_destroy(p));

  // At most VYRE_MAX_PRODUCERS at once.
  std::vector<vyre_producer *> all(VYRE_MAX_PRODUCERS);
  for (vyre_producer *&q : all)
    VYRE_OK_OR_FAIL(vyre_producer_create(k, &q));
  vyre_producer *extra = nullptr;
  EXPECT_EQ(vyre_producer_create(k, &extra), VYRE_ERROR_STATE);
  for (vyre_producer *q : all)
    VYRE_OK_OR_FAIL(vyre_producer_destroy(q));
  expectCleanShutdown(k, kWait);

  // A kernel with variants has none.
  VYRE_OK_OR_FAIL(addVariant(k, "builtins_jit", index));
  EXPECT_EQ(vyre_producer_create(k, &extra), VYRE_ERROR_STATE);
  EXPECT_EQ(extra, nullptr);
}

} // namespace
