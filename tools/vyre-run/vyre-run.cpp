//===- vyre-run.cpp - run a megakernel on a workload -------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// vyre-run KERNEL [options]
//   KERNEL: a .mlir megakernel (compiled with vyre-compile from
//   this directory or PATH) or a .spv next to its .json manifest.
// Runs it on the default Vulkan device and prints per-opcode counts, faults,
// observables, throughput and latency percentiles. docs/vyre-run.md.
// Its parts: Options (the flags), Cli (errors, output files), Compile (a
// .mlir through the tools), Workload (files, generators), Runner (the
// publish/reap loop and the JIT), Summary (what the run found, printed),
// Report (--json), Trace (--trace); this file loads the kernel, prepares
// it and builds the work.
//
//===----------------------------------------------------------------------===//

#include "Cli.h"
#include "Compile.h"
#include "Options.h"
#include "Report.h"
#include "Runner.h"
#include "Summary.h"
#include "Workload.h"
#include "vyre/runtime.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

using namespace vyre::run;

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

/// vyre-compile PIPELINE SOURCE: the binary and the manifest, into
/// DIR/STEM.{spirv.mlir,spv,json}.


} // namespace

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
                                 std::vector<size_t> &fences,
                                 std::vector<GraphSegment> &graphs) {
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
    // A batch whose items have `after` edges is a task graph.
    uint32_t edges = 0;
    check(vyre_kernel_batch_edges(k, batch.c_str(), nullptr, 0, &edges),
          "reading the batch's edges");
    if (!edges)
      continue;
    if (opt.prune) // the batch named, not the first one given
      die("--prune drops and reorders slots, and batch " + batch +
          "'s work items are a task graph (`after` edges name them by "
          "index); leave --prune out");
    GraphSegment g{at, n, std::vector<vyre_edge>(edges)};
    check(vyre_kernel_batch_edges(k, batch.c_str(), g.edges.data(), edges,
                                  &edges),
          "reading the batch's edges");
    graphs.push_back(std::move(g));
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

int main(int argc, char **argv) {
  Options opt = parseArgs(argc, argv);
  std::unique_ptr<std::ofstream> traceFile =
      openOutput(opt.trace, "the trace", "--trace");
  std::unique_ptr<std::ofstream> jsonFile =
      openOutput(opt.json, "the JSON summary", "--json");
  // The runtime writes the profile after the run; a path it cannot write
  // fails now, before the work, as the other outputs do.
  openOutput(opt.profileOut, "the profile", "--profile-out");

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
  std::vector<GraphSegment> graphs;
  std::vector<vyre_slot> slots = buildWork(k, opt, fences, graphs);

  // 4. Run it.
  Runner run(k, info, opt, slots, fences, graphs, argv[0], workDir);
  run.run();

  // 5. What it found (Summary.h).
  Report report = summarize(rt, k, info, opt, run);
  printSummary(report);
  printKernelState(k, info, opt, report);
  if (traceFile)
    writeRunTrace(*traceFile, k, info, opt, run);
  if (opt.jit)
    printJit(report, run);
  if (!opt.profileOut.empty()) {
    check(vyre_kernel_save_profile(k, opt.profileOut.c_str()),
          "writing the profile");
    std::printf("profile: %s\n", opt.profileOut.c_str());
  }
  if (jsonFile) {
    writeJson(*jsonFile, report);
    closeOutput(*jsonFile, opt.json, "the JSON summary");
  }
  int status = checkExpectations(opt, report);
  vyre_kernel_destroy(k);
  if (uint32_t errors = vyre_runtime_validation_errors(rt)) {
    std::printf("validation layer reported %u errors\n", errors);
    status = 1;
  }
  vyre_runtime_destroy(rt);
  return status;
}
