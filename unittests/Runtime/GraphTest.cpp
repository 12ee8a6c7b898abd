//===- GraphTest.cpp - dependent tasks on the device ------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// vyre_kernel_publish_graph on the default device (lavapipe in CI), held to
// a model of what a graph means: a task runs after every predecessor ended
// DONE, reads what they wrote, and ends FAULT dependency_failed (without
// running) if one of them faulted. Kernel: unittests/Runtime/kernels/graph.mlir.
//
//===----------------------------------------------------------------------===//

#include "GraphFixture.h"

using namespace vyre::test;

namespace {

TEST_F(GraphTest, AChainRunsInOrderAcrossWorkgroups) {
  vyre_kernel *k = loadGraphKernel();
  ASSERT_TRUE(k);
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  Graph g;
  for (uint32_t t = 0; t < 140; ++t)
    g.add(kStep, t ? std::vector<uint32_t>{t - 1} : std::vector<uint32_t>{});
  uint64_t first = 0;
  VYRE_OK_OR_FAIL(publish(k, g, &first));
  expectModel(k, g, first, runToEnd(k, g.slots.size()));
  expectCountersFree(k);
  expectCleanShutdown(k);
}

TEST_F(GraphTest, RandomGraphsMatchTheModel) {
  for (const char *stem : {"graph", "graph_once"}) {
    SCOPED_TRACE(stem);
    vyre_kernel *k = loadGraphKernel(stem);
    ASSERT_TRUE(k);
    bool once = std::string(stem) == "graph_once";
    if (!once)
      VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
    uint64_t finished = 0;
    for (uint32_t seed = 1; seed <= 6; ++seed) {
      SCOPED_TRACE(seed);
      Graph g = randomGraph(100 + seed * 6, seed, seed % 2 ? 0.05 : 0.0);
      uint64_t first = 0;
      VYRE_OK_OR_FAIL(publish(k, g, &first));
      if (once)
        drainOnce(k, finished + g.slots.size());
      finished += g.slots.size();
      expectModel(k, g, first, runToEnd(k, finished));
      expectCountersFree(k);
    }
    if (!once)
      expectCleanShutdown(k);
  }
}

TEST_F(GraphTest, AFaultPoisonsEveryDependentTransitively) {
  vyre_kernel *k = loadGraphKernel();
  ASSERT_TRUE(k);
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  Graph g;
  uint32_t root = g.add(kFail, {});
  uint32_t a = g.add(kStep, {root}), b = g.add(kStep, {root});
  uint32_t join = g.add(kStep, {a, b});
  g.add(kStep, {join});
  uint32_t other = g.add(kStep, {}); // independent: runs
  g.add(kStep, {other, join});
  uint64_t first = 0;
  VYRE_OK_OR_FAIL(publish(k, g, &first));
  std::vector<vyre_completion> done = runToEnd(k, g.slots.size());
  expectModel(k, g, first, done);
  uint32_t dependencyFailed = 0;
  for (const vyre_completion &c : done)
    dependencyFailed += c.fault_code == VYRE_FAULT_DEPENDENCY_FAILED;
  EXPECT_EQ(dependencyFailed, 5u);
  EXPECT_STREQ(vyre_fault_name(VYRE_FAULT_DEPENDENCY_FAILED),
               "dependency_failed");
  expectCountersFree(k);
  expectCleanShutdown(k);
}

// A layer after a whole layer: every task of the next waits on one counter
// that each task of the one before signals (no barrier task, one hop), and
// 64 x 64 edges fit a record of one signal a task.
TEST_F(GraphTest, LayersAfterWholeLayersShareOneCounter) {
  vyre_kernel *k = loadGraphKernel();
  ASSERT_TRUE(k);
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  Graph g;
  const uint32_t width = 16, layers = 6;
  for (uint32_t l = 0; l < layers; ++l)
    for (uint32_t c = 0; c < width; ++c) {
      std::vector<uint32_t> from;
      for (uint32_t p = 0; l && p < width; ++p)
        from.push_back((l - 1) * width + p);
      // Its source: the task of the same column in the layer before.
      if (l)
        std::rotate(from.begin(), from.begin() + c, from.end());
      g.add(kStep, from);
    }
  uint32_t freeBefore = 0;
  vyre_kernel_dependency_counters(k, &freeBefore);
  uint64_t first = 0;
  VYRE_OK_OR_FAIL(publish(k, g, &first));
  uint32_t freeDuring = 0;
  vyre_kernel_dependency_counters(k, &freeDuring);
  EXPECT_LE(freeBefore - freeDuring, layers - 1) << "a counter per layer";
  expectModel(k, g, first, runToEnd(k, g.slots.size()));
  expectCountersFree(k);
  expectCleanShutdown(k);
}

TEST_F(GraphTest, WaitingTasksAreReportedUntilTheyRun) {
  vyre_kernel *k = loadGraphKernel();
  ASSERT_TRUE(k);
  Graph g; // published before launch: nothing has run
  uint32_t a = g.add(kStep, {}), b = g.add(kStep, {});
  g.add(kStep, {a});
  g.add(kStep, {a, b});
  uint64_t first = 0;
  VYRE_OK_OR_FAIL(publish(k, g, &first));
  std::vector<vyre_dependency_wait> waits(8);
  uint32_t n = 0;
  VYRE_OK_OR_FAIL(vyre_kernel_dependency_waits(k, waits.data(), 8, &n));
  ASSERT_EQ(n, 2u);
  std::map<uint64_t, vyre_dependency_wait> byTask;
  for (uint32_t i = 0; i < n; ++i)
    byTask[waits[i].ticket - first] = waits[i];
  EXPECT_EQ(byTask[2].target, 1u);
  EXPECT_EQ(byTask[3].target, 2u);
  EXPECT_EQ(byTask[3].count, 0u);
  EXPECT_NE(byTask[2].counter, byTask[3].counter);
  EXPECT_EQ(byTask[2].poisoned, 0u);
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  expectModel(k, g, first, runToEnd(k, g.slots.size()));
  VYRE_OK_OR_FAIL(vyre_kernel_dependency_waits(k, waits.data(), 8, &n));
  EXPECT_EQ(n, 0u);
  expectCleanShutdown(k);
}

TEST_F(GraphTest, BadGraphsAreRefusedWholeWithAReason) {
  vyre_kernel *k = loadGraphKernel();
  ASSERT_TRUE(k);
  auto refuse = [&](const Graph &g, vyre_status want, const char *says) {
    uint64_t before = vyre_kernel_published(k);
    EXPECT_EQ(publish(k, g, nullptr, 0), want);
    EXPECT_NE(std::string(vyre_last_error()).find(says), std::string::npos)
        << vyre_last_error();
    EXPECT_EQ(vyre_kernel_published(k), before) << "nothing was published";
    expectCountersFree(k);
  };
  Graph backwards;
  backwards.add(kStep, {});
  backwards.add(kStep, {});
  backwards.edges.push_back({1, 0});
  refuse(backwards, VYRE_ERROR_INVALID_ARGUMENT, "topological order");
  Graph twice;
  twice.add(kStep, {});
  twice.add(kStep, {0});
  twice.edges.push_back({0, 1});
  refuse(twice, VYRE_ERROR_INVALID_ARGUMENT, "listed twice");
  Graph past;
  past.add(kStep, {});
  past.edges.push_back({0, 7});
  refuse(past, VYRE_ERROR_INVALID_ARGUMENT, "past the 1");
  Graph wide; // task 0 precedes seven joins, each with another partner
  for (uint32_t i = 0; i < 8; ++i)
    wide.add(kStep, {});
  for (uint32_t i = 1; i < 8; ++i)
    wide.add(kStep, {0, i});
  refuse(wide, VYRE_ERROR_INVALID_ARGUMENT, "NOP task");
  Graph huge; // more tasks than the normal queue's 148 slots
  for (uint32_t t = 0; t < 300; ++t)
    huge.add(kStep, {});
  refuse(huge, VYRE_ERROR_RING_FULL, "goes in whole");
}

TEST_F(GraphTest, AGraphNeedsFreeCounters) {
  vyre_kernel *k = load("graph_few"); // 4 counters
  ASSERT_TRUE(k);
  Graph g; // a chain of 6: five done counters
  for (uint32_t t = 0; t < 6; ++t)
    g.add(kStep, t ? std::vector<uint32_t>{t - 1} : std::vector<uint32_t>{});
  EXPECT_EQ(publish(k, g, nullptr, 0), VYRE_ERROR_INVALID_ARGUMENT);
  EXPECT_NE(std::string(vyre_last_error())
                .find("needs 5 dependency counters and 4 of the kernel's 4"),
            std::string::npos)
      << vyre_last_error();
  uint32_t free = 0;
  EXPECT_EQ(vyre_kernel_dependency_counters(k, &free), 4u);
  EXPECT_EQ(free, 4u);
}

// An injected device loss in the middle of graphs: after the rebuild every
// task has ended exactly once, DONE or FAULT (device_lost for a task a
// lane held, dependency_failed for those after it), no task ran before a
// predecessor, and every counter came back.
TEST_F(GraphTest, AGraphSurvivesADeviceLossWithoutALostTask) {
  vyre_kernel *k = loadGraphKernel();
  ASSERT_TRUE(k);
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  std::vector<Graph> graphs;
  std::vector<uint64_t> firsts;
  std::vector<vyre_completion> done;
  VYRE_OK_OR_FAIL(vyre_runtime_inject_fault(runtime, VYRE_INJECT_DEVICE_LOST, 5));
  bool lost = false;
  for (uint32_t seed = 1; seed <= 8 && !lost; ++seed) {
    graphs.push_back(randomGraph(60, 100 + seed, 0.0));
    // Task ids index value[]: each graph its own range.
    for (vyre_slot &slot : graphs.back().slots) {
      slot.args[0] += 128 * (seed - 1);
      if (slot.args[1] != kZeroCell)
        slot.args[1] += 128 * (seed - 1);
    }
    uint64_t first = 0;
    vyre_status s = publish(k, graphs.back(), &first);
    if (s == VYRE_ERROR_DEVICE_LOST) {
      graphs.pop_back();
      lost = true;
      break;
    }
    ASSERT_EQ(s, VYRE_OK) << vyre_last_error();
    firsts.push_back(first);
    std::vector<vyre_completion> chunk(512);
    uint32_t n = 0;
    s = vyre_kernel_reap(k, chunk.data(), 512, &n);
    done.insert(done.end(), chunk.begin(), chunk.begin() + n);
    lost = s == VYRE_ERROR_DEVICE_LOST;
  }
  if (!lost) {
    vyre_status s = vyre_kernel_wait(k, vyre_kernel_published(k), kWait);
    ASSERT_TRUE(s == VYRE_OK || s == VYRE_ERROR_DEVICE_LOST) << vyre_last_error();
  }
  VYRE_OK_OR_FAIL(vyre_kernel_rebuild(k));
  VYRE_OK_OR_FAIL(vyre_kernel_wait(k, vyre_kernel_published(k), kWait));
  std::vector<vyre_completion> rest = reapAll(k);
  done.insert(done.end(), rest.begin(), rest.end());
  ASSERT_EQ(done.size(), vyre_kernel_published(k)) << "every task ends once";
  std::map<uint64_t, vyre_completion> byTicket;
  for (const vyre_completion &c : done)
    EXPECT_TRUE(byTicket.emplace(c.ticket, c).second) << "ticket " << c.ticket;
  std::vector<uint32_t> order = buffer(k, "order", 4096);
  for (size_t g = 0; g < graphs.size(); ++g)
    for (size_t t = 0; t < graphs[g].slots.size(); ++t) {
      const vyre_completion &c = byTicket[firsts[g] + t];
      bool predFailed = false;
      for (uint32_t p : graphs[g].preds[t]) {
        const vyre_completion &pc = byTicket[firsts[g] + p];
        predFailed |= pc.status != VYRE_STATUS_DONE;
        if (c.status == VYRE_STATUS_DONE && pc.status == VYRE_STATUS_DONE)
          EXPECT_LT(order[graphs[g].slots[p].args[0]],
                    order[graphs[g].slots[t].args[0]]);
      }
      if (predFailed)
        EXPECT_EQ(c.fault_code, VYRE_FAULT_DEPENDENCY_FAILED)
            << "graph " << g << " task " << t;
      else if (c.status == VYRE_STATUS_FAULT)
        EXPECT_EQ(c.fault_code, VYRE_FAULT_DEVICE_LOST);
    }
  uint32_t lostCount = 0, failed = 0;
  for (const vyre_completion &c : done) {
    lostCount += c.fault_code == VYRE_FAULT_DEVICE_LOST;
    failed += c.fault_code == VYRE_FAULT_DEPENDENCY_FAILED;
  }
  std::printf("[ info ] %zu graphs, %zu tasks: %u device_lost, %u "
              "dependency_failed, the rest DONE\n",
              graphs.size(), done.size(), lostCount, failed);
  expectCountersFree(k);
  expectCleanShutdown(k);
}

TEST_F(GraphTest, AKernelWithoutCountersSaysHowToGetThem) {
  vyre_kernel *k = load("builtins_persistent");
  ASSERT_TRUE(k);
  vyre_slot s = makeSlot(VYRE_OP_NOP);
  EXPECT_EQ(vyre_kernel_publish_graph(k, &s, 1, nullptr, 0, 0, nullptr),
            VYRE_ERROR_STATE);
  EXPECT_NE(std::string(vyre_last_error()).find("dependency_counters"),
            std::string::npos);
  EXPECT_EQ(vyre_kernel_dependency_counters(k, nullptr), 0u);
}

} // namespace
