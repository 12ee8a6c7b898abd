//===- GraphPlan.cpp - what a task graph needs of the ABI -----------------===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "GraphPlan.h"

#include <algorithm>
#include <map>

using namespace vyre::graph;

namespace {

std::string article(const std::string &noun) {
  return std::string("aeiou").find(noun[0]) != std::string::npos ? "an "
                                                                  : "a ";
}

bool readEdges(uint32_t count, const Edge *edges, uint32_t edgeCount,
               Plan &p, std::string &why, const std::string &noun) {
  p.preds.assign(count, {});
  for (uint32_t i = 0; i < edgeCount; ++i) {
    const Edge &e = edges[i];
    if (e.from >= count || e.to >= count) {
      why = "edge " + std::to_string(i) + " (" + std::to_string(e.from) +
            " -> " + std::to_string(e.to) + ") names " + article(noun) +
            noun + " past the " + std::to_string(count) + " of the graph";
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
    p.preds[e.to].push_back(e.from);
  }
  for (uint32_t t = 0; t < count; ++t) {
    std::vector<uint32_t> &s = p.preds[t];
    std::sort(s.begin(), s.end());
    auto twice = std::adjacent_find(s.begin(), s.end());
    if (twice != s.end()) {
      why = "the edge from " + noun + " " + std::to_string(*twice) + " to " +
            noun + " " + std::to_string(t) + " is listed twice";
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
  // One group per distinct set of predecessors.
  std::map<std::vector<uint32_t>, uint32_t> groups;
  p.groupOf.assign(count, Plan::kNoGroup);
  p.signals.assign(count, {});
  for (uint32_t t = 0; t < count; ++t) {
    if (p.preds[t].empty())
      continue;
    auto [it, added] = groups.try_emplace(p.preds[t], uint32_t(groups.size()));
    p.groupOf[t] = it->second;
    if (added)
      for (uint32_t from : p.preds[t])
        p.signals[from].push_back(it->second);
  }
  p.counters = uint32_t(groups.size());
  for (uint32_t t = 0; t < count; ++t) {
    std::sort(p.signals[t].begin(), p.signals[t].end());
    if (p.signals[t].size() > VYRE_DEP_MAX_SIGNALS) {
      why = std::string(noun) + " " + std::to_string(t) + " would signal " +
            std::to_string(p.signals[t].size()) +
            " counters (its successors wait on that many different sets of " +
            noun + "s); " + article(noun) + noun + " signals at most " +
            std::to_string(VYRE_DEP_MAX_SIGNALS) +
            ", so join some of those successors' predecessors through a NOP " +
            noun;
      return false;
    }
  }
  return true;
}
