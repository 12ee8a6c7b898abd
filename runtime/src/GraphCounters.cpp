//===- GraphCounters.cpp - a graph's records and its counters -------------===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "GraphCounters.h"

#include <algorithm>
#include <utility>

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
  return r[VYRE_DEP_WORD_WAIT] == VYRE_DEP_NONE &&
         std::all_of(r.begin() + VYRE_DEP_WORD_SIGNAL0, r.end(),
                     [](uint32_t w) { return w == VYRE_DEP_NONE; });
}

void GraphCounters::release(const DepRecord &r) {
  auto drop = [&](uint32_t c) {
    if (c < total && uses[c] && --uses[c] == 0)
      freeList.push_back(c);
  };
  drop(r[VYRE_DEP_WORD_WAIT]);
  for (uint32_t i = 0; i < VYRE_DEP_MAX_SIGNALS; ++i)
    drop(r[VYRE_DEP_WORD_SIGNAL0 + i]);
}

bool GraphCounters::take(uint32_t &counter) {
  if (freeList.empty())
    return false;
  counter = freeList.back();
  freeList.pop_back();
  return true;
}

namespace {

/// Checks the edges; fills each task's predecessor count and successors.
bool readEdges(uint32_t count, const vyre_edge *edges, uint32_t edgeCount,
               std::vector<uint32_t> &preds,
               std::vector<std::vector<uint32_t>> &succs, std::string &why) {
  preds.assign(count, 0);
  succs.assign(count, {});
  for (uint32_t i = 0; i < edgeCount; ++i) {
    const vyre_edge &e = edges[i];
    if (e.from >= count || e.to >= count) {
      why = "edge " + std::to_string(i) + " (" + std::to_string(e.from) +
            " -> " + std::to_string(e.to) + ") names a task past the " +
            std::to_string(count) + " of the graph";
      return false;
    }
    if (e.from >= e.to) {
      why = "edge " + std::to_string(i) + " goes from task " +
            std::to_string(e.from) + " to task " + std::to_string(e.to) +
            "; tasks are published in topological order, so every edge goes "
            "from an earlier task to a later one (a cycle cannot be "
            "ordered so)";
      return false;
    }
    succs[e.from].push_back(e.to);
    ++preds[e.to];
  }
  for (uint32_t t = 0; t < count; ++t) {
    std::vector<uint32_t> &s = succs[t];
    std::sort(s.begin(), s.end());
    if (std::adjacent_find(s.begin(), s.end()) != s.end()) {
      why = "the edge from task " + std::to_string(t) + " to task " +
            std::to_string(*std::adjacent_find(s.begin(), s.end())) +
            " is listed twice";
      return false;
    }
  }
  return true;
}

} // namespace

bool GraphCounters::compile(uint32_t count, const vyre_edge *edges,
                            uint32_t edgeCount,
                            std::vector<DepRecord> &out,
                            std::vector<uint32_t> &fresh, std::string &why) {
  std::vector<uint32_t> preds;
  std::vector<std::vector<uint32_t>> succs;
  if (!readEdges(count, edges, edgeCount, preds, succs, why))
    return false;
  // Which counters the graph needs: a done counter for each task with a
  // single-predecessor successor, a join counter for each task with
  // several predecessors; and no task signalling more than the record
  // holds.
  std::vector<uint8_t> needsDone(count, 0);
  uint32_t needed = 0;
  for (uint32_t t = 0; t < count; ++t) {
    uint32_t joins = 0;
    for (uint32_t s : succs[t])
      preds[s] == 1 ? (void)(needsDone[t] = 1) : (void)++joins;
    uint32_t signals = needsDone[t] + joins;
    if (signals > VYRE_DEP_MAX_SIGNALS) {
      why = "task " + std::to_string(t) + " would signal " +
            std::to_string(signals) + " counters (" + std::to_string(joins) +
            " of its successors wait on other tasks too); a task signals at "
            "most " + std::to_string(VYRE_DEP_MAX_SIGNALS) +
            ", so join those successors' edges through a NOP task";
      return false;
    }
    needed += needsDone[t] + (preds[t] >= 2);
  }
  if (needed > freeList.size()) {
    why = "the graph needs " + std::to_string(needed) +
          " dependency counters and " + std::to_string(freeList.size()) +
          " of the kernel's " + std::to_string(total) +
          " are free; counters come back when the tasks naming them finish "
          "(reap them), or compile the kernel with more dependency_counters";
    return false;
  }
  std::vector<uint32_t> done(count, VYRE_DEP_NONE), join(count, VYRE_DEP_NONE);
  fresh.clear();
  for (uint32_t t = 0; t < count; ++t) {
    if (needsDone[t] && take(done[t]))
      fresh.push_back(done[t]);
    if (preds[t] >= 2 && take(join[t]))
      fresh.push_back(join[t]);
  }
  out.assign(count, DepRecord{});
  for (DepRecord &r : out)
    r.fill(VYRE_DEP_NONE);
  for (uint32_t t = 0; t < count; ++t) {
    DepRecord &r = out[t];
    if (preds[t] >= 2) {
      r[VYRE_DEP_WORD_WAIT] = join[t];
      r[VYRE_DEP_WORD_TARGET] = preds[t];
    }
    uint32_t next = VYRE_DEP_WORD_SIGNAL0;
    if (needsDone[t])
      r[next++] = done[t];
    for (uint32_t s : succs[t]) {
      if (preds[s] == 1) {
        out[s][VYRE_DEP_WORD_WAIT] = done[t];
        out[s][VYRE_DEP_WORD_TARGET] = 1;
      } else {
        r[next++] = join[s];
      }
    }
  }
  for (const DepRecord &r : out) {
    auto use = [&](uint32_t c) {
      if (c != VYRE_DEP_NONE)
        ++uses[c];
    };
    use(r[VYRE_DEP_WORD_WAIT]);
    for (uint32_t i = 0; i < VYRE_DEP_MAX_SIGNALS; ++i)
      use(r[VYRE_DEP_WORD_SIGNAL0 + i]);
  }
  return true;
}
