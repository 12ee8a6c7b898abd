//===- vyre-run.cpp - run a megakernel on a workload -------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// vyre-run KERNEL [options]
//   KERNEL: a .mlir megakernel (compiled with vyre-opt/vyre-translate from
//   this directory or PATH) or a .spv next to its .json manifest.
// Runs it on the default Vulkan device and prints per-opcode counts, faults,
// observables, throughput and latency percentiles. docs/vyre-run.md.
// Its parts: Options (the flags), Cli (errors, output files), Compile (a
// .mlir through the tools), Workload (files, generators), Runner (the
// publish/reap loop and the JIT), Report (--json), Trace (--trace); this
// file loads the kernel, builds the work and prints what the run found.
//
//===----------------------------------------------------------------------===//

#include "Cli.h"
#include "Compile.h"
#include "Options.h"
#include "Report.h"
#include "Runner.h"
#include "Trace.h"
#include "Workload.h"
#include "vyre/runtime.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace vyre::run;
using Clock = std::chrono::steady_clock;

namespace {

/// --prune: each phase (the slots between two fences) pruned on its own, as
/// a fence is a wait and nothing may move across it; the fences move down
/// with the slots.
void pruneByPhase(vyre_kernel *k, std::vector<vyre_slot> &slots,
                  std::vector<size_t> &fences) {
  std::vector<vyre_slot> kept;
  std::vector<size_t> keptFences;
  uint32_t counts[4] = {0, 0, 0, 0};
  size_t begin = 0;
  for (size_t f = 0; f <= fences.size(); ++f) {
    size_t end = f < fences.size() ? std::min(fences[f], slots.size())
                                   : slots.size();
    std::vector<vyre_slot> phase(slots.begin() + begin, slots.begin() + end);
    std::vector<uint8_t> verdicts(phase.size());
    uint32_t n = 0;
    check(vyre_kernel_prune_batch(k, phase.data(), uint32_t(phase.size()), &n,
                                  verdicts.data()),
          "pruning slots");
    for (uint8_t v : verdicts)
      ++counts[v];
    kept.insert(kept.end(), phase.begin(), phase.begin() + n);
    if (f < fences.size())
      keptFences.push_back(kept.size());
    begin = end;
  }
  std::printf("pruned %zu of %zu slots: %u without effect, %u duplicate, "
              "%u overwritten\n",
              slots.size() - kept.size(), slots.size(),
              counts[VYRE_PRUNE_NO_EFFECT], counts[VYRE_PRUNE_DUPLICATE],
              counts[VYRE_PRUNE_OVERWRITTEN]);
  slots = std::move(kept);
  fences = std::move(keptFences);
}

/// vyre-opt PIPELINE SOURCE, then the binary and the manifest, into
/// DIR/STEM.{spirv.mlir,spv,json}.


} // namespace

/// Elements of user buffer `name`; dies naming the buffers if it has none
/// of that name.
uint32_t bufferElements(vyre_kernel *k, const std::string &name) {
  vyre_kernel_info info{};
  check(vyre_kernel_get_info(k, &info), "reading the kernel's info");
  std::string names;
  for (uint32_t i = 0; i < info.user_buffers; ++i) {
    const char *n = nullptr, *type = nullptr;
    uint32_t elements = 0;
    check(vyre_kernel_buffer_info(k, i, &n, &elements, &type), "buffer info");
    if (name == n)
      return elements;
    names += std::string(names.empty() ? "" : ", ") + n;
  }
  die("the kernel has no buffer \"" + name + "\" (its buffers: " +
      (names.empty() ? std::string("none") : names) + ")");
}

/// --tenant-mask and --quota.
void applyTenants(vyre_kernel *k, const Options &opt) {
  auto word = [](const std::string &flag, const std::string &key,
                 const std::string &v) {
    uint32_t n;
    if (!parseWord(v, n))
      die(flag + " " + key + "=" + v + ": " + v + " is not a 32-bit number");
    return n;
  };
  for (auto &[t, mask] : opt.tenantMasks)
    check(vyre_kernel_set_tenant_mask(k, word("--tenant-mask", t, t),
                                      word("--tenant-mask", t, mask)),
          ("--tenant-mask " + t + "=" + mask).c_str());
  for (auto &[t, n] : opt.quotas)
    check(vyre_kernel_set_tenant_quota(k, word("--quota", t, t),
                                       word("--quota", t, n)),
          ("--quota " + t + "=" + n).c_str());
}

