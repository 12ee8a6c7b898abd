//===- vyre-bench.cpp - megakernel vs ordinary dispatch, side by side ------===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Measures on one device, in one run (issue 5, docs/benchmarks.md):
//   rt.persistent  publish one slot -> its completion reaped (persistent)
//   rt.once        the same with a once-mode megakernel: publish, launch,
//                  wait for the dispatch, reap
//   rt.oneshot     the ordinary way: the task as one dispatch of a tiny
//                  kernel (bench/oneshot.comp), vkQueueSubmit + fence wait
//   tp.*           a batch of tasks (trivial NOPs, then a mix of
//                  ATOMIC_ADDs on 32 counters and NOPs): persistent
//                  megakernel, once-mode megakernel (a launch per ring
//                  fill), and ordinary dispatches (one command buffer of
//                  `--per-buffer` dispatches per submit)
// The mix's counters are checked against the expected sums on every side.
// Prints a table of ratios; --json writes every figure and the raw latency
// samples (bench/plot.py draws them).
//
//===----------------------------------------------------------------------===//

#include "BenchUtil.h"
#include "OneShot.h"
#include "vyre/runtime.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

using namespace vyre::bench;

namespace {

struct Options {
  std::string kernels = "build/bench/kernels", oneshot = "build/bench/oneshot.spv";
  std::string device, json;
  uint32_t samples = 2000, tasks = 1000000, perBuffer = 4096;
  std::string persistentKernel = "trivial_small", throughputKernel = "trivial";
};

Options parse(int argc, char **argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&] { return optionValue(argc, argv, i); };
    auto number = [&] { return optionNumber(argc, argv, i); };
    if (a == "--kernels") o.kernels = value();
    else if (a == "--oneshot") o.oneshot = value();
    else if (a == "--device") o.device = value();
    else if (a == "--json") o.json = value();
    else if (a == "--samples") o.samples = number();
    else if (a == "--tasks") o.tasks = number();
    else if (a == "--per-buffer") o.perBuffer = number();
    else if (a == "--latency-kernel") o.persistentKernel = value();
    else if (a == "--throughput-kernel") o.throughputKernel = value();
    else if (a == "-h" || a == "--help") {
      std::puts("usage: vyre-bench [--kernels DIR] [--oneshot SPV] [--device D]\n"
                "  [--json FILE] [--samples N] [--tasks N] [--per-buffer N]\n"
                "  [--latency-kernel NAME] [--throughput-kernel NAME]\n"
                "Kernels come from bench/compile.sh (NAME.spv + NAME.json in DIR;\n"
                "NAME_once is the once-mode build of NAME).");
      std::exit(0);
    } else
      die("unknown option " + a + " (see --help)");
  }
  return o;
}

/// A megakernel loaded on the shared runtime.
struct Mega {
  vyre_kernel *k = nullptr;
  vyre_kernel_info info{};
  Mega(vyre_runtime *rt, const std::string &dir, const std::string &name) {
    std::string base = dir + "/" + name;
    check(vyre_kernel_load(rt, (base + ".spv").c_str(), (base + ".json").c_str(), &k),
          ("loading " + base).c_str());
    check(vyre_kernel_get_info(k, &info), "kernel info");
  }
  ~Mega() { vyre_kernel_destroy(k); }
};

vyre_slot toSlot(const Task &t, uint32_t nop, uint32_t add) {
  vyre_slot s{};
  // Ordinary work: the normal partition, the largest of a sharded ring (a
  // zeroed slot would be critical and squeeze into the smallest one).
  s.priority = VYRE_PRIORITY_NORMAL;
  s.opcode = t.add ? add : nop;
  s.args[0] = t.a0;
  s.args[1] = VYRE_CTRL_OBSERVABLES + t.a1;
  return s;
}

/// Where the host thread's time went in a persistent throughput run: the
/// evidence for what limits it.
struct HostTime {
  double publishS = 0, reapS = 0;
  uint64_t publishCalls = 0, emptyPublishCalls = 0;
};

