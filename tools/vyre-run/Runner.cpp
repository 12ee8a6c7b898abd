//===- Runner.cpp - vyre-run's run loop -------------------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "Runner.h"
#include "Cli.h"

#include <algorithm>
#include <cstdio>
#include <sys/wait.h>
#include <unistd.h>

using namespace vyre::run;
using Clock = std::chrono::steady_clock;

Runner::Runner(vyre_kernel *k, const vyre_kernel_info &info,
               const Options &opt, const std::vector<vyre_slot> &slots,
               const std::vector<size_t> &fences,
               const std::vector<GraphSegment> &graphs, const char *argv0,
               const std::string &workDir)
    : publishedAt(slots.size()), doneAt(slots.size()), done(slots.size()),
      graphs(graphs), k(k), info(info), opt(opt), slots(slots),
      fences(fences), argv0(argv0),
      workDir(workDir), chunk(4096), start(Clock::now()) {
  progress.total = slots.size();
  progress.on = opt.progress == 1 ||
                (opt.progress == -1 && isatty(2) && slots.size() > 20000);
  jit.after = opt.jitAfter >= 0
                  ? std::min<uint64_t>(opt.jitAfter, slots.size())
                  : std::min<uint64_t>(10000, slots.size() / 10);
}

double Runner::now() const {
  return std::chrono::duration<double, std::micro>(Clock::now() - start)
      .count();
}

uint32_t Runner::reap() {
  uint32_t n = 0;
  check(vyre_kernel_reap(k, chunk.data(), uint32_t(chunk.size()), &n), "reaping");
  double t = now();
  vyre_jit_stats stats{};
  if (opt.jit && !opt.trace.empty() &&
      vyre_kernel_jit_stats(k, &stats) == VYRE_OK &&
      stats.handovers != handoversSeen) {
    handovers.push_back({t, stats.handovers - handoversSeen});
    handoversSeen = stats.handovers;
  }
  for (uint32_t i = 0; i < n; ++i) {
    done[chunk[i].ticket] = chunk[i];
    doneAt[chunk[i].ticket] = t;
  }
  finished += n;
  progress.update(finished);
  return n;
}

/// Slots that may be published now: up to the next fence, and only once
/// everything before a fence has finished; with --jit-sync, no further
/// than the profile point until the fused kernel runs.
uint64_t Runner::limit() {
  while (nextFence < fences.size() && fences[nextFence] <= finished)
    ++nextFence;
  uint64_t upTo = nextFence < fences.size() ? fences[nextFence] : slots.size();
  if (opt.jitSync && jit.phase != Jit::Phase::Running)
    upTo = std::min<uint64_t>(upTo, jit.after);
  return upTo;
}

void Runner::jitStep() {
  if (!opt.jit)
    return;
  if (jit.phase == Jit::Phase::Waiting && finished >= jit.after) {
    std::string profile = workDir + "/profile.json";
    check(vyre_kernel_save_profile(k, profile.c_str()), "writing the profile");
    std::string pipeline = "--vyre-to-spirv-jit=profile=" + profile;
    if (!opt.pipeline.empty())
      pipeline += " " + opt.pipeline;
    if (!opt.jitPipeline.empty())
      pipeline += " " + opt.jitPipeline;
    jit.compileStart = now();
    jit.profiled = finished;
    jit.fused = {workDir + "/fused.spv", workDir + "/fused.json"};
    std::fflush(nullptr);
    jit.child = fork();
    if (jit.child == 0) {
      compileKernel(argv0, opt.kernel, workDir, "fused", pipeline);
      _exit(0);
    }
    if (jit.child < 0)
      die("cannot fork the JIT compile");
    jit.phase = Jit::Phase::Compiling;
    return;
  }
  int status = 0;
  if (jit.phase != Jit::Phase::Compiling ||
      waitpid(jit.child, &status, WNOHANG) != jit.child)
    return;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    die("the JIT compile failed (its message is above)");
  uint32_t variant = 0;
  check(vyre_kernel_add_variant(k, jit.fused.spv.c_str(),
                                jit.fused.manifest.c_str(), &variant),
        "loading the fused kernel");
  check(vyre_kernel_swap(k, variant, 60000), "swapping in the fused kernel");
  jit.phase = Jit::Phase::Running;
  jit.swappedAt = now();
  jit.finishedAtSwap = finished;
}

void Runner::publishSome(uint32_t timeoutMs) {
  uint64_t upTo = limit();
  if (sent >= upTo)
    return;
  if (nextGraph < graphs.size() && graphs[nextGraph].first == sent) {
    // A task graph goes in whole: RING_FULL publishes nothing, so it is
    // tried again after the next reap.
    const GraphSegment &g = graphs[nextGraph];
    uint64_t first = 0;
    double t = now();
    vyre_status s = vyre_kernel_publish_graph(
        k, slots.data() + sent, uint32_t(g.count), g.edges.data(),
        uint32_t(g.edges.size()), timeoutMs, &first);
    if (s == VYRE_ERROR_RING_FULL)
      return;
    check(s, "publishing the batch's task graph");
    for (size_t i = 0; i < g.count; ++i)
      publishedAt[sent + i] = t;
    sent += g.count;
    ++nextGraph;
    return;
  }
  if (nextGraph < graphs.size())
    upTo = std::min<uint64_t>(upTo, graphs[nextGraph].first);
  uint32_t want = uint32_t(std::min<uint64_t>(upTo - sent, info.slots));
  uint32_t n = 0;
  double t = now();
  vyre_status s = vyre_kernel_publish(k, slots.data() + sent, want, timeoutMs, &n);
  for (uint32_t i = 0; i < n; ++i)
    publishedAt[sent + i] = t;
  sent += n;
  if (s != VYRE_OK && s != VYRE_ERROR_RING_FULL)
    check(s, "publishing");
}

void Runner::run() {
  start = Clock::now();
  if (info.persistent) {
    check(vyre_kernel_launch(k), "launching");
    while (finished < slots.size()) {
      jitStep();
      if (sent < slots.size())
        publishSome(0);
      if (reap() == 0 && sent == limit()) {
        if (finished < sent)
          check(vyre_kernel_wait(k, finished + 1, 600000), "waiting");
        else
          usleep(200); // --jit-sync: the fused kernel is compiling
      }
    }
    if (jit.phase == Jit::Phase::Compiling) {
      int status = 0;
      waitpid(jit.child, &status, 0); // the run ended first: not swapped
    }
    uint32_t unfinished = 0;
    check(vyre_kernel_shutdown(k, 60000, &unfinished), "shutting down");
  } else {
    while (finished < slots.size()) {
      publishSome(0);
      check(vyre_kernel_launch(k), "launching");
      check(vyre_kernel_wait_idle(k, 600000), "waiting for the dispatch");
      while (reap()) {
      }
    }
  }
  seconds = now() / 1e6;
}