/// The kernel's binary and manifest: a .mlir compiled into a new temporary
/// `workDir` (its JIT compile goes there too), or a .spv with its .json.
Compiled kernelFiles(const char *argv0, const Options &opt,
                     std::string &workDir) {
  const std::string &kernel = opt.kernel;
  if (kernel.size() <= 5 || kernel.substr(kernel.size() - 5) != ".mlir")
    return {kernel, kernel.substr(0, kernel.rfind('.')) + ".json"};
  char dir[] = "/tmp/vyre-run-XXXXXX";
  if (!mkdtemp(dir))
    die("cannot create a temporary directory");
  workDir = dir;
  std::string pipeline = "--vyre-to-spirv-interpreter";
  if (!opt.pipeline.empty())
    pipeline += "=" + opt.pipeline;
  return compileKernel(argv0, kernel, workDir, "kernel", pipeline);
}

/// What the flags set before launch: queue sizes, buffer lengths and
/// contents, tenant masks and quotas.
void prepareKernel(vyre_kernel *k, const Options &opt) {
  if (!opt.queueCapacities.empty()) {
    std::vector<uint32_t> caps;
    std::stringstream list(opt.queueCapacities);
    for (std::string item; std::getline(list, item, ',');) {
      uint32_t n;
      if (!parseWord(item, n))
        die("--queue-capacities: \"" + item + "\" is not a slot count");
      caps.push_back(n);
    }
    if (caps.size() != VYRE_PRIORITY_LEVELS)
      die("--queue-capacities expects 5 counts (critical, high, normal, low, "
          "idle), got " + std::to_string(caps.size()));
    check(vyre_kernel_set_queue_capacities(k, caps.data()),
          "sizing the queues");
  }
  for (auto &[name, n] : opt.lengths) {
    uint32_t elements;
    if (!parseWord(n, elements))
      die("--buffer-length " + name + "=" + n + ": not a count");
    check(vyre_kernel_set_buffer_length(k, name.c_str(), elements),
          ("sizing buffer " + name).c_str());
  }
  for (auto &[name, file] : opt.buffers) {
    std::vector<uint32_t> words = readWords(file);
    check(vyre_kernel_write_buffer(k, name.c_str(), 0, words.data(),
                                   uint32_t(words.size())),
          ("filling buffer " + name + " from " + file).c_str());
  }

  applyTenants(k, opt);
}

/// The slots of the run, in publish order: the named batches, the
/// workload file's phases (their ends in `fences`), generated slots;
/// pruned per phase with --prune.
std::vector<vyre_slot> buildWork(vyre_kernel *k, const Options &opt,
                                 std::vector<size_t> &fences) {
  OpcodeResolver resolve = [&](const std::string &token, uint32_t &opcode,
                               std::string &message) {
    if (parseWord(token, opcode))
      return true;
    if (vyre_kernel_opcode(k, token.c_str(), &opcode) == VYRE_OK)
      return true;
    message = vyre_last_error();
    return false;
  };
  std::vector<vyre_slot> slots;
  for (const std::string &batch : opt.batches) {
    uint32_t n = 0;
    check(vyre_kernel_batch(k, batch.c_str(), nullptr, 0, &n), "reading batch");
    size_t at = slots.size();
    slots.resize(at + n);
    check(vyre_kernel_batch(k, batch.c_str(), slots.data() + at, n, &n),
          "reading batch");
  }
  std::string error;
  // Batches first, then a fence, then the workload file's phases.
  if (!slots.empty())
    fences.push_back(slots.size());
  if (!opt.workload.empty() &&
      !parseWorkload(opt.workload, resolve, slots, fences, error))
    die(error);
  if (opt.generate) {
    std::vector<GeneratorOp> ops;
    for (const std::string &spec : opt.gens) {
      GeneratorOp op;
      if (!parseGeneratorOp(spec, resolve, op, error))
        die(error);
      ops.push_back(op);
    }
    if (slots.size() + opt.generate > kMaxRunSlots)
      die("--generate " + std::to_string(opt.generate) + " after " +
          std::to_string(slots.size()) + " batch and workload slots is more "
          "than the " + std::to_string(kMaxRunSlots) + " one run holds");
    std::vector<vyre_slot> more = generate(ops, opt.generate, opt.seed);
    if (opt.priority >= 0)
      for (vyre_slot &s : more)
        s.priority = uint32_t(opt.priority);
    slots.insert(slots.end(), more.begin(), more.end());
  }
  if (slots.empty())
    die("no work: give --batch, --workload or --generate");
  if (opt.prune)
    pruneByPhase(k, slots, fences);
  return slots;
}

