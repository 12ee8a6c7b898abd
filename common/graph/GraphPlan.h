//===- GraphPlan.h - what a task graph needs of the ABI ---------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// The rule that turns a task graph into dependency records (RingABI.h,
// "Dependencies"), shared by the runtime's vyre_kernel_publish_graph and
// the dialect's check of a vyre.batch's edges, so that the compiler
// refuses exactly the graphs the runtime would:
//   - tasks are in topological order: every edge goes from an earlier task
//     to a later one, and none is listed twice;
//   - tasks with predecessors are grouped by their set of predecessors,
//     and each group waits on one counter of its own, target the size of
//     the set, which every task of the set signals: all successors of one
//     task share its counter, and a layer after a whole layer (every task
//     after the same tasks) is one counter, one hop, with no barrier task;
//   - so a task signals one counter per distinct predecessor set among its
//     successors, at most VYRE_DEP_MAX_SIGNALS.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_COMMON_GRAPH_GRAPHPLAN_H
#define VYRE_COMMON_GRAPH_GRAPHPLAN_H

#include "vyre/ABI/RingABI.h"

#include <cstdint>
#include <string>
#include <vector>

namespace vyre::graph {

/// Task `to` runs after task `from` (indices into the graph's tasks).
struct Edge {
  uint32_t from, to;
};

struct Plan {
  static constexpr uint32_t kNoGroup = UINT32_MAX;
  /// Per task: its predecessors (ascending).
  std::vector<std::vector<uint32_t>> preds;
  /// Per task: the group (one counter) it waits on, or kNoGroup.
  std::vector<uint32_t> groupOf;
  /// Per task: the groups it signals (ascending, each once).
  std::vector<std::vector<uint32_t>> signals;
  /// Groups, and so counters, the graph takes.
  uint32_t counters = 0;
};

/// Plans `count` tasks with `edgeCount` edges; false with `why` (in terms of
/// `noun`, e.g. "task") for an edge out of range or backwards, an edge
/// listed twice, or a task that would signal too many counters.
bool planGraph(uint32_t count, const Edge *edges, uint32_t edgeCount,
               Plan &out, std::string &why, const char *noun = "task");

} // namespace vyre::graph

#endif // VYRE_COMMON_GRAPH_GRAPHPLAN_H
