//===- producer-bench.cpp - publishing from several host threads ---------===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Measures the host path with 1, 2, 4, ... publishing threads in one run
// (issue 21):
//   e2e      trivial NOP slots published into a running persistent kernel
//            and their completions collected, end to end. "kernel" is the
//            kernel's own vyre_kernel_publish/reap on one thread; "T
//            producers" are T threads, each with a vyre_producer that
//            publishes its share and reaps its own completions.
//   publish  the same threads filling the empty 1M-slot ring of a once
//            kernel that is not running (publish alone, GPU idle: the
//            host's write path, the ceiling on what e2e can reach).
// Against the floors measured on the H200 with a minimal Vulkan probe
// (docs/benchmarks.md): 64-byte BAR writes, 320 M/s from one thread and
// 524 M/s from two or more.
//
//===----------------------------------------------------------------------===//

#include "BenchUtil.h"
#include "vyre/runtime.h"

#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

using namespace vyre::bench;

namespace {

struct Options {
  std::string kernels = "build/bench/kernels", device, json;
  std::string persistent = "trivial_mp", once = "trivial_mp_once";
  uint64_t tasks = 4u << 20;
  uint32_t batch = 4096, repeat = 3;
  std::vector<uint32_t> threads = {1, 2, 4, 8};
};

Options parse(int argc, char **argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--kernels") o.kernels = optionValue(argc, argv, i);
    else if (a == "--device") o.device = optionValue(argc, argv, i);
    else if (a == "--json") o.json = optionValue(argc, argv, i);
    else if (a == "--tasks") o.tasks = optionNumber(argc, argv, i);
    else if (a == "--batch") o.batch = optionNumber(argc, argv, i);
    else if (a == "--repeat") o.repeat = optionNumber(argc, argv, i);
    else if (a == "--threads") {
      o.threads.clear();
      std::stringstream list(optionValue(argc, argv, i));
      for (std::string t; std::getline(list, t, ',');)
        o.threads.push_back(uint32_t(std::stoul(t)));
    } else
      die("unknown option " + a +
          " (--kernels DIR --device D --json F --tasks N --batch B "
          "--repeat R --threads 1,2,4)");
  }
  return o;
}

vyre_kernel *load(vyre_runtime *rt, const Options &o, const std::string &stem) {
  vyre_kernel *k = nullptr;
  std::string base = o.kernels + "/" + stem;
  check(vyre_kernel_load(rt, (base + ".spv").c_str(), (base + ".json").c_str(),
                         &k),
        "load " + stem);
  return k;
}

/// Starts every thread at once.
struct Gate {
  std::atomic<uint32_t> ready{0};
  std::atomic<bool> open{false};
  void arrive() {
    ready.fetch_add(1);
    while (!open.load(std::memory_order_acquire))
      std::this_thread::yield();
  }
};

/// One thread's share, published in batches and reaped as it goes.
/// `producer` null: the kernel's own publish and reap.
void pump(vyre_kernel *k, vyre_producer *producer, uint64_t share,
          uint32_t batch, bool reap, Gate &gate) {
  vyre_slot nop{};
  nop.opcode = VYRE_OP_NOP;
  nop.priority = VYRE_PRIORITY_NORMAL;
  std::vector<vyre_slot> slots(batch, nop);
  std::vector<vyre_completion> done(16384);
  gate.arrive();
  uint64_t sent = 0, back = 0;
  while (reap ? back < share : sent < share) {
    if (sent < share) {
      uint32_t want = uint32_t(std::min<uint64_t>(share - sent, batch)), n = 0;
      // Timeout 0: a full queue returns what went in (RING_FULL), and the
      // thread reaps instead of waiting inside the publish.
      vyre_status s =
          producer ? vyre_producer_publish(producer, slots.data(), want, 0, &n)
                   : vyre_kernel_publish(k, slots.data(), want, 0, &n);
      if (s != VYRE_OK && s != VYRE_ERROR_RING_FULL)
        check(s, "publish");
      sent += n;
    }
    if (!reap)
      continue;
    uint32_t got = 0;
    check(producer ? vyre_producer_reap(producer, done.data(),
                                        uint32_t(done.size()), &got)
                   : vyre_kernel_reap(k, done.data(), uint32_t(done.size()),
                                      &got),
          "reap");
    back += got;
  }
}

