//===- graph.cpp - fuzzing the task-graph compiler ---------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Any graph a caller can hand vyre_kernel_publish_graph (tasks, edges in
// or out of range, backwards, twice; few or many counters): the graph
// compiler (runtime/src/GraphCounters, common/graph/GraphPlan) refuses it
// with a reason and takes no counter, or gives every task a record whose
// counters are the kernel's, each task waiting as its predecessors
// require, and every counter comes back once the records are released.
//
//===----------------------------------------------------------------------===//

#include "GraphCounters.h"

#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

void require(bool ok) {
  if (!ok)
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2)
    return 0;
  uint32_t counters = 1 + data[0] % 64, tasks = data[1] % 100;
  std::vector<vyre_edge> edges;
  for (size_t i = 2; i + 1 < size; i += 2) // a task or two past the end
    edges.push_back({data[i] % (tasks + 2u), data[i + 1] % (tasks + 2u)});
  vyre::GraphCounters graphs;
  graphs.reset(counters, 256);
  std::vector<vyre::DepRecord> records;
  std::vector<uint32_t> fresh;
  std::string why;
  if (!graphs.compile(tasks, edges.data(), uint32_t(edges.size()), records,
                      fresh, why)) {
    require(!why.empty() && graphs.freeNow() == counters);
    return 0;
  }
  require(records.size() == tasks && fresh.size() <= counters);
  std::vector<uint32_t> preds(tasks, 0);
  for (const vyre_edge &e : edges)
    ++preds[e.to];
  for (uint32_t t = 0; t < tasks; ++t) {
    const vyre::DepRecord &r = records[t];
    uint32_t wait = r[VYRE_DEP_WORD_WAIT];
    // A task waits iff it has a predecessor, for as many as it has.
    require((wait == VYRE_DEP_NONE) == (preds[t] == 0));
    require(wait == VYRE_DEP_NONE ||
            (wait < counters && r[VYRE_DEP_WORD_TARGET] == preds[t]));
    for (uint32_t i = 0; i < VYRE_DEP_MAX_SIGNALS; ++i) {
      uint32_t s = r[VYRE_DEP_WORD_SIGNAL0 + i];
      require(s == VYRE_DEP_NONE || s < counters);
    }
  }
  for (const vyre::DepRecord &r : records)
    graphs.release(r);
  require(graphs.freeNow() == counters);
  return 0;
}
