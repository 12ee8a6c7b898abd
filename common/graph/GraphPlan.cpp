//===- GraphPlan.cpp - what a task graph needs of the ABI -----------------===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "GraphPlan.h"

#include <algorithm>

using namespace vyre::graph;

uint32_t Plan::signals(uint32_t task) const {
  uint32_t joins = 0;
  for (uint32_t s : succs[task])
    joins += preds[s] >= 2;
  return needsDone[task] + joins;
}

namespace {

bool readEdges(uint32_t count, const Edge *edges, uint32_t edgeCount,
               Plan &p, std::string &why, const std::string &noun) {
  p.preds.assign(count, 0);
  p.succs.assign(count, {});
  for (uint32_t i = 0; i < edgeCount; ++i) {
    const Edge &e = edges[i];
    if (e.from >= count || e.to >= count) {
      why = "edge " + std::to_string(i) + " (" + std::to_string(e.from) +
            " -> " + std::to_string(e.to) + ") names a " + noun +
            " past the " + std::to_string(count) + " of the graph";
      return false;
    }
    if (e.from >= e.to) {
      why = "edge " + std::to_string(i) + " goes from " + noun + " " +
            std::to_string(e.from) + " to " + noun + " " +
            std::to_string(e.to) + "; " + noun +
            "s are published in topological order, so every edge goes "
            "from an earlier " + noun + " to a later one (a cycle cannot be "
            "ordered so)";
      return false;
    }
    p.succs[e.from].push_back(e.to);
    ++p.preds[e.to];
  }
  for (uint32_t t = 0; t < count; ++t) {
    std::vector<uint32_t> &s = p.succs[t];
    std::sort(s.begin(), s.end());
    auto twice = std::adjacent_find(s.begin(), s.end());
    if (twice != s.end()) {
      why = "the edge from " + noun + " " + std::to_string(t) + " to " +
            noun + " " + std::to_string(*twice) + " is listed twice";
      return false;
    }
  }
  return true;
}

} // namespace

bool vyre::graph::planGraph(uint32_t count, const Edge *edges,
                            uint32_t edgeCount, Plan &p, std::string &why,
                            const char *noun) {
  if (!readEdges(count, edges, edgeCount, p, why, noun))
    return false;
  p.needsDone.assign(count, 0);
  p.counters = 0;
  for (uint32_t t = 0; t < count; ++t)
    for (uint32_t s : p.succs[t])
      if (p.preds[s] == 1)
        p.needsDone[t] = 1;
  for (uint32_t t = 0; t < count; ++t) {
    uint32_t signals = p.signals(t);
    if (signals > VYRE_DEP_MAX_SIGNALS) {
      why = std::string(noun) + " " + std::to_string(t) + " would signal " +
            std::to_string(signals) + " counters (" +
            std::to_string(signals - p.needsDone[t]) +
            " of its successors wait on others too); " +
            (std::string("aeiou").find(noun[0]) != std::string::npos
                 ? "an "
                 : "a ") +
            noun +
            " signals at most " + std::to_string(VYRE_DEP_MAX_SIGNALS) +
            ", so join those successors' edges through a NOP " + noun;
      return false;
    }
    p.counters += p.needsDone[t] + p.needsJoin(t);
  }
  return true;
}
