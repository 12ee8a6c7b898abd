//===- GraphFixture.h - task graphs and their model, for the tests -*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// A task graph (slots, edges, predecessors) with what it means: a task
// runs after every predecessor ended DONE, reads what they wrote, and ends
// FAULT dependency_failed (without running) if one of them faulted; random
// graphs; and the fixture that publishes them on the graph kernel
// (unittests/Runtime/kernels/graph.mlir) and holds the device to the model.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_UNITTESTS_RUNTIME_GRAPHFIXTURE_H
#define VYRE_UNITTESTS_RUNTIME_GRAPHFIXTURE_H

#include "RuntimeFixture.h"
#include "vyre/graph.h"

#include <algorithm>
#include <map>
#include <random>

namespace vyre::test {


constexpr uint32_t kStep = 16, kFail = 17;
/// value[kZeroCell] stays 0: the source of tasks without a predecessor.
constexpr uint32_t kZeroCell = 4095;

/// A graph and what the model says of it.
struct Graph {
  std::vector<vyre_slot> slots;
  std::vector<vyre_edge> edges;
  std::vector<std::vector<uint32_t>> preds;

  uint32_t add(uint32_t opcode, std::vector<uint32_t> from) {
    uint32_t t = uint32_t(slots.size());
    uint32_t source = from.empty() ? kZeroCell : from.front();
    slots.push_back(makeSlot(opcode, {t, source}));
    for (uint32_t f : from)
      edges.push_back({f, t});
    preds.push_back(std::move(from));
    return t;
  }
  /// Per task: 0 DONE, else the fault code the model expects.
  std::vector<uint32_t> expectedFaults() const {
    std::vector<uint32_t> fault(slots.size(), 0);
    for (size_t t = 0; t < slots.size(); ++t) {
      bool failed = std::any_of(preds[t].begin(), preds[t].end(),
                                [&](uint32_t p) { return fault[p] != 0; });
      fault[t] = failed ? VYRE_FAULT_DEPENDENCY_FAILED
                 : slots[t].opcode == kFail ? 300u
                                            : 0u;
    }
    return fault;
  }
  /// value[t] of every task that ran: its first predecessor's plus one.
  std::vector<uint32_t> expectedValues() const {
    std::vector<uint32_t> v(slots.size(), 0);
    for (size_t t = 0; t < slots.size(); ++t)
      v[t] = (preds[t].empty() ? 0 : v[preds[t].front()]) + 1;
    return v;
  }
};

/// A random DAG: each task takes up to 3 predecessors among the 12 before
/// it, and a task never signals more than the record holds.
inline Graph randomGraph(uint32_t tasks, uint32_t seed, double failRate) {
  std::mt19937 rng(seed);
  Graph g;
  std::vector<uint32_t> joinsOf(tasks, 0);
  for (uint32_t t = 0; t < tasks; ++t) {
    std::vector<uint32_t> from;
    uint32_t want = t ? rng() % 4 : 0;
    for (uint32_t i = 0; i < want; ++i) {
      uint32_t p = t - 1 - rng() % std::min(t, 12u);
      if (std::find(from.begin(), from.end(), p) == from.end())
        from.push_back(p);
    }
    if (from.size() >= 2) { // each predecessor signals this task's join
      from.erase(std::remove_if(from.begin(), from.end(),
                                [&](uint32_t p) { return joinsOf[p] >= 5; }),
                 from.end());
      if (from.size() >= 2)
        for (uint32_t p : from)
          ++joinsOf[p];
    }
    bool fail = std::uniform_real_distribution<double>(0, 1)(rng) < failRate;
    g.add(fail ? kFail : kStep, from);
  }
  return g;
}

class GraphTest : public RuntimeTest {
protected:
  vyre_kernel *loadGraphKernel(const char *stem = "graph") {
    vyre_kernel *k = load(stem);
    if (k) {
      std::vector<uint32_t> zeros(4096, 0);
      EXPECT_EQ(vyre_kernel_write_buffer(k, "value", 0, zeros.data(), 4096),
                VYRE_OK);
      EXPECT_EQ(vyre_kernel_write_buffer(k, "order", 0, zeros.data(), 4096),
                VYRE_OK);
    }
    return k;
  }
  std::vector<uint32_t> buffer(vyre_kernel *k, const char *name, uint32_t n) {
    std::vector<uint32_t> out(n);
    EXPECT_EQ(vyre_kernel_read_buffer(k, name, 0, out.data(), n), VYRE_OK)
        << vyre_last_error();
    return out;
  }
  /// Every task ended as the model says: status, fault code, value, and
  /// after each of its predecessors.
  void expectModel(vyre_kernel *k, const Graph &g, uint64_t first,
                   const std::vector<vyre_completion> &done) {
    ASSERT_EQ(done.size(), g.slots.size()) << "every task completes once";
    std::vector<uint32_t> fault = g.expectedFaults();
    std::vector<uint32_t> value = g.expectedValues();
    std::vector<uint32_t> got = buffer(k, "value", uint32_t(g.slots.size()));
    std::vector<uint32_t> order = buffer(k, "order", uint32_t(g.slots.size()));
    std::vector<int> seen(g.slots.size(), 0);
    for (const vyre_completion &c : done) {
      ASSERT_GE(c.ticket, first);
      uint64_t t = c.ticket - first;
      ASSERT_LT(t, g.slots.size());
      ++seen[t];
      EXPECT_EQ(c.status, fault[t] ? VYRE_STATUS_FAULT : VYRE_STATUS_DONE)
          << "task " << t;
      EXPECT_EQ(c.fault_code, fault[t]) << "task " << t;
      if (fault[t])
        continue;
      EXPECT_EQ(got[t], value[t]) << "task " << t << " read its predecessor";
      for (uint32_t p : g.preds[t])
        EXPECT_LT(order[p], order[t]) << "task " << t << " ran before " << p;
    }
    for (size_t t = 0; t < seen.size(); ++t)
      EXPECT_EQ(seen[t], 1) << "task " << t;
  }
  static vyre_status publish(vyre_kernel *k, const Graph &g, uint64_t *first,
                             uint32_t timeoutMs = kWait) {
    return vyre_kernel_publish_graph(k, g.slots.data(),
                                     uint32_t(g.slots.size()), g.edges.data(),
                                     uint32_t(g.edges.size()), timeoutMs,
                                     first);
  }
  std::vector<vyre_completion> runToEnd(vyre_kernel *k, uint64_t count) {
    vyre_status s = vyre_kernel_wait(k, count, kWait);
    EXPECT_EQ(s, VYRE_OK) << vyre_last_error() << "\n" << waitsOf(k);
    return reapAll(k);
  }
  /// A once kernel launched until `count` slots finished: where the
  /// device bounds loop iterations (lavapipe) a dispatch returns at its
  /// loop budget, and a deep graph takes a pass per level. Each launch
  /// must finish some.
  void drainOnce(vyre_kernel *k, uint64_t count) {
    uint64_t before = 0;
    for (int launch = 0; launch < 100; ++launch) {
      VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
      VYRE_OK_OR_FAIL(vyre_kernel_wait_idle(k, kWait));
      uint32_t counts[2] = {};
      VYRE_OK_OR_FAIL(
          vyre_kernel_read_control(k, VYRE_CTRL_DONE_COUNT, counts, 2));
      uint64_t finished = uint64_t(counts[0]) + counts[1];
      if (finished >= count)
        return;
      ASSERT_GT(finished, before) << "a launch finished nothing: "
                                  << waitsOf(k);
      before = finished;
    }
    ADD_FAILURE() << "a once graph did not finish in 100 launches: "
                  << waitsOf(k);
  }
  /// The dependency report, for a failure's message.
  std::string waitsOf(vyre_kernel *k) {
    std::vector<vyre_dependency_wait> waits(64);
    uint32_t n = 0;
    vyre_kernel_dependency_waits(k, waits.data(), 64, &n);
    std::string out = std::to_string(n) + " tasks wait:";
    for (uint32_t i = 0; i < std::min<uint32_t>(n, 64); ++i)
      out += " [ticket " + std::to_string(waits[i].ticket) + " slot " +
             std::to_string(waits[i].slot) + " counter " +
             std::to_string(waits[i].counter) + " at " +
             std::to_string(waits[i].count) + "/" +
             std::to_string(waits[i].target) +
             (waits[i].poisoned ? " poisoned]" : "]");
    return out;
  }
  void expectCountersFree(vyre_kernel *k) {
    uint32_t free = 0;
    uint32_t total = vyre_kernel_dependency_counters(k, &free);
    EXPECT_EQ(total, 1024u);
    EXPECT_EQ(free, total) << "counters come back when their tasks finish";
  }
};

} // namespace vyre::test

#endif // VYRE_UNITTESTS_RUNTIME_GRAPHFIXTURE_H
