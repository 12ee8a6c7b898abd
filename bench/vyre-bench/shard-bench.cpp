//===- shard-bench.cpp - what vyre-shard buys, side by side ----------------===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// One run on one device, the kernel bench/kernels/work.mlir compiled by
// bench/compile.sh (work[_wide]_{unsharded,strided,contiguous,auto,nobound}):
//
//   throughput  the same N `spin` slots (normal priority) through the
//               first four; slots/s and the ratio to the unsharded kernel.
//   latency     under load: the host keeps `--depth` normal slots in
//               flight and publishes one critical slot per `--every`
//               normal ones; publish-to-reaped latency of critical and
//               normal slots, p50/p99, on the unsharded kernel (priority
//               is only a word there), the sharded one with
//               starvation-bound=0 (critical slots have their own
//               partition, met first in every pass) and the default
//               sharded one (passes skip the lower partitions while
//               critical work keeps coming, up to the bound).
//
// Each throughput figure is the median of --reps interleaved runs. Prints
// the table and writes every figure to --json.
//
//===----------------------------------------------------------------------===//

#include "BenchUtil.h"
#include "vyre/runtime.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace vyre::bench;

namespace {

/// A benchmark of slots that fault measures nothing: stop.
void expectDone(const vyre_completion *c, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i)
    if (c[i].status != VYRE_STATUS_DONE)
      die("slot " + std::to_string(c[i].ticket) + " faulted: " +
          vyre_fault_name(c[i].fault_code));
}

struct Options {
  std::string kernels = "build/bench/kernels", device, json, geometry;
  uint32_t tasks = 100000, rounds = 64, depth = 2048, every = 32;
  uint32_t latencyTasks = 50000, reps = 3;
};

struct Kernel {
  vyre_kernel *k = nullptr;
  vyre_kernel_info info{};
  uint32_t spin = 0;
  Kernel(vyre_runtime *rt, const Options &o, const std::string &variant) {
    std::string base = o.kernels + "/work" + o.geometry + "_" + variant;
    check(vyre_kernel_load(rt, (base + ".spv").c_str(),
                           (base + ".json").c_str(), &k),
          "loading " + base);
    check(vyre_kernel_get_info(k, &info), "info");
    check(vyre_kernel_opcode(k, "spin", &spin), "spin opcode");
  }
  ~Kernel() { vyre_kernel_destroy(k); }
  vyre_slot slot(uint32_t rounds, uint32_t at, uint32_t priority) const {
    vyre_slot s{};
    s.opcode = spin;
    s.priority = priority;
    s.args[0] = rounds;
    s.args[1] = at;
    return s;
  }
};

/// Seconds to run `count` normal slots, the ring kept as full as it goes.
double throughput(Kernel &kn, const Options &o) {
  std::vector<vyre_slot> slots;
  for (uint32_t i = 0; i < o.tasks; ++i)
    slots.push_back(kn.slot(o.rounds, i, VYRE_PRIORITY_NORMAL));
  std::vector<vyre_completion> done(4096);
  check(vyre_kernel_launch(kn.k), "launch");
  uint64_t sent = 0, finished = 0;
  auto t0 = Clock::now();
  while (finished < slots.size()) {
    if (sent < slots.size()) {
      uint32_t n = 0;
      uint32_t want = uint32_t(std::min<uint64_t>(slots.size() - sent, 4096));
      vyre_status s = vyre_kernel_publish(kn.k, slots.data() + sent, want, 0, &n);
      if (s != VYRE_OK && s != VYRE_ERROR_RING_FULL)
        check(s, "publish");
      sent += n;
    }
    uint32_t got = 0;
    check(vyre_kernel_reap(kn.k, done.data(), uint32_t(done.size()), &got), "reap");
    expectDone(done.data(), got);
    finished += got;
  }
  double s = micros(t0, Clock::now()) / 1e6;
  uint32_t unfinished = 0;
  check(vyre_kernel_shutdown(kn.k, 60000, &unfinished), "shutdown");
  return s;
}

struct Latency {
  std::vector<double> critical, normal;
};

/// Keeps `depth` normal slots in flight; every `every`-th publish is a
/// critical slot. Latency: publish to reaped, per ticket.
Latency latencyUnderLoad(Kernel &kn, const Options &o) {
  Latency lat;
  std::vector<Clock::time_point> publishedAt;
  std::vector<uint8_t> isCritical;
  publishedAt.reserve(o.latencyTasks + o.latencyTasks / o.every + 1);
  std::vector<vyre_completion> done(4096);
  check(vyre_kernel_launch(kn.k), "launch");
  uint64_t normalSent = 0, finished = 0, sent = 0;
  while (finished < sent || normalSent < o.latencyTasks) {
    if (normalSent < o.latencyTasks && sent - finished < o.depth) {
      bool critical = normalSent % o.every == o.every - 1 &&
                      isCritical.size() && !isCritical.back();
      vyre_slot s = kn.slot(o.rounds, uint32_t(sent),
                            critical ? VYRE_PRIORITY_CRITICAL
                                     : VYRE_PRIORITY_NORMAL);
      uint32_t n = 0;
      vyre_status st = vyre_kernel_publish(kn.k, &s, 1, 0, &n);
      if (st != VYRE_OK && st != VYRE_ERROR_RING_FULL)
        check(st, "publish");
      if (n) {
        publishedAt.push_back(Clock::now());
        isCritical.push_back(critical);
        ++sent;
        normalSent += !critical;
      }
    }
    uint32_t got = 0;
    check(vyre_kernel_reap(kn.k, done.data(), uint32_t(done.size()), &got), "reap");
    auto now = Clock::now();
    expectDone(done.data(), got);
    for (uint32_t i = 0; i < got; ++i) {
      uint64_t t = done[i].ticket;
      (isCritical[t] ? lat.critical : lat.normal)
          .push_back(micros(publishedAt[t], now));
    }
    finished += got;
  }
  uint32_t unfinished = 0;
  check(vyre_kernel_shutdown(kn.k, 60000, &unfinished), "shutdown");
  return lat;
}

