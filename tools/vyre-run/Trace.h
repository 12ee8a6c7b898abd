//===- Trace.h - vyre-run's Perfetto trace ----------------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// --trace FILE: Chrome trace-event JSON, which ui.perfetto.dev and
// chrome://tracing open. One named track per ring slot, holding a slice per
// slot it served from publish to the completion seen (a ring slot serves
// one slot at a time, so its slices never overlap); a counter track of
// slots in flight; instant markers for the JIT's compile and swap and for
// the hand-overs of requeued slots to the interpreter; a flow arrow per
// task-graph edge, from the end of the predecessor's slice to the end of
// its successor's.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_TOOLS_VYRE_RUN_TRACE_H
#define VYRE_TOOLS_VYRE_RUN_TRACE_H

#include "vyre/runtime.h"

#include <functional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace vyre::run {

struct TraceInput {
  std::string kernel;
  /// Per ticket: when it was published and when its completion was seen
  /// (us from the run's start), and the completion.
  const std::vector<double> *publishedAt = nullptr, *doneAt = nullptr;
  const std::vector<vyre_completion> *done = nullptr;
  /// The handler serving an opcode, or null.
  std::function<const char *(uint32_t)> handlerName;
  /// The JIT's compile start and swap (us), when it swapped; else < 0.
  double jitCompileStart = -1, jitSwap = -1;
  uint64_t jitHandovers = 0, jitRequeued = 0;
  /// When a reap first saw hand-overs to the interpreter, and how many.
  std::vector<std::pair<double, uint64_t>> handovers;
  /// Edges between tickets (task graphs): drawn as flow arrows.
  std::vector<std::pair<uint64_t, uint64_t>> edges;
};

void writeTrace(std::ostream &out, const TraceInput &in);

} // namespace vyre::run

#endif // VYRE_TOOLS_VYRE_RUN_TRACE_H