/// Prints the observables (the non-zero ones, or the first --observables),
/// the debug log and the --dump-buffer buffers; the observables and the
/// debug log's counts go to the caller too (the checks, --json).
void printKernelState(vyre_kernel *k, const vyre_kernel_info &info,
                      const Options &opt, std::vector<uint32_t> &obs,
                      uint32_t &nrec, uint32_t &dropped) {
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

int main(int argc, char **argv) {
  Options opt = parseArgs(argc, argv);
  std::unique_ptr<std::ofstream> traceFile =
      openOutput(opt.trace, "the trace", "--trace");
  std::unique_ptr<std::ofstream> jsonFile =
      openOutput(opt.json, "the JSON summary", "--json");

  // 1. The binary and manifest: compile .mlir, or take .spv + .json.
  std::string workDir;
  Compiled files = kernelFiles(argv[0], opt, workDir);
  const std::string &spv = files.spv, &manifest = files.manifest;

  // 2. Device and kernel.
  vyre_runtime *rt = nullptr;
  check(vyre_runtime_create(opt.device.empty() ? nullptr : opt.device.c_str(),
                           opt.validation, &rt),
        "opening the Vulkan device");
  vyre_kernel *k = nullptr;
  check(vyre_kernel_load(rt, spv.c_str(), manifest.c_str(), &k),
        "loading the kernel");
  vyre_kernel_info info;
  vyre_kernel_get_info(k, &info);
  if (opt.jit && !info.persistent)
    die("--jit swaps a running persistent kernel; " + opt.kernel +
        " is mode(once)");

  prepareKernel(k, opt);

  // 3. The work.
  std::vector<size_t> fences;
  std::vector<vyre_slot> slots = buildWork(k, opt, fences);

  // 4. Run it.
  Runner run(k, info, opt, slots, fences, argv[0], workDir);
  run.run();
  const double seconds = run.seconds;
  const std::vector<double> &publishedAt = run.publishedAt, &doneAt = run.doneAt;
  const std::vector<vyre_completion> &done = run.done;
  const Jit &jit = run.jit;

  // 5. Report.
  std::map<uint32_t, std::pair<uint64_t, uint64_t>> perOpcode;
  std::map<uint32_t, uint64_t> perFault;
  uint64_t faults = 0;
  // Slots published before the first completion wait for the dispatch to
  // start (and, on lavapipe, for the shader's first compile: p99 352 ms);
  // left out of the latency unless --with-warmup, or unless every slot was.
  double firstDone = *std::min_element(doneAt.begin(), doneAt.end());
  uint64_t warmup = 0;
  if (!opt.withWarmup)
    warmup = std::count_if(publishedAt.begin(), publishedAt.end(),
                           [&](double t) { return t < firstDone; });
  if (warmup == slots.size())
    warmup = 0;
  std::vector<double> latency;
  latency.reserve(slots.size());
  for (size_t i = 0; i < slots.size(); ++i) {
    auto &counts = perOpcode[done[i].opcode];
    if (done[i].status == VYRE_STATUS_FAULT) {
      ++counts.second;
      ++perFault[done[i].fault_code];
      ++faults;
    } else {
      ++counts.first;
    }
    if (!warmup || publishedAt[i] >= firstDone)
      latency.push_back(doneAt[i] - publishedAt[i]);
  }
  std::printf("device: %s%s\n", vyre_runtime_device_name(rt),
              vyre_runtime_is_cpu(rt) ? " (CPU)" : "");
  std::printf("kernel: %s (%s), %u slots, dispatch %u x %u lanes, %u relaunches\n",
              info.name, info.persistent ? "persistent" : "once", info.slots,
              vyre_kernel_dispatch_workgroups(k), info.workgroup_size,
              vyre_kernel_relaunches(k));
  std::printf("ran %zu slots in %.3f s: %.0f slots/s\n", slots.size(), seconds,
              slots.size() / std::max(seconds, 1e-9));
  Report report;
  report.p50 = percentile(latency, 50);
  report.p90 = percentile(latency, 90);
  report.p99 = percentile(latency, 99);
  report.max = percentile(latency, 100);
  report.warmup = warmup;
  std::printf("latency publish->done seen (us): p50 %.1f  p90 %.1f  p99 %.1f  max %.1f\n",
              report.p50, report.p90, report.p99, report.max);
  if (warmup)
    std::printf("  (without the %llu warm-up slots published before the first "
                "completion; --with-warmup counts them)\n",
                (unsigned long long)warmup);
  std::printf("%-12s %-22s %10s %10s\n", "opcode", "handler", "done", "fault");
  for (auto &[op, counts] : perOpcode) {
    const char *name = vyre_kernel_handler_name(k, op);
    char code[16];
    std::snprintf(code, sizeof(code), op >= 0xFFF0 ? "%#x" : "%u", op);
    std::printf("%-12s %-22s %10llu %10llu\n", code, name ? name : "(none)",
                (unsigned long long)counts.first, (unsigned long long)counts.second);
    report.opcodes.push_back(
        {op, name ? name : "", counts.first, counts.second});
  }
  for (auto &[code, n] : perFault)
    report.faultCodes.push_back({code, vyre_fault_name(code), n});
  if (faults) {
    std::printf("faults:");
    for (auto &[code, n] : perFault)
      std::printf(" %s(%u) %llu", vyre_fault_name(code), code, (unsigned long long)n);
    std::printf("\n");
  }
  // The kernel's state after the run: observables, debug log, buffers.
  std::vector<uint32_t> obs(info.observables);
  uint32_t nrec = 0, dropped = 0;
  printKernelState(k, info, opt, obs, nrec, dropped);

  if (traceFile) {
    TraceInput in;
    in.kernel = info.name;
    in.publishedAt = &publishedAt;
    in.doneAt = &doneAt;
    in.done = &done;
    in.handlerName = [&](uint32_t op) { return vyre_kernel_handler_name(k, op); };
    in.handovers = run.handovers;
    if (jit.phase == Jit::Phase::Running) {
      vyre_jit_stats stats{};
      check(vyre_kernel_jit_stats(k, &stats), "reading the JIT counts");
      in.jitCompileStart = jit.compileStart;
      in.jitSwap = jit.swappedAt;
      in.jitRequeued = stats.requeued;
      in.jitHandovers = stats.handovers;
    }
    std::ofstream &t = *traceFile;
    writeTrace(t, in);
    closeOutput(t, opt.trace, "the trace");
    std::printf("trace: %s (open in ui.perfetto.dev or chrome://tracing)\n",
                opt.trace.c_str());
  }
  if (opt.jit) {
    vyre_jit_stats stats;
    check(vyre_kernel_jit_stats(k, &stats), "reading the JIT counts");
    if (jit.phase == Jit::Phase::Running) {
      double profiledAt = jit.compileStart / 1e6;
      double after = seconds - jit.swappedAt / 1e6;
      std::printf("jit: profiled %llu slots, compiled in %.0f ms while the "
                  "interpreter served, swapped in at %.3f s\n",
                  (unsigned long long)jit.profiled,
                  (jit.swappedAt - jit.compileStart) / 1e3,
                  jit.swappedAt / 1e6);
      std::printf("jit: interpreter %.0f slots/s until the profile, fused "
                  "kernel %.0f slots/s after the swap\n",
                  jit.profiled / std::max(profiledAt, 1e-9),
                  (slots.size() - jit.finishedAtSwap) / std::max(after, 1e-9));
      std::printf("jit: %llu slots requeued, %llu hand-overs to the "
                  "interpreter, %llu swaps\n",
                  (unsigned long long)stats.requeued,
                  (unsigned long long)stats.handovers,
                  (unsigned long long)stats.swaps);
    } else {
      std::printf("jit: the work ended before the fused kernel was ready "
                  "(use --jit-sync or a smaller --jit-after)\n");
    }
  }
  if (!opt.profileOut.empty()) {
    check(vyre_kernel_save_profile(k, opt.profileOut.c_str()),
          "writing the profile");
    std::printf("profile: %s\n", opt.profileOut.c_str());
  }
  if (jsonFile) {
    report.device = vyre_runtime_device_name(rt);
    report.cpu = vyre_runtime_is_cpu(rt);
    report.kernel = info.name;
    report.persistent = info.persistent;
    report.ringSlots = info.slots;
    report.workgroups = vyre_kernel_dispatch_workgroups(k);
    report.lanes = info.workgroup_size;
    report.relaunches = vyre_kernel_relaunches(k);
    report.slots = slots.size();
    report.seconds = seconds;
    report.faults = faults;
    report.observables = obs;
    report.debugRecords = nrec;
    report.debugDropped = dropped;
    if (opt.jit) {
      vyre_jit_stats stats{};
      check(vyre_kernel_jit_stats(k, &stats), "reading the JIT counts");
      report.jit = true;
      report.jitSwapped = jit.phase == Jit::Phase::Running;
      report.requeued = stats.requeued;
      report.handovers = stats.handovers;
      report.swaps = stats.swaps;
    }
    writeJson(*jsonFile, report);
    closeOutput(*jsonFile, opt.json, "the JSON summary");
  }

  int status = 0;
  for (auto [index, want] : opt.expectObservables) {
    if (index >= info.observables || obs[index] != want) {
      std::printf("CHECK FAILED: observable %u is %u, expected %u\n", index,
                  index < info.observables ? obs[index] : 0, want);
      status = 1;
    } else {
      std::printf("check: observable %u == %u\n", index, want);
    }
  }
  if (opt.expectFaults >= 0 && (long long)faults != opt.expectFaults) {
    std::printf("CHECK FAILED: %llu slots faulted, expected %lld\n",
                (unsigned long long)faults, opt.expectFaults);
    status = 1;
  }
  vyre_kernel_destroy(k);
  if (uint32_t errors = vyre_runtime_validation_errors(rt)) {
    std::printf("validation layer reported %u errors\n", errors);
    status = 1;
  }
  vyre_runtime_destroy(rt);
  return status;
}
