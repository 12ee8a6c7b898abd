//===- vyre-graph-bench.cpp - dependent tasks against the host's loop ----===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// What a task graph buys over what a user writes without one (issue 26),
// side by side on one device, alternating rounds:
//   chain    N tasks, each reading its predecessor's value: as one graph
//            (vyre_kernel_publish_graph: the device starts each task when
//            its predecessor signals) against the host's loop (publish a
//            task, wait for it, publish the next: a round trip per task);
//   layers   L layers of W independent tasks, each layer after the whole
//            layer before: as one graph (a NOP barrier task joins each
//            layer) against the host's loop per layer (publish W, wait for
//            all W: dynamic batching by layer);
//   direct   the same layers as one graph without barrier tasks: every
//            task after every task of the layer before (W x W edges a
//            layer; one counter a layer since GraphPlan groups tasks by
//            their predecessors), one hop a layer.
// Both wait by spinning (VYRE_WAIT_SPIN). Every round's values are checked.
//
//   vyre-graph-bench [--kernels DIR] [--kernel NAME] [--chain N]
//                    [--layers L] [--width W] [--rounds R] [--json FILE]
//
//===----------------------------------------------------------------------===//

#include "../vyre-bench/BenchUtil.h"
#include "vyre/graph.h"
#include "vyre/runtime.h"

#include <algorithm>
#include <fstream>

using namespace vyre::bench;

namespace {

constexpr uint32_t kStep = 16;
constexpr uint32_t kZero = 8191; // value[kZero] stays 0

struct Options {
  std::string kernels = "build/bench/kernels", kernel = "graph", json;
  uint32_t chain = 1000, layers = 50, width = 64, rounds = 3;
};

struct Work {
  std::vector<vyre_slot> slots;
  std::vector<vyre_edge> edges;
  /// value[t] the run must leave, per task (0: not checked).
  std::vector<uint32_t> expect;
  /// The host loop's steps: [begin, end) of slots published together.
  std::vector<std::pair<uint32_t, uint32_t>> steps;
};

vyre_slot task(uint32_t opcode, uint32_t id, uint32_t from) {
  vyre_slot s{};
  s.opcode = opcode;
  s.priority = VYRE_PRIORITY_NORMAL;
  s.args[0] = id;
  s.args[1] = from;
  return s;
}

Work chain(uint32_t n) {
  Work w;
  for (uint32_t t = 0; t < n; ++t) {
    w.slots.push_back(task(kStep, t, t ? t - 1 : kZero));
    if (t)
      w.edges.push_back({t - 1, t});
    w.expect.push_back(t + 1);
    w.steps.push_back({t, t + 1});
  }
  return w;
}

/// Layer l's tasks read the task of the same column in layer l - 1 and
/// run after the whole layer: through a NOP barrier task that joins it
/// (`barriers`), or with an edge from each of its tasks. The host loop
/// publishes each layer's tasks alone.
Work layered(uint32_t layers, uint32_t width, bool barriers = true) {
  Work w;
  uint32_t before = UINT32_MAX; // the layer before's first task
  for (uint32_t l = 0; l < layers; ++l) {
    uint32_t first = uint32_t(w.slots.size());
    for (uint32_t c = 0; c < width; ++c) {
      uint32_t id = l * width + c;
      w.slots.push_back(task(kStep, id, l ? id - width : kZero));
      w.expect.push_back(l + 1);
      if (before == UINT32_MAX)
        continue;
      if (barriers)
        w.edges.push_back({before + width, first + c}); // its barrier
      else
        for (uint32_t p = 0; p < width; ++p)
          w.edges.push_back({before + p, first + c});
    }
    w.steps.push_back({first, first + width});
    before = first;
    if (!barriers)
      continue;
    uint32_t barrier = uint32_t(w.slots.size());
    w.slots.push_back(task(VYRE_OP_NOP, 0, 0));
    w.expect.push_back(0);
    for (uint32_t c = 0; c < width; ++c)
      w.edges.push_back({first + c, barrier});
  }
  return w;
}

void drain(vyre_kernel *k) {
  std::vector<vyre_completion> done(4096);
  uint32_t n = 0;
  do
    check(vyre_kernel_reap(k, done.data(), uint32_t(done.size()), &n), "reap");
  while (n);
}

void checkValues(vyre_kernel *k, const Work &w, const char *what) {
  std::vector<uint32_t> value(8192);
  check(vyre_kernel_read_buffer(k, "value", 0, value.data(), 8192), "read");
  for (size_t t = 0; t < w.slots.size(); ++t)
    if (w.expect[t] && value[w.slots[t].args[0]] != w.expect[t])
      die(std::string(what) + ": task " + std::to_string(t) + " left " +
          std::to_string(value[w.slots[t].args[0]]) + ", expected " +
          std::to_string(w.expect[t]));
}

void reset(vyre_kernel *k) {
  std::vector<uint32_t> zeros(8192, 0);
  check(vyre_kernel_write_buffer(k, "value", 0, zeros.data(), 8192), "reset");
}

/// Microseconds for the whole work as one graph.
double asGraph(vyre_kernel *k, const Work &w) {
  uint64_t target = vyre_kernel_published(k) + w.slots.size();
  auto t0 = Clock::now();
  check(vyre_kernel_publish_graph(k, w.slots.data(), uint32_t(w.slots.size()),
                                  w.edges.data(), uint32_t(w.edges.size()),
                                  10000, nullptr),
        "publish_graph");
  check(vyre_kernel_wait(k, target, 60000), "wait");
  double us = micros(t0, Clock::now());
  drain(k);
  return us;
}

/// Microseconds for the host's loop over the work's steps (no edges: the
/// host orders them by waiting).
double asHostLoop(vyre_kernel *k, const Work &w) {
  auto t0 = Clock::now();
  for (auto [begin, end] : w.steps) {
    uint32_t n = 0;
    check(vyre_kernel_publish(k, w.slots.data() + begin, end - begin, 10000,
                              &n),
          "publish");
    check(vyre_kernel_wait(k, vyre_kernel_published(k), 60000), "wait");
    drain(k);
  }
  return micros(t0, Clock::now());
}

struct Result {
  std::string name;
  std::vector<double> graph, host;
  uint32_t per; // hops or layers
};

} // namespace

