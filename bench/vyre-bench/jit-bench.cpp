//===- jit-bench.cpp - JIT-fused kernels vs the interpreter -------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// vyre-jit-bench [--kernels DIR] [--slots N] [--rounds R] [--repeat K]
//                [--wide] [--json FILE]
//
// Throughput of one persistent kernel object running the same workload on
// each of its variants, side by side in one run: the generic interpreter
// (arms tested in source order), the interpreter ordered by the mix's
// profile, the JIT-fused kernel (vyre-to-spirv-jit, budget 256: every arm,
// hottest first), the hot-only fused kernel (budget 16: the hottest arm,
// everything else requeued to the generic interpreter) and the hot-only
// fused kernel with the other arms deferred (defer-budget: served in the
// fused kernel, arm-sorted, nothing requeued). Three mixes: skewed (90% one
// opcode, the last arm of the source; 10% over the other 15), uniform, and
// hot (that opcode only, on the skewed mix's kernels: the rate no warp
// divergence slows, the ceiling for the skewed mix). Variants are swapped with vyre_kernel_swap; each measurement
// publishes N slots and waits for all of them (requeues included). The
// kernels come from bench/compile.sh (mix*.spv/.json).
//
//===----------------------------------------------------------------------===//

#include "BenchUtil.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <vector>

using namespace vyre::bench;

namespace {

struct Options {
  std::string kernels = "build/bench/kernels", json;
  uint32_t slots = 200000, rounds = 16, repeat = 3;
  bool wide = false;
};

Options parse(int argc, char **argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--kernels") o.kernels = optionValue(argc, argv, i);
    else if (a == "--slots") o.slots = optionNumber(argc, argv, i);
    else if (a == "--rounds") o.rounds = optionNumber(argc, argv, i);
    else if (a == "--repeat") o.repeat = std::max(1u, optionNumber(argc, argv, i));
    else if (a == "--wide") o.wide = true;
    else if (a == "--json") o.json = optionValue(argc, argv, i);
    else if (a == "-h" || a == "--help") {
      std::puts("usage: vyre-jit-bench [--kernels DIR] [--slots N] [--rounds R] "
                "[--repeat K] [--wide] [--json FILE]\n(R: LCG rounds per "
                "slot, the handler's cost; --wide: 132 workgroups)");
      std::exit(0);
    } else
      die("unknown option " + a + " (see --help)");
  }
  return o;
}

/// The mixes: `skewed` (90% opcode 31, the rest spread over the other 15),
/// `uniform`, and `hot` (opcode 31 only: what any kernel reaches when no
/// warp diverges; run with the skewed mix's kernels).
enum class Mix { skewed, uniform, hot };

std::vector<vyre_slot> workload(Mix mix, uint32_t n, uint32_t rounds) {
  std::mt19937 rng(mix == Mix::uniform ? 2 : 1);
  std::vector<vyre_slot> slots(n);
  for (vyre_slot &s : slots) {
    s = vyre_slot{};
    s.priority = VYRE_PRIORITY_NORMAL;
    uint32_t pick = rng() % 1000;
    s.opcode = mix == Mix::uniform ? 16 + pick % 16
               : mix == Mix::hot   ? 31
                                   : (pick < 900 ? 31 : 16 + pick % 15);
    s.args[0] = rounds;
    s.args[1] = rng() % 1024;
  }
  return slots;
}

/// Publishes every slot, reaps every completion; seconds.
double run(vyre_kernel *k, const std::vector<vyre_slot> &slots, uint32_t ring) {
  std::vector<vyre_completion> done(4096);
  uint64_t sent = 0, finished = 0;
  auto start = Clock::now();
  while (finished < slots.size()) {
    if (sent < slots.size()) {
      uint32_t n = 0;
      uint32_t want = uint32_t(std::min<uint64_t>(slots.size() - sent, ring));
      vyre_status s = vyre_kernel_publish(k, slots.data() + sent, want, 0, &n);
      if (s != VYRE_OK && s != VYRE_ERROR_RING_FULL)
        check(s, "publish");
      sent += n;
    }
    uint32_t got = 0;
    check(vyre_kernel_reap(k, done.data(), uint32_t(done.size()), &got), "reap");
    for (uint32_t i = 0; i < got; ++i)
      if (done[i].status != VYRE_STATUS_DONE)
        die("a slot did not complete DONE");
    finished += got;
    if (got == 0 && sent == slots.size())
      check(vyre_kernel_wait(k, finished + 1, 60000), "wait");
  }
  return micros(start, Clock::now()) / 1e6;
}

} // namespace

