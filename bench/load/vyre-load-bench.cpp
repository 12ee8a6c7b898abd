//===- vyre-load-bench.cpp - latency under open load, side by side --------===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Answers "what latency do my tasks see at the load I offer, against what I
// would write instead?" on one device, in one run (docs/benchmarks.md):
//   load   seeded Poisson arrivals from 10 k/s doubling to each side's
//          saturation, plus its closed-loop maximum, for every task kind:
//          the vyre persistent megakernel in several geometries, and Vulkan
//          dynamic batching swept over batch size, wait and depth;
//   drain  the pre-filled 1M-slot once ring (on a GPU also with 132 x 1024
//          lanes): host publish, device time
//          (timestamp queries), host reap;
//   rtt    single-slot round trips and their parts.
// Warm-up (pipeline creation, shader compile, first touch) runs before any
// timed point and is excluded. bench/cuda/load.cu measures the CUDA sides
// with the same streams; bench/load/report.py merges both JSON files into
// the ratio table and the plots.
//
//===----------------------------------------------------------------------===//

#include "../vyre-bench/BenchUtil.h"
#include "VkBatcher.h"
#include "VyreSide.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

using namespace vyre::load;
using vyre::bench::jsonArray;

namespace {

struct Options {
  std::string kernels = "build/bench/kernels", batchSpv = "build/bench/load-batch.spv";
  std::string device, json;
  std::vector<std::string> kinds = {"nop", "atomic_add", "lcg16", "lcg4096"};
  std::vector<std::string> vyre = {"load", "load_wg32", "load_wg132"};
  std::vector<std::string> sections = {"load", "drain", "rtt"};
  std::vector<uint32_t> batches = {256, 4096, 65536}, waits = {0, 20, 200},
                        depths = {1, 2};
  std::string drainKernel = "auto", rttKernel = "load_rt";
  uint32_t samples = 2000;
  SweepOptions sweep;
};

[[noreturn]] void usage(int code) {
  std::puts(
      "usage: vyre-load-bench [--kernels DIR] [--batch-spv SPV] [--device D]\n"
      "  [--json FILE] [--sections load,drain,rtt] [--kinds nop,atomic_add,lcg16,lcg4096]\n"
      "  [--vyre KERNEL,...] [--batch B,...] [--wait US,...] [--depth N,...]\n"
      "  [--from RATE] [--to RATE] [--seconds S] [--min-tasks N] [--max-tasks N]\n"
      "  [--closed-tasks N] [--seed N] [--samples N] [--drain-kernel K] [--rtt-kernel K]\n"
      "  [--preset quick|full]  (quick: fewer configurations, for CPU devices;\n"
      "   options after it override it)\n"
      "Kernels are NAME.spv + NAME.json in DIR (bench/compile.sh).");
  std::exit(code);
}

std::vector<uint32_t> numbers(const std::string &s) {
  std::vector<uint32_t> out;
  for (const std::string &item : splitList(s))
    out.push_back(uint32_t(std::stoul(item)));
  return out;
}

Options parse(int argc, char **argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-h" || a == "--help")
      usage(0);
    if (i + 1 >= argc) {
      std::fprintf(stderr, "vyre-load-bench: %s needs a value (see --help)\n", a.c_str());
      std::exit(2);
    }
    std::string v = argv[++i];
    if (a == "--kernels") o.kernels = v;
    else if (a == "--batch-spv") o.batchSpv = v;
    else if (a == "--device") o.device = v;
    else if (a == "--json") o.json = v;
    else if (a == "--sections") o.sections = splitList(v);
    else if (a == "--kinds") o.kinds = splitList(v);
    else if (a == "--vyre") o.vyre = splitList(v);
    else if (a == "--batch") o.batches = numbers(v);
    else if (a == "--wait") o.waits = numbers(v);
    else if (a == "--depth") o.depths = numbers(v);
    else if (a == "--from") o.sweep.fromRate = std::stod(v);
    else if (a == "--to") o.sweep.toRate = std::stod(v);
    else if (a == "--seconds") o.sweep.seconds = std::stod(v);
    else if (a == "--min-tasks") o.sweep.minTasks = std::stoull(v);
    else if (a == "--max-tasks") o.sweep.maxTasks = std::stoull(v);
    else if (a == "--closed-tasks") o.sweep.closedTasks = std::stoull(v);
    else if (a == "--seed") o.sweep.seed = std::stoull(v);
    else if (a == "--samples") o.samples = uint32_t(std::stoul(v));
    else if (a == "--drain-kernel") o.drainKernel = v;
    else if (a == "--rtt-kernel") o.rttKernel = v;
    else if (a == "--preset" && v == "quick") {
      // A CPU device in minutes (bench/load.sh on lavapipe): two geometries,
      // four batching policies, shorter points, and no lcg4096: on lavapipe
      // slots of 4096 rounds are left CLAIMED forever (lavapipe's bound of
      // 65535 loop iterations per SIMD chunk stops a lane mid-pass; found by
      // this benchmark, docs/benchmarks.md), so the run would hang.
      o.kinds = {"nop", "atomic_add", "lcg16"};
      o.vyre = {"load", "load_wg32"};
      o.batches = {256, 4096};
      o.waits = {0, 50};
      o.depths = {2};
      o.sweep.seconds = 0.02;
      o.sweep.minTasks = 1000;
      o.sweep.closedTasks = 1u << 16;
      o.samples = 1000;
    } else if (a == "--preset" && v != "full") {
      std::fprintf(stderr, "vyre-load-bench: --preset is quick or full\n");
      std::exit(2);
    }
    else {
      std::fprintf(stderr, "vyre-load-bench: unknown option %s (see --help)\n", a.c_str());
      std::exit(2);
    }
  }
  for (const std::string &k : o.kinds)
    if (!findKind(k)) {
      std::fprintf(stderr, "vyre-load-bench: unknown task kind '%s' (nop, "
                           "atomic_add, lcg16, lcg4096)\n", k.c_str());
      std::exit(2);
    }
  return o;
}

