//===- Runner.h - vyre-run's run loop ---------------------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Publishes the run's slots (up to each fence, the ring's worth at a time),
// reaps them as they finish and times both; a persistent kernel is launched
// once and shut down at the end, a once kernel launched per ring's worth.
// With --jit it profiles, compiles the fused kernel in a child process
// while the interpreter serves, and swaps it in.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_TOOLS_VYRE_RUN_RUNNER_H
#define VYRE_TOOLS_VYRE_RUN_RUNNER_H

#include "Compile.h"
#include "Options.h"
#include "vyre/graph.h"
#include "vyre/runtime.h"

#include <chrono>
#include <cstdint>
#include <string>
#include <sys/types.h>
#include <utility>
#include <vector>

namespace vyre::run {

/// A batch with `after` edges: its slots [first, first + count) of the run
/// go in with one vyre_kernel_publish_graph; edges index the batch.
struct GraphSegment {
  size_t first = 0, count = 0;
  std::vector<vyre_edge> edges;
};

struct Jit {
  enum class Phase { Waiting, Compiling, Running } phase = Phase::Waiting;
  pid_t child = 0;
  uint64_t after = 0;          // finished slots before the profile
  double compileStart = 0, swappedAt = 0;
  uint64_t profiled = 0, finishedAtSwap = 0;
  Compiled fused;
};

struct Progress {
  bool on = false;
  uint64_t total = 0, shown = ~0ull;
  void update(uint64_t done) {
    if (!on || total == 0)
      return;
    uint64_t percent = done * 100 / total;
    if (percent == shown)
      return;
    shown = percent;
    int bar = int(percent / 2.5);
    std::fprintf(stderr, "\r[%-40s] %3llu%% %llu/%llu slots",
                 std::string(bar, '#').c_str(), (unsigned long long)percent,
                 (unsigned long long)done, (unsigned long long)total);
    if (done == total)
      std::fputc('\n', stderr);
  }
};

class Runner {
public:
  Runner(vyre_kernel *k, const vyre_kernel_info &info, const Options &opt,
         const std::vector<vyre_slot> &slots,
         const std::vector<size_t> &fences,
         const std::vector<GraphSegment> &graphs, const char *argv0,
         const std::string &workDir);
  /// Runs every slot; exits (die) on an error.
  void run();

  /// Per ticket: publish and completion-seen times (us from the start) and
  /// the completion.
  std::vector<double> publishedAt, doneAt;
  std::vector<vyre_completion> done;
  /// Hand-overs to the interpreter, for the trace: when a reap first saw
  /// the count grow (the runtime counts them; it does not time them).
  std::vector<std::pair<double, uint64_t>> handovers;
  Jit jit;
  double seconds = 0;
  /// The run's task graphs (batches with edges), for the trace's arrows.
  const std::vector<GraphSegment> &graphs;

private:
  double now() const;
  uint32_t reap();
  uint64_t limit();
  void jitStep();
  void publishSome(uint32_t timeoutMs);

  vyre_kernel *k;
  const vyre_kernel_info &info;
  const Options &opt;
  const std::vector<vyre_slot> &slots;
  const std::vector<size_t> &fences;
  size_t nextGraph = 0;
  const char *argv0;
  std::string workDir;
  Progress progress;
  std::vector<vyre_completion> chunk;
  uint64_t sent = 0, finished = 0, handoversSeen = 0;
  size_t nextFence = 0;
  std::chrono::steady_clock::time_point start;
};

} // namespace vyre::run

#endif // VYRE_TOOLS_VYRE_RUN_RUNNER_H
