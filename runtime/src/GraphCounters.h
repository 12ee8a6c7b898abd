//===- GraphCounters.h - the host's side of slot dependencies ---*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// A kernel's dependency counters (ABI v10, RingABI.h "Dependencies"): which
// are free, how many in-flight tasks name each, and the record of every
// dependent task in the ring. compile() turns a graph (tasks in topological
// order and their edges) into one record per task by the rule of
// common/graph/GraphPlan.h, which the dialect checks batches by too: a
// counter per distinct set of predecessors, at most VYRE_DEP_MAX_SIGNALS
// signals a task. A counter returns to the
// free list when the last task naming it has finished (its signals precede
// its completion byte), and is set to 0 by the host before its next use.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_RUNTIME_GRAPHCOUNTERS_H
#define VYRE_RUNTIME_GRAPHCOUNTERS_H

#include "vyre/ABI/RingABI.h"
#include "vyre/graph.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace vyre {

using DepRecord = std::array<uint32_t, VYRE_DEP_RECORD_WORDS>;

class GraphCounters {
public:
  /// `counters` counters, all free; records for a ring of `slots`.
  void reset(uint32_t counters, uint32_t slots);
  uint32_t counters() const { return total; }
  uint32_t freeNow() const { return uint32_t(freeList.size()); }

  /// The records of a graph's tasks, its counters taken; false with `why`
  /// (nothing taken) for a bad edge, too many signals or too few counters.
  /// `fresh` gets the counters taken, for the caller to zero on the device.
  bool compile(uint32_t count, const vyre_edge *edges, uint32_t edgeCount,
               std::vector<DepRecord> &records, std::vector<uint32_t> &fresh,
               std::string &why);
  /// A record naming no counter: its task is published as a plain slot.
  static bool isEmpty(const DepRecord &r);
  /// Task `r` will not be published after all: its counters' uses return.
  void release(const DepRecord &r);

  /// Ring slot `s` holds a task with record `r` (not empty).
  void published(uint32_t s, const DepRecord &r) {
    records[s] = r;
    dependent[s] = 1;
  }
  /// Ring slot `s` finished (or was given up): its uses of counters end.
  void finished(uint32_t s) {
    if (total && dependent[s]) { // one test on the reap's path
      dependent[s] = 0;
      release(records[s]);
    }
  }
  bool isDependent(uint32_t s) const { return total && dependent[s]; }
  const DepRecord &recordOf(uint32_t s) const { return records[s]; }

private:
  bool take(uint32_t &counter);
  /// Calls `fn` with each counter `r` names: its wait, then its signals.
  template <typename Fn> static void forEachCounter(const DepRecord &r, Fn fn) {
    for (uint32_t w = VYRE_DEP_WORD_WAIT; w < VYRE_DEP_RECORD_WORDS; ++w)
      if (w != VYRE_DEP_WORD_TARGET && r[w] != VYRE_DEP_NONE)
        fn(r[w]);
  }

  /// Counters the kernel declares (0: no records are kept).
  uint32_t total = 0;
  std::vector<uint32_t> freeList;
  /// Per counter: tasks in flight (or being published) that name it.
  std::vector<uint32_t> uses;
  /// Per ring slot: the record of the dependent task in it.
  std::vector<DepRecord> records;
  std::vector<uint8_t> dependent;
};

} // namespace vyre

#endif // VYRE_RUNTIME_GRAPHCOUNTERS_H