/// A once kernel through `slots`: fill the ring, dispatch until it drains,
/// reap, repeat. Returns the seconds spent in vyre_kernel_publish alone.
double drainOnce(Mega &m, const std::vector<vyre_slot> &slots) {
  std::vector<vyre_completion> done(4096);
  double publishS = 0;
  for (uint64_t sent = 0; sent < slots.size();) {
    uint32_t want = uint32_t(std::min<uint64_t>(slots.size() - sent, m.info.slots));
    uint32_t n = 0;
    auto t0 = Clock::now();
    // RING_FULL: the slots' partition is full; the dispatch drains it.
    vyre_status s = vyre_kernel_publish(m.k, slots.data() + sent, want, 0, &n);
    publishS += micros(t0, Clock::now()) / 1e6;
    if (s != VYRE_OK && s != VYRE_ERROR_RING_FULL)
      check(s, "publish");
    sent += n;
    check(vyre_kernel_launch(m.k), "launch");
    check(vyre_kernel_wait_idle(m.k, 60000), "wait for the dispatch");
    uint32_t got = 0;
    do
      check(vyre_kernel_reap(m.k, done.data(), uint32_t(done.size()), &got), "reap");
    while (got);
  }
  return publishS;
}

/// Publishes every task and reaps every completion; returns seconds.
double runMega(Mega &m, const std::vector<vyre_slot> &slots, HostTime &h) {
  std::vector<vyre_completion> done(4096);
  uint64_t sent = 0, finished = 0;
  auto start = Clock::now();
  if (m.info.persistent) {
    check(vyre_kernel_launch(m.k), "launch");
    while (finished < slots.size()) {
      if (sent < slots.size()) {
        uint32_t n = 0;
        uint32_t want = uint32_t(std::min<uint64_t>(slots.size() - sent, m.info.slots));
        auto t0 = Clock::now();
        vyre_status s = vyre_kernel_publish(m.k, slots.data() + sent, want, 0, &n);
        h.publishS += micros(t0, Clock::now()) / 1e6;
        ++h.publishCalls;
        h.emptyPublishCalls += n == 0;
        if (s != VYRE_OK && s != VYRE_ERROR_RING_FULL)
          check(s, "publish");
        sent += n;
      }
      uint32_t got = 0;
      auto t0 = Clock::now();
      check(vyre_kernel_reap(m.k, done.data(), uint32_t(done.size()), &got), "reap");
      h.reapS += micros(t0, Clock::now()) / 1e6;
      finished += got;
    }
    uint32_t unfinished = 0;
    check(vyre_kernel_shutdown(m.k, 60000, &unfinished), "shutdown");
  } else {
    drainOnce(m, slots);
  }
  return micros(start, Clock::now()) / 1e6;
}

/// The host-side ceiling on throughput: seconds spent in vyre_kernel_publish
/// alone, filling the empty ring of a once kernel while the GPU is idle (the
/// dispatch that drains it, and the reaping, are not timed). No device
/// contention, no waiting for slots: only the runtime's write path into the
/// ring (words, store fence, PUBLISHED statuses, fence, doorbell).
double publishCeiling(Mega &m, const std::vector<vyre_slot> &slots) {
  return drainOnce(m, slots);
}

/// Round trips of single slots: publish, then reap until it is back.
std::vector<double> roundTrips(Mega &m, const vyre_slot &slot, uint32_t samples) {
  std::vector<double> out;
  vyre_completion c;
  if (m.info.persistent)
    check(vyre_kernel_launch(m.k), "launch");
  for (uint32_t i = 0; i < samples; ++i) {
    auto t0 = Clock::now();
    uint32_t n = 0, got = 0;
    check(vyre_kernel_publish(m.k, &slot, 1, 60000, &n), "publish");
    if (!m.info.persistent) {
      check(vyre_kernel_launch(m.k), "launch");
      check(vyre_kernel_wait_idle(m.k, 60000), "wait for the dispatch");
    }
    auto deadline = t0 + std::chrono::seconds(60);
    while (!got) {
      check(vyre_kernel_reap(m.k, &c, 1, &got), "reap");
      if (Clock::now() > deadline)
        die("a single slot did not come back within 60 s");
    }
    out.push_back(micros(t0, Clock::now()));
  }
  if (m.info.persistent) {
    uint32_t unfinished = 0;
    check(vyre_kernel_shutdown(m.k, 60000, &unfinished), "shutdown");
  }
  return out;
}

} // namespace