bool has(const std::vector<std::string> &v, const std::string &s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

/// Every kind once through `side`, closed loop, untimed: compiles and
/// touches what the timed points use.
void warmUp(Side &side, const Options &o) {
  for (const std::string &k : o.kinds) {
    Stream s = makeStream(*findKind(k), 4096, 0, 999);
    runPoint(side, s, 0, o.sweep.timeoutS);
  }
}

double median(const std::vector<double> &v) { return vyre::bench::percentile(v, 50); }
double p99(const std::vector<double> &v) { return vyre::bench::percentile(v, 99); }

/// The load section: every vyre geometry, then every batching policy.
void loadSection(vyre_runtime *rt, const std::string &deviceName,
                 const Options &o, std::vector<std::string> &rows) {
  for (const std::string &name : o.vyre) {
    Megakernel m(rt, o.kernels, name);
    checkVyre(vyre_kernel_launch(m.k), "launching " + name);
    VyreSide side(m);
    warmUp(side, o);
    std::string config = name + " (" + std::to_string(m.info.workgroups) + "x" +
                         std::to_string(m.info.workgroup_size) + ", " +
                         std::to_string(m.info.slots) + " slots)";
    for (const std::string &k : o.kinds)
      sweep(side, *findKind(k), o.sweep, [&](const Point &p) {
        printPoint("vyre", config, p);
        rows.push_back(pointJson("vyre", config, p));
      });
    uint32_t unfinished = 0;
    checkVyre(vyre_kernel_shutdown(m.k, 60000, &unfinished), "shutdown");
  }
  uint32_t maxBatch = *std::max_element(o.batches.begin(), o.batches.end());
  uint32_t maxDepth = *std::max_element(o.depths.begin(), o.depths.end());
  VkBatchDevice dev;
  dev.init(deviceName, o.batchSpv, maxBatch, maxDepth);
  std::printf("Vulkan batching: records in %s memory, fence polled with "
              "vkGetFenceStatus\n", dev.memoryNote.c_str());
  for (uint32_t depth : o.depths)
    for (uint32_t b : o.batches)
      for (uint32_t t : o.waits) {
        BatchPolicy policy{b, double(t), depth};
        VkBatchSide side(dev, policy);
        warmUp(side, o);
        std::string config = "B=" + std::to_string(b) + " T=" + std::to_string(t) +
                             "us depth=" + std::to_string(depth);
        for (const std::string &k : o.kinds)
          sweep(side, *findKind(k), o.sweep, [&](const Point &p) {
            printPoint("vulkan-batch", config, p);
            rows.push_back(pointJson("vulkan-batch", config, p));
          });
      }
}

std::string drainSection(vyre_runtime *rt, const Options &o,
                         const std::string &name) {
  Megakernel m(rt, o.kernels, name);
  drainOnce(m); // warm-up: first touch of 64 MiB of ring, pipeline
  std::string runs = "[";
  std::printf("\npre-filled once drain (%s, %u slots, %u x %u lanes), us:\n",
              name.c_str(), m.info.slots, m.info.workgroups,
              m.info.workgroup_size);
  std::printf("  %12s %12s %12s %12s %14s\n", "host publish", "launch->idle",
              "device", "host reap", "host ns/slot");
  for (int run = 0; run < 5; ++run) {
    DrainResult r = drainOnce(m);
    std::printf("  %12.1f %12.1f %12.1f %12.1f %14.1f\n", r.publishUs,
                r.launchToIdleUs, r.deviceUs, r.reapUs,
                1e3 * (r.publishUs + r.reapUs) / double(r.slots));
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "%s{\"slots\": %llu, \"publish_us\": %.1f, \"launch_to_idle_us\": "
                  "%.1f, \"device_us\": %.1f, \"reap_us\": %.1f}",
                  run ? ", " : "", (unsigned long long)r.slots, r.publishUs,
                  r.launchToIdleUs, r.deviceUs, r.reapUs);
    runs += buf;
  }
  return runs + "]";
}