int main(int argc, char **argv) {
  programName = "vyre-graph-bench";
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--kernels") o.kernels = optionValue(argc, argv, i);
    else if (a == "--kernel") o.kernel = optionValue(argc, argv, i);
    else if (a == "--json") o.json = optionValue(argc, argv, i);
    else if (a == "--chain") o.chain = optionNumber(argc, argv, i);
    else if (a == "--layers") o.layers = optionNumber(argc, argv, i);
    else if (a == "--width") o.width = optionNumber(argc, argv, i);
    else if (a == "--rounds") o.rounds = optionNumber(argc, argv, i);
    else
      die("unknown option " + a + "; see the comment at the top of "
          "bench/graph/vyre-graph-bench.cpp");
  }
  if (o.layers * (o.width + 1) > 4000 || o.chain > 4000 || o.width > 4000)
    die("--chain, and --layers x (--width + 1), fit a 4096-slot ring");
  vyre_runtime *rt = nullptr;
  check(vyre_runtime_create(nullptr, 0, &rt), "runtime");
  vyre_kernel *k = nullptr;
  std::string base = o.kernels + "/" + o.kernel;
  check(vyre_kernel_load(rt, (base + ".spv").c_str(), (base + ".json").c_str(),
                         &k),
        "loading " + base);
  // The whole ring for one queue: a graph goes in whole.
  uint32_t capacities[VYRE_PRIORITY_LEVELS] = {0, 0, 4096, 0, 0};
  if (vyre_kernel_set_queue_capacities(k, capacities) != VYRE_OK)
    std::fprintf(stderr, "note: queue capacities unchanged (%s)\n",
                 vyre_last_error());
  check(vyre_kernel_set_wait_mode(k, VYRE_WAIT_SPIN), "wait mode");
  check(vyre_kernel_launch(k), "launch");
  std::printf("device: %s\n", vyre_runtime_device_name(rt));
  std::vector<Result> results = {
      {"chain of " + std::to_string(o.chain) + " tasks (us per hop)", {}, {},
       o.chain},
      {std::to_string(o.layers) + " layers of " + std::to_string(o.width) +
           " tasks (us per layer)",
       {}, {}, o.layers},
      {"the same, no barrier tasks (us per layer)", {}, {}, o.layers}};
  Work works[3] = {chain(o.chain), layered(o.layers, o.width),
                   layered(o.layers, o.width, false)};
  for (uint32_t r = 0; r < o.rounds + 1; ++r) // round 0 warms up
    for (int i = 0; i < 3; ++i) {
      reset(k);
      double g = asGraph(k, works[i]);
      checkValues(k, works[i], "graph");
      reset(k);
      double h = asHostLoop(k, works[i]);
      checkValues(k, works[i], "host loop");
      if (r) {
        results[i].graph.push_back(g / results[i].per);
        results[i].host.push_back(h / results[i].per);
      }
    }
  uint32_t unfinished = 0;
  check(vyre_kernel_shutdown(k, 10000, &unfinished), "shutdown");
  std::printf("%-40s %12s %12s %8s\n", "work", "graph", "host loop",
              "host/graph");
  for (const Result &res : results) {
    double g = percentile(res.graph, 50), h = percentile(res.host, 50);
    std::printf("%-40s %12.2f %12.2f %7.2fx\n", res.name.c_str(), g, h, h / g);
  }
  if (!o.json.empty()) {
    std::ofstream out(o.json);
    out << "{\"device\": \"" << vyre_runtime_device_name(rt) << "\"";
    for (const Result &res : results)
      out << ",\n \"" << res.name << "\": {\"graph\": " << jsonArray(res.graph)
          << ", \"host_loop\": " << jsonArray(res.host) << "}";
    out << "}\n";
  }
  vyre_kernel_destroy(k);
  vyre_runtime_destroy(rt);
  return 0;
}