int main(int argc, char **argv) {
  programName = "vyre-jit-bench";
  Options opt = parse(argc, argv);
  vyre_runtime *rt = nullptr;
  check(vyre_runtime_create(nullptr, 0, &rt), "opening the device");
  std::string geometry = opt.wide ? "mix_wide" : "mix";
  std::string base = opt.kernels + "/" + geometry;
  constexpr int kNumVariants = 5;
  static const char *kVariants[kNumVariants] = {
      "interpreter", "ordered", "fused", "fused-hot", "deferred"};
  std::printf("device: %s\n", vyre_runtime_device_name(rt));
  std::printf("kernel: %s, %u slots per run, %u LCG rounds per slot, median "
              "of %u\n",
              geometry.c_str(), opt.slots, opt.rounds, opt.repeat);
  std::string json = "{\"device\":\"" + std::string(vyre_runtime_device_name(rt)) +
                     "\",\"kernel\":\"" + geometry + "\",\"slots\":" +
                     std::to_string(opt.slots) + ",\"rounds\":" +
                     std::to_string(opt.rounds) + ",\"mixes\":{";
  bool firstMix = true;
  for (Mix which : {Mix::skewed, Mix::uniform, Mix::hot}) {
    const char *name = which == Mix::skewed    ? "skewed"
                       : which == Mix::uniform ? "uniform"
                                               : "hot";
    const char *mix = which == Mix::uniform ? "uniform" : "skewed";
    vyre_kernel *k = nullptr;
    check(vyre_kernel_load(rt, (base + ".spv").c_str(), (base + ".json").c_str(), &k),
          "loading " + base);
    vyre_kernel_info info;
    check(vyre_kernel_get_info(k, &info), "info");
    uint32_t index[kNumVariants] = {};
    const char *suffix[kNumVariants] = {nullptr, "_ordered_", "_fused_",
                                        "_fusedhot_", "_deferred_"};
    for (int v = 1; v < kNumVariants; ++v) {
      std::string stem = base + suffix[v] + mix;
      check(vyre_kernel_add_variant(k, (stem + ".spv").c_str(),
                                    (stem + ".json").c_str(), &index[v]),
            "adding " + stem);
    }
    std::vector<vyre_slot> slots = workload(which, opt.slots, opt.rounds);
    check(vyre_kernel_launch(k), "launch");
    run(k, std::vector<vyre_slot>(slots.begin(), slots.begin() + opt.slots / 10),
        info.slots); // warm-up
    std::vector<double> rates[kNumVariants];
    vyre_jit_stats before{}, after{};
    uint64_t requeued[kNumVariants] = {}, handovers[kNumVariants] = {};
    // Interleaved repetitions, so drift hits every variant alike.
    for (uint32_t r = 0; r < opt.repeat; ++r)
      for (int v = 0; v < kNumVariants; ++v) {
        check(vyre_kernel_swap(k, index[v], 60000), "swap");
        check(vyre_kernel_jit_stats(k, &before), "stats");
        double s = run(k, slots, info.slots);
        check(vyre_kernel_jit_stats(k, &after), "stats");
        requeued[v] += after.requeued - before.requeued;
        handovers[v] += after.handovers - before.handovers;
        rates[v].push_back(slots.size() / s);
      }
    uint32_t unfinished = 0;
    check(vyre_kernel_shutdown(k, 60000, &unfinished), "shutdown");
    vyre_kernel_destroy(k);
    double median[kNumVariants];
    for (int v = 0; v < kNumVariants; ++v)
      median[v] = percentile(rates[v], 50);
    std::printf("\n%s mix%s:\n  %-12s %14s %10s %12s %10s  %s\n", name,
                which == Mix::hot ? " (kernels of the skewed mix)" : "", "variant",
                "slots/s", "vs interp", "requeued/run", "handovers",
                "runs' range vs interp median");
    json += std::string(firstMix ? "" : ",") + "\"" + name + "\":{";
    firstMix = false;
    for (int v = 0; v < kNumVariants; ++v) {
      auto [low, high] = std::minmax_element(rates[v].begin(), rates[v].end());
      std::printf("  %-12s %14.0f %9.2fx %12llu %10llu  %.2f-%.2fx\n",
                  kVariants[v], median[v], median[v] / median[0],
                  (unsigned long long)(requeued[v] / opt.repeat),
                  (unsigned long long)(handovers[v] / opt.repeat),
                  *low / median[0], *high / median[0]);
      std::string runs;
      for (double rate : rates[v])
        runs += (runs.empty() ? "" : ",") + std::to_string(rate);
      json += std::string(v ? "," : "") + "\"" + kVariants[v] +
              "\":{\"slots_per_s\":" + std::to_string(median[v]) +
              ",\"ratio_vs_interpreter\":" + std::to_string(median[v] / median[0]) +
              ",\"requeued_per_run\":" + std::to_string(requeued[v] / opt.repeat) +
              ",\"runs_slots_per_s\":[" + runs + "]}";
    }
    json += "}";
  }
  json += "}}\n";
  if (!opt.json.empty()) {
    std::ofstream(opt.json) << json;
    std::printf("\njson: %s\n", opt.json.c_str());
  }
  vyre_runtime_destroy(rt);
  return 0;
}
