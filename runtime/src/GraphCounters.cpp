//===- GraphCounters.cpp - a graph's records and its counters -------------===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "GraphCounters.h"
#include "GraphPlan.h"

#include <cstddef>

using namespace vyre;

void GraphCounters::reset(uint32_t counters, uint32_t slots) {
  total = counters;
  uses.assign(counters, 0);
  freeList.clear();
  for (uint32_t c = counters; c-- > 0;)
    freeList.push_back(c); // counter 0 taken first
  records.assign(counters ? slots : 0, DepRecord{});
  dependent.assign(counters ? slots : 0, 0);
}

bool GraphCounters::isEmpty(const DepRecord &r) {
  bool any = false;
  forEachCounter(r, [&](uint32_t) { any = true; });
  return !any;
}

void GraphCounters::release(const DepRecord &r) {
  forEachCounter(r, [&](uint32_t c) {
    if (c < total && uses[c] && --uses[c] == 0)
      freeList.push_back(c);
  });
}

bool GraphCounters::take(uint32_t &counter) {
  if (freeList.empty())
    return false;
  counter = freeList.back();
  freeList.pop_back();
  return true;
}

bool GraphCounters::compile(uint32_t count, const vyre_edge *edges,
                            uint32_t edgeCount,
                            std::vector<DepRecord> &out,
                            std::vector<uint32_t> &fresh, std::string &why) {
  static_assert(sizeof(vyre_edge) == sizeof(graph::Edge) &&
                    offsetof(vyre_edge, to) == offsetof(graph::Edge, to),
                "vyre_edge is the plan's Edge");
  graph::Plan plan;
  if (!graph::planGraph(count, reinterpret_cast<const graph::Edge *>(edges),
                        edgeCount, plan, why))
    return false;
  if (plan.counters > freeList.size()) {
    why = "the graph needs " + std::to_string(plan.counters) +
          " dependency counters and " + std::to_string(freeList.size()) +
          " of the kernel's " + std::to_string(total) +
          " are free; counters come back when the tasks naming them finish "
          "(reap them), or compile the kernel with more dependency_counters";
    return false;
  }
  // A counter per group of tasks with the same predecessors.
  std::vector<uint32_t> counterOf(plan.counters, VYRE_DEP_NONE);
  fresh.clear();
  for (uint32_t &c : counterOf)
    if (take(c))
      fresh.push_back(c);
  out.assign(count, DepRecord{});
  for (uint32_t t = 0; t < count; ++t) {
    DepRecord &r = out[t];
    r.fill(VYRE_DEP_NONE);
    if (plan.groupOf[t] != graph::Plan::kNoGroup) {
      r[VYRE_DEP_WORD_WAIT] = counterOf[plan.groupOf[t]];
      r[VYRE_DEP_WORD_TARGET] = uint32_t(plan.preds[t].size());
    }
    for (size_t i = 0; i < plan.signals[t].size(); ++i)
      r[VYRE_DEP_WORD_SIGNAL0 + i] = counterOf[plan.signals[t][i]];
  }
  for (const DepRecord &r : out)
    forEachCounter(r, [&](uint32_t c) { ++uses[c]; });
  return true;
}
