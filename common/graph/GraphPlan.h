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
//   - a task with one predecessor waits on that predecessor's "done"
//     counter (one counter serves all such successors, target 1);
//   - a task with k >= 2 predecessors waits on a "join" counter of its own
//     (target k), which each predecessor signals;
//   - so a task signals its done counter (if it has single-predecessor
//     successors) and one join per multi-predecessor successor, at most
//     VYRE_DEP_MAX_SIGNALS.
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
  /// Per task: its predecessors' count, and its successors (ascending).
  std::vector<uint32_t> preds;
  std::vector<std::vector<uint32_t>> succs;
  /// Per task: whether it needs a done counter (a successor with no other
  /// predecessor waits on it).
  std::vector<uint8_t> needsDone;
  /// Counters the graph takes: done counters and join counters.
  uint32_t counters = 0;

  bool needsJoin(uint32_t task) const { return preds[task] >= 2; }
  /// Counters `task` signals when it ends.
  uint32_t signals(uint32_t task) const;
};

/// Plans `count` tasks with `edgeCount` edges; false with `why` (in terms of
/// `noun`, e.g. "task") for an edge out of range or backwards, an edge
/// listed twice, or a task that would signal too many counters.
bool planGraph(uint32_t count, const Edge *edges, uint32_t edgeCount,
               Plan &out, std::string &why, const char *noun = "task");

} // namespace vyre::graph

#endif // VYRE_COMMON_GRAPH_GRAPHPLAN_H
