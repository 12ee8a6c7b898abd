//===- Summary.cpp - what one vyre-run run found, printed -------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "Summary.h"

#include "Cli.h"
#include "Trace.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>

using namespace vyre::run;

namespace {

/// Latency of every slot, us; without the slots published before the first
/// completion (they wait for the dispatch to start and, on lavapipe, for
/// the shader's first compile: p99 352 ms) unless --with-warmup, or unless
/// every slot was one. Sets r.warmup.
std::vector<double> latencies(const Options &opt, const Runner &run,
                              Report &r) {
  const std::vector<double> &published = run.publishedAt, &done = run.doneAt;
  double firstDone = *std::min_element(done.begin(), done.end());
  r.warmup = 0;
  if (!opt.withWarmup)
    r.warmup = std::count_if(published.begin(), published.end(),
                             [&](double t) { return t < firstDone; });
  if (r.warmup == published.size())
    r.warmup = 0;
  std::vector<double> latency;
  latency.reserve(published.size());
  for (size_t i = 0; i < published.size(); ++i)
    if (!r.warmup || published[i] >= firstDone)
      latency.push_back(done[i] - published[i]);
  return latency;
}

/// The per-opcode done/fault counts and the faults by code.
void countCompletions(vyre_kernel *k, const Runner &run, Report &r) {
  std::map<uint32_t, std::pair<uint64_t, uint64_t>> perOpcode;
  std::map<uint32_t, uint64_t> perFault;
  r.faults = 0;
  for (const vyre_completion &c : run.done) {
    auto &counts = perOpcode[c.opcode];
    if (c.status == VYRE_STATUS_FAULT) {
      ++counts.second;
      ++perFault[c.fault_code];
      ++r.faults;
    } else {
      ++counts.first;
    }
  }
  for (auto &[op, counts] : perOpcode) {
    const char *name = vyre_kernel_handler_name(k, op);
    r.opcodes.push_back({op, name ? name : "", counts.first, counts.second});
  }
  for (auto &[code, n] : perFault)
    r.faultCodes.push_back({code, vyre_fault_name(code), n});
}

} // namespace

Report vyre::run::summarize(vyre_runtime *rt, vyre_kernel *k,
                            const vyre_kernel_info &info, const Options &opt,
                            const Runner &run) {
  Report r;
  r.device = vyre_runtime_device_name(rt);
  r.cpu = vyre_runtime_is_cpu(rt);
  r.kernel = info.name;
  r.persistent = info.persistent;
  r.ringSlots = info.slots;
  r.workgroups = vyre_kernel_dispatch_workgroups(k);
  r.lanes = info.workgroup_size;
  r.relaunches = vyre_kernel_relaunches(k);
  r.slots = run.done.size();
  r.seconds = run.seconds;
  std::vector<double> latency = latencies(opt, run, r);
  r.p50 = percentile(latency, 50);
  r.p90 = percentile(latency, 90);
  r.p99 = percentile(latency, 99);
  r.max = percentile(latency, 100);
  countCompletions(k, run, r);
  if (opt.jit) {
    vyre_jit_stats stats{};
    check(vyre_kernel_jit_stats(k, &stats), "reading the JIT counts");
    r.jit = true;
    r.jitSwapped = run.jit.phase == Jit::Phase::Running;
    r.requeued = stats.requeued;
    r.handovers = stats.handovers;
    r.swaps = stats.swaps;
  }
  return r;
}

void vyre::run::printSummary(const Report &r) {
  std::printf("device: %s%s\n", r.device.c_str(), r.cpu ? " (CPU)" : "");
  std::printf("kernel: %s (%s), %u slots, dispatch %u x %u lanes, %u relaunches\n",
              r.kernel.c_str(), r.persistent ? "persistent" : "once",
              r.ringSlots, r.workgroups, r.lanes, r.relaunches);
  std::printf("ran %llu slots in %.3f s: %.0f slots/s\n",
              (unsigned long long)r.slots, r.seconds,
              r.slots / std::max(r.seconds, 1e-9));
  std::printf("latency publish->done seen (us): p50 %.1f  p90 %.1f  p99 %.1f  max %.1f\n",
              r.p50, r.p90, r.p99, r.max);
  if (r.warmup)
    std::printf("  (without the %llu warm-up slots published before the first "
                "completion; --with-warmup counts them)\n",
                (unsigned long long)r.warmup);
  std::printf("%-12s %-22s %10s %10s\n", "opcode", "handler", "done", "fault");
  for (const Report::Opcode &o : r.opcodes) {
    char code[16];
    std::snprintf(code, sizeof(code), o.opcode >= 0xFFF0 ? "%#x" : "%u",
                  o.opcode);
    std::printf("%-12s %-22s %10llu %10llu\n", code,
                o.handler.empty() ? "(none)" : o.handler.c_str(),
                (unsigned long long)o.done, (unsigned long long)o.faulted);
  }
  if (r.faults) {
    std::printf("faults:");
    for (const Report::Fault &f : r.faultCodes)
      std::printf(" %s(%u) %llu", f.name.c_str(), f.code,
                  (unsigned long long)f.count);
    std::printf("\n");
  }
}