int main(int argc, char **argv) {
  Options opt = parse(argc, argv);
  vyre_runtime *rt = nullptr;
  check(vyre_runtime_create(opt.device.empty() ? nullptr : opt.device.c_str(), 0, &rt),
        "opening the device");
  std::string deviceName = vyre_runtime_device_name(rt);
  std::printf("device: %s\n", deviceName.c_str());

  OneShot oneshot;
  std::string error;
  if (!oneshot.init(deviceName, opt.oneshot, VYRE_CTRL_OBSERVABLES + 64, error))
    die(error);

  // --- Single-task round trips ------------------------------------------
  std::vector<double> rtPersistent, rtOnce, rtOneshot;
  {
    Mega m(rt, opt.kernels, opt.persistentKernel);
    uint32_t nop = 0;
    check(vyre_kernel_opcode(m.k, "nop", &nop), "nop opcode");
    vyre_slot slot{};
    slot.opcode = nop;
    rtPersistent = roundTrips(m, slot, opt.samples);
  }
  {
    Mega m(rt, opt.kernels, opt.persistentKernel + "_once");
    uint32_t nop = 0;
    check(vyre_kernel_opcode(m.k, "nop", &nop), "nop opcode");
    vyre_slot slot{};
    slot.opcode = nop;
    rtOnce = roundTrips(m, slot, opt.samples);
  }
  for (uint32_t i = 0; i < opt.samples; ++i) {
    auto t0 = Clock::now();
    if (!oneshot.runOne(Task{0, 0, 0}))
      die(oneshot.error);
    rtOneshot.push_back(micros(t0, Clock::now()));
  }

  // --- Batched throughput -------------------------------------------------
  struct Workload {
    const char *name;
    std::vector<Task> tasks;
    std::vector<uint64_t> sums; // expected counters
  };
  std::mt19937 rng(7);
  Workload trivial{"nop", std::vector<Task>(opt.tasks, Task{0, 0, 0}), {}};
  Workload mix{"mix", {}, std::vector<uint64_t>(32, 0)};
  for (uint32_t i = 0; i < opt.tasks; ++i) {
    bool add = rng() % 10 < 7;
    uint32_t delta = 1 + uint32_t(rng() % 5), counter = uint32_t(rng() % 32);
    Task t{add ? 1u : 0u, delta, counter};
    if (add)
      mix.sums[t.a1] += t.a0;
    mix.tasks.push_back(t);
  }
  struct Row {
    std::string workload, side;
    double seconds;
    HostTime host;
  };
  std::vector<Row> rows;
  for (Workload *w : {&trivial, &mix}) {
    for (const std::string &name :
         {opt.throughputKernel, opt.throughputKernel + "_once"}) {
      Mega m(rt, opt.kernels, name);
      uint32_t nop = 0, add = 0;
      check(vyre_kernel_opcode(m.k, "nop", &nop), "nop opcode");
      check(vyre_kernel_opcode(m.k, "atomic_add", &add), "atomic_add opcode");
      std::vector<vyre_slot> slots;
      slots.reserve(w->tasks.size());
      for (const Task &t : w->tasks)
        slots.push_back(toSlot(t, nop, add));
      HostTime host;
      double s = runMega(m, slots, host);
      if (!w->sums.empty()) {
        std::vector<uint32_t> obs(32);
        check(vyre_kernel_read_observables(m.k, 0, obs.data(), 32), "observables");
        for (uint32_t c = 0; c < 32; ++c)
          if (obs[c] != uint32_t(w->sums[c]))
            die("megakernel " + name + ": counter " + std::to_string(c) + " is " +
                std::to_string(obs[c]) + ", expected " + std::to_string(w->sums[c]));
      }
      rows.push_back({w->name, m.info.persistent ? "persistent" : "once", s, host});
    }
    std::vector<uint32_t> before = oneshot.readWords();
    std::vector<Task> shifted = w->tasks; // counters at the observables' words
    for (Task &t : shifted)
      t.a1 += VYRE_CTRL_OBSERVABLES;
    auto t0 = Clock::now();
    if (!oneshot.runBatched(shifted, opt.perBuffer))
      die(oneshot.error);
    double s = micros(t0, Clock::now()) / 1e6;
    std::vector<uint32_t> after = oneshot.readWords();
    for (uint32_t c = 0; c < w->sums.size(); ++c)
      if (after[VYRE_CTRL_OBSERVABLES + c] - before[VYRE_CTRL_OBSERVABLES + c] !=
          uint32_t(w->sums[c]))
        die("ordinary dispatches: counter " + std::to_string(c) + " is wrong");
    rows.push_back({w->name, "dispatches", s, {}});
  }

  // --- Host publish ceiling ------------------------------------------------
  double ceilingS = 0;
  {
    Mega m(rt, opt.kernels, opt.throughputKernel + "_once");
    uint32_t nop = 0;
    check(vyre_kernel_opcode(m.k, "nop", &nop), "nop opcode");
    // The persistent runs' priority (toSlot): zeroed slots are critical,
    // whose 292-slot partition made each call publish 292 slots, so the
    // ceiling measured a call's fixed cost as much as the slots'
    // (docs/benchmarks.md, the seventh round).
    vyre_slot slot{};
    slot.opcode = nop;
    slot.priority = VYRE_PRIORITY_NORMAL;
    ceilingS = publishCeiling(m, std::vector<vyre_slot>(opt.tasks, slot));
  }

  // --- Report ---------------------------------------------------------------
  auto p50 = [](const std::vector<double> &v) { return percentile(v, 50); };
  auto p99 = [](const std::vector<double> &v) { return percentile(v, 99); };
  std::printf("\nsingle-task round trip (us)      p50       p99   vs persistent p50\n");
  auto rtRow = [&](const char *name, const std::vector<double> &v) {
    std::printf("  %-28s %8.1f  %8.1f   %6.2fx\n", name, p50(v), p99(v),
                p50(v) / p50(rtPersistent));
  };
  rtRow("persistent megakernel", rtPersistent);
  rtRow("once megakernel", rtOnce);
  rtRow("submit + fence per task", rtOneshot);
  std::printf("\nbatched throughput (M tasks/s)  %u tasks, %u dispatches per "
              "command buffer\n", opt.tasks, opt.perBuffer);
  std::printf("  %-10s %12s %12s %12s   persistent/once  persistent/dispatches\n",
              "workload", "persistent", "once", "dispatches");
  for (size_t i = 0; i + 2 < rows.size(); i += 3) {
    double n = double(opt.tasks);
    std::printf("  %-10s %12.2f %12.2f %12.2f   %14.2fx %20.2fx\n",
                rows[i].workload.c_str(), n / rows[i].seconds / 1e6,
                n / rows[i + 1].seconds / 1e6, n / rows[i + 2].seconds / 1e6,
                rows[i + 1].seconds / rows[i].seconds,
                rows[i + 2].seconds / rows[i].seconds);
  }

  std::printf("\nhost thread, persistent runs: share of wall time in publish / "
              "reap, publish calls (finding no free slot)\n");
  for (const Row &r : rows)
    if (r.side == "persistent")
      std::printf("  %-10s publish %4.1f%%  reap %4.1f%%  %llu calls (%llu empty)\n",
                  r.workload.c_str(), 100 * r.host.publishS / r.seconds,
                  100 * r.host.reapS / r.seconds,
                  (unsigned long long)r.host.publishCalls,
                  (unsigned long long)r.host.emptyPublishCalls);

  double ceilingRate = opt.tasks / ceilingS;
  std::printf("\nhost publish ceiling (vyre_kernel_publish alone, GPU idle, ring "
              "empty): %.1f ns/slot = %.2f M slots/s\n",
              1e9 * ceilingS / opt.tasks, ceilingRate / 1e6);
  for (const Row &r : rows)
    if (r.side == "persistent")
      std::printf("  %-10s persistent reaches %4.1f%% of it\n", r.workload.c_str(),
                  100 * (opt.tasks / r.seconds) / ceilingRate);

  if (!opt.json.empty()) {
    std::ofstream out(opt.json);
    if (!out)
      die("cannot write " + opt.json);
    out << "{\n  \"device\": \"" << deviceName << "\",\n"
        << "  \"tasks\": " << opt.tasks << ", \"per_buffer\": " << opt.perBuffer
        << ", \"samples\": " << opt.samples << ",\n"
        << "  \"latency_kernel\": \"" << opt.persistentKernel
        << "\", \"throughput_kernel\": \"" << opt.throughputKernel << "\",\n"
        << "  \"round_trip_us\": {\n"
        << "    \"persistent\": " << jsonArray(rtPersistent) << ",\n"
        << "    \"once\": " << jsonArray(rtOnce) << ",\n"
        << "    \"submit_fence\": " << jsonArray(rtOneshot) << "\n  },\n"
        << "  \"publish_ceiling_tasks_per_s\": " << ceilingRate << ",\n"
        << "  \"throughput_tasks_per_s\": [\n";
    for (size_t i = 0; i < rows.size(); ++i)
      out << "    {\"workload\": \"" << rows[i].workload << "\", \"side\": \""
          << rows[i].side << "\", \"seconds\": " << rows[i].seconds
          << ", \"tasks_per_s\": " << double(opt.tasks) / rows[i].seconds
          << ", \"host_publish_s\": " << rows[i].host.publishS
          << ", \"host_reap_s\": " << rows[i].host.reapS
          << ", \"publish_calls\": " << rows[i].host.publishCalls
          << ", \"empty_publish_calls\": " << rows[i].host.emptyPublishCalls << "}"
          << (i + 1 < rows.size() ? ",\n" : "\n");
    out << "  ]\n}\n";
    std::printf("\nwrote %s\n", opt.json.c_str());
  }
  vyre_runtime_destroy(rt);
  return 0;
}
