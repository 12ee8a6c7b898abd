//===- Trace.cpp - vyre-run's Perfetto trace --------------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "Trace.h"

#include <algorithm>
#include <iomanip>
#include <set>
#include <utility>

using namespace vyre::run;

namespace {

/// Slots in flight after each publish and completion, as counter events:
/// at most about 5000 of them, so a long run's trace stays small.
void writeOccupancy(std::ostream &t, const TraceInput &in) {
  std::vector<std::pair<double, int>> steps;
  for (size_t i = 0; i < in.done->size(); ++i) {
    steps.push_back({(*in.publishedAt)[i], +1});
    steps.push_back({std::max((*in.doneAt)[i], (*in.publishedAt)[i]), -1});
  }
  std::sort(steps.begin(), steps.end());
  size_t every = std::max<size_t>(1, steps.size() / 5000);
  long inFlight = 0;
  for (size_t i = 0; i < steps.size(); ++i) {
    inFlight += steps[i].second;
    if (i % every && i + 1 != steps.size())
      continue;
    t << ",\n{\"name\":\"slots in flight\",\"ph\":\"C\",\"pid\":1,\"ts\":"
      << steps[i].first << ",\"args\":{\"in flight\":" << inFlight << "}}";
  }
}

void writeMarker(std::ostream &t, const char *name, double ts,
                 const std::string &args) {
  t << ",\n{\"name\":\"" << name << "\",\"ph\":\"i\",\"s\":\"g\",\"pid\":1,"
    << "\"tid\":0,\"ts\":" << ts << ",\"args\":{" << args << "}}";
}

} // namespace

void vyre::run::writeTrace(std::ostream &t, const TraceInput &in) {
  const std::vector<vyre_completion> &done = *in.done;
  // Microseconds to the nanosecond: the default six digits rounded a
  // slice's start past the end of the slice before it.
  t << std::fixed << std::setprecision(3);
  t << "{\"traceEvents\":[\n{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":1,"
    << "\"args\":{\"name\":\"vyre-run " << in.kernel << "\"}}";
  std::set<uint32_t> slotsUsed;
  for (const vyre_completion &c : done)
    slotsUsed.insert(c.slot);
  for (uint32_t s : slotsUsed)
    t << ",\n{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":" << s
      << ",\"args\":{\"name\":\"ring slot " << s << "\"}}";
  // A slice ends when the completion was seen, or earlier when the ring
  // slot was published again first: a publish that finds its queue full
  // collects finished slots itself and hands their completions to a later
  // reap, so the slot was free by its next publish.
  std::vector<double> end(*in.doneAt);
  std::vector<size_t> order(done.size());
  for (size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return std::pair(done[a].slot, (*in.publishedAt)[a]) <
           std::pair(done[b].slot, (*in.publishedAt)[b]);
  });
  for (size_t j = 0; j + 1 < order.size(); ++j)
    if (done[order[j]].slot == done[order[j + 1]].slot)
      end[order[j]] = std::min(end[order[j]], (*in.publishedAt)[order[j + 1]]);
  for (size_t i = 0; i < done.size(); ++i) {
    const char *name = in.handlerName(done[i].opcode);
    double start = (*in.publishedAt)[i];
    t << ",\n{\"name\":\"" << (name ? name : "unknown") << "\",\"cat\":\""
      << (done[i].status == VYRE_STATUS_FAULT ? "fault" : "done")
      << "\",\"ph\":\"X\",\"pid\":1,\"tid\":" << done[i].slot
      << ",\"ts\":" << start << ",\"dur\":" << std::max(0.0, end[i] - start)
      << ",\"args\":{\"ticket\":" << i << ",\"fault\":"
      << done[i].fault_code << ",\"completion_seen_us\":" << (*in.doneAt)[i]
      << "}}";
  }
  // Flow arrows: each edge starts inside its predecessor's slice (at its
  // end) and binds to the successor's slice at that slice's end; both run
  // from publish to the completion seen, so the arrow shows when the
  // successor finished after its predecessor did.
  uint64_t flow = 0;
  for (auto [from, to] : in.edges) {
    if (from >= done.size() || to >= done.size())
      continue;
    auto at = [&](uint64_t i) {
      return std::max((*in.publishedAt)[i], end[i] - 0.001);
    };
    t << ",\n{\"name\":\"dependency\",\"cat\":\"graph\",\"ph\":\"s\",\"id\":"
      << flow << ",\"pid\":1,\"tid\":" << done[from].slot
      << ",\"ts\":" << at(from) << "}";
    t << ",\n{\"name\":\"dependency\",\"cat\":\"graph\",\"ph\":\"f\",\"bp\":\"e\","
      << "\"id\":" << flow << ",\"pid\":1,\"tid\":" << done[to].slot
      << ",\"ts\":" << at(to) << "}";
    ++flow;
  }
  writeOccupancy(t, in);
  if (in.jitCompileStart >= 0)
    writeMarker(t, "JIT: profile taken, fused kernel compiling",
                in.jitCompileStart, "");
  if (in.jitSwap >= 0)
    writeMarker(t, "JIT: fused kernel swapped in", in.jitSwap,
                "\"requeued\":" + std::to_string(in.jitRequeued) +
                    ",\"hand-overs\":" + std::to_string(in.jitHandovers));
  for (const auto &[ts, count] : in.handovers)
    writeMarker(t, "JIT: hand-over to the interpreter", ts,
                "\"hand-overs\":" + std::to_string(count));
  t << "\n],\"displayTimeUnit\":\"ns\"}\n";
}