void vyre::run::printKernelState(vyre_kernel *k, const vyre_kernel_info &info,
                                 const Options &opt, Report &r) {
  std::vector<uint32_t> &obs = r.observables;
  obs.assign(info.observables, 0);
  check(vyre_kernel_read_observables(k, 0, obs.data(), info.observables),
        "reading observables");
  std::printf("observables:");
  bool any = false;
  for (uint32_t i = 0; i < info.observables; ++i)
    if (opt.observables >= 0 ? int(i) < opt.observables : obs[i] != 0) {
      std::printf(" [%u]=%u", i, obs[i]);
      any = true;
    }
  std::printf("%s\n", any ? "" : " (all zero)");
  std::vector<vyre_debug_record> records(info.debug_records);
  uint32_t &nrec = r.debugRecords, &dropped = r.debugDropped;
  check(vyre_kernel_read_debug_log(k, records.data(), info.debug_records, &nrec,
                                   &dropped),
        "reading the debug log");
  if (nrec)
    std::printf("debug log: %u records%s\n", nrec,
                dropped ? (", " + std::to_string(dropped) + " dropped").c_str() : "");
  for (uint32_t i = 0; i < nrec && i < 8; ++i)
    std::printf("  printf fmt %u: %u %u %u\n", records[i].format,
                records[i].args[0], records[i].args[1], records[i].args[2]);
  for (auto &[name, count] : opt.dumps) {
    uint32_t elements = bufferElements(k, name);
    if (count > elements)
      die("--dump-buffer " + name + ":" + std::to_string(count) +
          " asks for more than the buffer's " + std::to_string(elements) +
          " elements");
    std::vector<uint32_t> words(count);
    check(vyre_kernel_read_buffer(k, name.c_str(), 0, words.data(), count),
          ("reading buffer " + name).c_str());
    std::printf("buffer %s[0..%u]:", name.c_str(), count);
    for (uint32_t w : words)
      std::printf(" %u", w);
    std::printf("\n");
  }
}

void vyre::run::writeRunTrace(std::ofstream &out, vyre_kernel *k,
                              const vyre_kernel_info &info, const Options &opt,
                              const Runner &run) {
  TraceInput in;
  in.kernel = info.name;
  in.publishedAt = &run.publishedAt;
  in.doneAt = &run.doneAt;
  in.done = &run.done;
  in.handlerName = [&](uint32_t op) { return vyre_kernel_handler_name(k, op); };
  in.handovers = run.handovers;
  for (const GraphSegment &g : run.graphs)
    for (const vyre_edge &e : g.edges)
      in.edges.push_back({g.first + e.from, g.first + e.to});
  if (run.jit.phase == Jit::Phase::Running) {
    vyre_jit_stats stats{};
    check(vyre_kernel_jit_stats(k, &stats), "reading the JIT counts");
    in.jitCompileStart = run.jit.compileStart;
    in.jitSwap = run.jit.swappedAt;
    in.jitRequeued = stats.requeued;
    in.jitHandovers = stats.handovers;
  }
  writeTrace(out, in);
  closeOutput(out, opt.trace, "the trace");
  std::printf("trace: %s (open in ui.perfetto.dev or chrome://tracing)\n",
              opt.trace.c_str());
}

void vyre::run::printJit(const Report &r, const Runner &run) {
  const Jit &jit = run.jit;
  if (!r.jitSwapped) {
    std::printf("jit: the work ended before the fused kernel was ready "
                "(use --jit-sync or a smaller --jit-after)\n");
    return;
  }
  double profiledAt = jit.compileStart / 1e6;
  double after = run.seconds - jit.swappedAt / 1e6;
  std::printf("jit: profiled %llu slots, compiled in %.0f ms while the "
              "interpreter served, swapped in at %.3f s\n",
              (unsigned long long)jit.profiled,
              (jit.swappedAt - jit.compileStart) / 1e3, jit.swappedAt / 1e6);
  std::printf("jit: interpreter %.0f slots/s until the profile, fused "
              "kernel %.0f slots/s after the swap\n",
              jit.profiled / std::max(profiledAt, 1e-9),
              (r.slots - jit.finishedAtSwap) / std::max(after, 1e-9));
  std::printf("jit: %llu slots requeued, %llu hand-overs to the "
              "interpreter, %llu swaps\n",
              (unsigned long long)r.requeued, (unsigned long long)r.handovers,
              (unsigned long long)r.swaps);
}

int vyre::run::checkExpectations(const Options &opt, const Report &r) {
  int status = 0;
  const std::vector<uint32_t> &obs = r.observables;
  for (auto [index, want] : opt.expectObservables) {
    if (index >= obs.size() || obs[index] != want) {
      std::printf("CHECK FAILED: observable %u is %u, expected %u\n", index,
                  index < obs.size() ? obs[index] : 0, want);
      status = 1;
    } else {
      std::printf("check: observable %u == %u\n", index, want);
    }
  }
  if (opt.expectFaults >= 0 && (long long)r.faults != opt.expectFaults) {
    std::printf("CHECK FAILED: %llu slots faulted, expected %lld\n",
                (unsigned long long)r.faults, opt.expectFaults);
    status = 1;
  }
  return status;
}