Options parse(int argc, char **argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&] { return optionValue(argc, argv, i); };
    auto number = [&] { return optionNumber(argc, argv, i); };
    if (a == "--kernels") o.kernels = value();
    else if (a == "--device") o.device = value();
    else if (a == "--json") o.json = value();
    else if (a == "--wide") o.geometry = "_wide";
    else if (a == "--tasks") o.tasks = number();
    else if (a == "--latency-tasks") o.latencyTasks = number();
    else if (a == "--rounds") o.rounds = number();
    else if (a == "--depth") o.depth = number();
    else if (a == "--every") o.every = std::max(2u, number());
    else if (a == "--reps") o.reps = std::max(1u, number());
    else if (a == "-h" || a == "--help") {
      std::puts("usage: vyre-shard-bench [--kernels DIR] [--device D] "
                "[--json FILE] [--wide]\n"
                "  [--tasks N] [--latency-tasks N] [--rounds R] [--depth D] "
                "[--every E] [--reps N]");
      std::exit(0);
    } else
      die("unknown option " + a + " (see --help)");
  }
  return o;
}

} // namespace

int main(int argc, char **argv) {
  programName = "vyre-shard-bench";
  Options o = parse(argc, argv);
  vyre_runtime *rt = nullptr;
  check(vyre_runtime_create(o.device.empty() ? nullptr : o.device.c_str(), 0, &rt),
        "opening the device");
  std::printf("device: %s; work%s kernels, %u rounds per slot\n",
              vyre_runtime_device_name(rt), o.geometry.c_str(), o.rounds);

  const char *variants[] = {"unsharded", "strided", "contiguous", "auto"};
  // Interleaved repetitions, the median of each: drift hits all alike.
  std::vector<double> runs[4];
  for (uint32_t r = 0; r < o.reps; ++r)
    for (int v = 0; v < 4; ++v) {
      Kernel kn(rt, o, variants[v]);
      runs[v].push_back(throughput(kn, o));
    }
  double seconds[4];
  for (int v = 0; v < 4; ++v)
    seconds[v] = percentile(runs[v], 50);
  std::printf("\nthroughput, %u slots (normal priority), median of %u\n",
              o.tasks, o.reps);
  std::printf("%-12s %14s %10s\n", "variant", "slots/s", "vs none");
  for (int v = 0; v < 4; ++v)
    std::printf("%-12s %14.0f %9.2fx\n", variants[v], o.tasks / seconds[v],
                seconds[0] / seconds[v]);

  // nobound: the same sharded kernel with starvation-bound=0, so every
  // pass walks every partition (priority only orders slots within a pass).
  constexpr int kLatVariants = 3;
  Latency lat[kLatVariants];
  const char *latVariants[] = {"unsharded", "nobound", "auto"};
  for (int v = 0; v < kLatVariants; ++v) {
    Kernel kn(rt, o, latVariants[v]);
    lat[v] = latencyUnderLoad(kn, o);
  }
  std::printf("\nlatency under load (%u in flight, 1 critical per %u): "
              "publish -> reaped, us\n",
              o.depth, o.every);
  std::printf("%-10s %12s %12s %12s %12s %10s\n", "kernel", "crit p50",
              "crit p99", "normal p50", "normal p99", "p50 ratio");
  for (int v = 0; v < kLatVariants; ++v) {
    double c50 = percentile(lat[v].critical, 50), n50 = percentile(lat[v].normal, 50);
    std::printf("%-10s %12.1f %12.1f %12.1f %12.1f %9.1fx\n", latVariants[v],
                c50, percentile(lat[v].critical, 99), n50,
                percentile(lat[v].normal, 99), c50 > 0 ? n50 / c50 : 0.0);
  }

  if (!o.json.empty()) {
    FILE *f = std::fopen(o.json.c_str(), "w");
    if (!f)
      die("cannot write " + o.json);
    std::fprintf(f, "{\"device\": \"%s\", \"geometry\": \"work%s\", "
                    "\"rounds\": %u, \"tasks\": %u,\n \"throughput\": {",
                 vyre_runtime_device_name(rt), o.geometry.c_str(), o.rounds,
                 o.tasks);
    for (int v = 0; v < 4; ++v)
      std::fprintf(f, "%s\"%s\": {\"seconds\": %.6f, \"slots_per_s\": %.1f}",
                   v ? ", " : "", variants[v], seconds[v], o.tasks / seconds[v]);
    std::fprintf(f, "},\n \"latency\": {\"depth\": %u, \"every\": %u", o.depth,
                 o.every);
    for (int v = 0; v < kLatVariants; ++v)
      std::fprintf(f,
                   ", \"%s\": {\"critical_p50_us\": %.2f, \"critical_p99_us\": "
                   "%.2f, \"normal_p50_us\": %.2f, \"normal_p99_us\": %.2f, "
                   "\"critical\": %zu, \"normal\": %zu}",
                   latVariants[v], percentile(lat[v].critical, 50),
                   percentile(lat[v].critical, 99),
                   percentile(lat[v].normal, 50),
                   percentile(lat[v].normal, 99), lat[v].critical.size(),
                   lat[v].normal.size());
    std::fprintf(f, "}}\n");
    std::fclose(f);
    std::printf("\nwrote %s\n", o.json.c_str());
  }
  vyre_runtime_destroy(rt);
  return 0;
}