std::string rttSection(vyre_runtime *rt, const Options &o) {
  Megakernel m(rt, o.kernels, o.rttKernel);
  roundTrips(m, 200); // warm-up
  RoundTrip r = roundTrips(m, o.samples);
  std::printf("\nsingle-slot round trip (%s), %u samples, host timers, us:\n"
              "  total (publish + reap only)   p50 %7.2f  p99 %7.2f\n",
              o.rttKernel.c_str(), o.samples, median(r.total), p99(r.total));
  if (!r.publish.empty())
    std::printf("  parts, from a second series that polls the slot's ring status\n"
                "  (one uncached bus read per poll on a GPU, about 1 us):\n"
                "    publish call                p50 %7.2f  p99 %7.2f\n"
                "    publish -> CLAIMED seen     p50 %7.2f  p99 %7.2f\n"
                "    CLAIMED -> completion seen  p50 %7.2f  p99 %7.2f\n"
                "    reap call that returned it  p50 %7.2f  p99 %7.2f\n",
                median(r.publish), p99(r.publish), median(r.toClaimed),
                p99(r.toClaimed), median(r.toCompleted), p99(r.toCompleted),
                median(r.reap), p99(r.reap));
  return "{\"total_us\": " + jsonArray(r.total) + ", \"publish_us\": " +
         jsonArray(r.publish) + ", \"to_claimed_us\": " + jsonArray(r.toClaimed) +
         ", \"to_completed_us\": " + jsonArray(r.toCompleted) +
         ", \"reap_us\": " + jsonArray(r.reap) + "}";
}

} // namespace

int main(int argc, char **argv) {
  Options o = parse(argc, argv);
  vyre_runtime *rt = nullptr;
  try {
    checkVyre(vyre_runtime_create(o.device.empty() ? nullptr : o.device.c_str(), 0, &rt),
              "opening the device");
    std::string deviceName = vyre_runtime_device_name(rt);
    std::printf("device: %s\nwarm-up (pipelines, shader compile, first touch) "
                "runs before every side and is excluded from every figure\n",
                deviceName.c_str());
    std::vector<std::string> rows;
    std::string drain = "null", rtt = "null";
    if (has(o.sections, "load"))
      loadSection(rt, deviceName, o, rows);
    std::string drainWide = "null";
    if (has(o.sections, "drain")) {
      // auto: 132 workgroups of 64 lanes on a GPU, and 132 of 1024 (the
      // drain is a chain of bus round trips per slot: more lanes in
      // flight, less time); 4 workgroups on a CPU device, where the
      // 132-workgroup 1M-slot drain did not finish within 5 minutes on
      // lavapipe.
      const bool cpu = vyre_runtime_is_cpu(rt);
      drain = drainSection(rt, o,
                           o.drainKernel != "auto" ? o.drainKernel
                           : cpu                   ? "load_drain4_once"
                                                   : "load_drain_once");
      if (o.drainKernel == "auto" && !cpu &&
          std::ifstream(o.kernels + "/load_drain_wide_once.json"))
        drainWide = drainSection(rt, o, "load_drain_wide_once");
    }
    if (has(o.sections, "rtt"))
      rtt = rttSection(rt, o);
    if (!o.json.empty()) {
      std::ofstream out(o.json);
      out << "{\"device\": \"" << deviceName << "\", \"program\": \"vyre-load-bench\",\n"
          << " \"drain\": " << drain << ",\n \"drain_wide\": " << drainWide
          << ",\n \"round_trip\": " << rtt
          << ",\n \"points\": [\n";
      for (size_t i = 0; i < rows.size(); ++i)
        out << "  " << rows[i] << (i + 1 < rows.size() ? ",\n" : "\n");
      out << " ]}\n";
      if (!out.flush())
        throw std::runtime_error("cannot write " + o.json);
      std::printf("wrote %s\n", o.json.c_str());
    }
  } catch (const std::exception &e) {
    std::fprintf(stderr, "vyre-load-bench: %s\n", e.what());
    if (rt)
      vyre_runtime_destroy(rt);
    return 1;
  }
  vyre_runtime_destroy(rt);
  return 0;
}