/// Seconds for `threads` threads (0: the kernel's own calls) to move
/// `tasks` slots through `k`.
double runThreads(vyre_kernel *k, uint32_t threads, uint64_t tasks,
                  uint32_t batch, bool reap) {
  std::vector<vyre_producer *> producers(threads, nullptr);
  for (vyre_producer *&p : producers)
    check(vyre_producer_create(k, &p), "producer");
  Gate gate;
  std::vector<std::thread> pool;
  uint32_t n = std::max(threads, 1u);
  for (uint32_t t = 0; t < n; ++t)
    pool.emplace_back(pump, k, threads ? producers[t] : nullptr,
                      tasks / n + (t < tasks % n), batch, reap, std::ref(gate));
  while (gate.ready.load() < n)
    std::this_thread::yield();
  auto start = Clock::now();
  gate.open.store(true, std::memory_order_release);
  for (std::thread &t : pool)
    t.join();
  double seconds = micros(start, Clock::now()) / 1e6;
  if (!reap) { // drain the once ring (not timed), then reap it
    check(vyre_kernel_launch(k), "launch");
    check(vyre_kernel_wait_idle(k, 60000), "drain");
    std::vector<vyre_completion> done(16384);
    for (uint32_t t = 0; t < n; ++t)
      for (uint32_t got = 1; got;)
        check(threads ? vyre_producer_reap(producers[t], done.data(), 16384, &got)
                      : vyre_kernel_reap(k, done.data(), 16384, &got),
              "reap");
  }
  for (vyre_producer *p : producers)
    check(vyre_producer_destroy(p), "destroy producer");
  return seconds;
}

struct Row {
  std::string what;
  uint32_t threads;
  std::vector<double> e2e, publish; // M slots/s per repeat
};

double median(std::vector<double> v) { return percentile(v, 50); }

} // namespace

int main(int argc, char **argv) {
  programName = "vyre-producer-bench";
  Options o = parse(argc, argv);
  vyre_runtime *rt = nullptr;
  check(vyre_runtime_create(o.device.empty() ? nullptr : o.device.c_str(), 0,
                            &rt),
        "runtime");
  vyre_kernel *live = load(rt, o, o.persistent);
  vyre_kernel *once = load(rt, o, o.once);
  vyre_kernel_info onceInfo{};
  check(vyre_kernel_get_info(once, &onceInfo), "info");
  // Publish-only runs fill the once kernel's NORMAL queue, no more.
  uint64_t fill = onceInfo.priority_offsets[VYRE_PRIORITY_NORMAL + 1] -
                  onceInfo.priority_offsets[VYRE_PRIORITY_NORMAL];
  check(vyre_kernel_launch(live), "launch");
  std::vector<Row> rows;
  rows.push_back({"kernel", 1, {}, {}});
  for (uint32_t t : o.threads)
    rows.push_back({std::to_string(t) + " producers", t, {}, {}});
  // Rounds: every configuration once per round, so drift hits all alike.
  // The once kernel's dispatch cannot start on the queue while the
  // persistent one runs, so the publish-only rounds come after its
  // shutdown.
  auto threadsOf = [](const Row &row) {
    return row.what == "kernel" ? 0u : row.threads;
  };
  for (uint32_t r = 0; r < o.repeat; ++r)
    for (Row &row : rows)
      row.e2e.push_back(
          o.tasks / runThreads(live, threadsOf(row), o.tasks, o.batch, true) /
          1e6);
  uint32_t unfinished = 0;
  check(vyre_kernel_shutdown(live, 60000, &unfinished), "shutdown");
  for (uint32_t r = 0; r < o.repeat; ++r)
    for (Row &row : rows)
      row.publish.push_back(
          fill / runThreads(once, threadsOf(row), fill, o.batch, false) / 1e6);

  std::printf("device: %s; %llu slots end to end, %llu publish-only, batches "
              "of %u, median of %u rounds\n",
              vyre_runtime_device_name(rt), (unsigned long long)o.tasks,
              (unsigned long long)fill, o.batch, o.repeat);
  std::printf("%-14s %12s %10s %14s %12s\n", "publisher", "e2e M/s",
              "vs kernel", "publish M/s", "ns/slot");
  double base = median(rows[0].e2e);
  for (const Row &row : rows) {
    double e = median(row.e2e), p = median(row.publish);
    std::printf("%-14s %12.2f %9.2fx %14.2f %12.2f\n", row.what.c_str(), e,
                e / base, p, 1e3 / p);
  }
  if (!o.json.empty()) {
    std::ofstream j(o.json);
    j << "{\n  \"device\": \"" << vyre_runtime_device_name(rt)
      << "\",\n  \"tasks\": " << o.tasks << ",\n  \"publish_only_slots\": "
      << fill << ",\n  \"batch\": " << o.batch << ",\n  \"rows\": [\n";
    for (size_t i = 0; i < rows.size(); ++i) {
      const Row &row = rows[i];
      j << "    {\"publisher\": \"" << row.what << "\", \"threads\": "
        << row.threads << ", \"e2e_mslots_per_s\": " << jsonArray(row.e2e)
        << ", \"publish_mslots_per_s\": " << jsonArray(row.publish) << "}"
        << (i + 1 < rows.size() ? ",\n" : "\n");
    }
    j << "  ]\n}\n";
    if (!j)
      die("could not write " + o.json);
    std::printf("wrote %s\n", o.json.c_str());
  }
  vyre_kernel_destroy(once);
  vyre_kernel_destroy(live);
  vyre_runtime_destroy(rt);
  return 0;
}
