//===- vyre-bfs-bench.cpp - BFS as a GPU worklist against per level -------===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// examples/bfs.mlir two ways on one running kernel, alternating rounds
// (bench/bfs/BfsDevice.h): the GPU-generated worklist (one host slot; the
// handlers enqueue the rest) against the level-synchronous loop a user
// writes without device-side enqueue (a batch per level, a wait, the next
// frontier read back). Both are checked against a CPU BFS every round.
// Graphs: Graph500's Kronecker (a small diameter) and a square grid (a
// long one: a host round trip per level is what the worklist saves).
//
//   vyre-bfs-bench [--kernels DIR] [--kernel NAME] [--scale S]
//                  [--grid SIDE] [--rounds R] [--json FILE]
//
//===----------------------------------------------------------------------===//

#include "../vyre-bench/BenchUtil.h"
#include "BfsDevice.h"

#include <fstream>

using namespace vyre::bench;
using namespace vyre::bfs;

namespace {

struct Options {
  std::string kernels = "build/bench/kernels", kernel = "bfs", json;
  uint32_t scale = 12, grid = 64, rounds = 5;
};

struct Result {
  std::string name;
  uint32_t vertices = 0, edges = 0, levels = 0;
  std::vector<double> worklist, perLevel; // ms per round
  Run last;                               // the last worklist round
};

/// One graph on a kernel of its own (its buffers are sized at load).
Result measure(vyre_runtime *rt, const Options &o, const std::string &name,
               const Csr &g) {
  vyre_kernel *k = nullptr;
  std::string base = o.kernels + "/" + o.kernel;
  check(vyre_kernel_load(rt, (base + ".spv").c_str(), (base + ".json").c_str(),
                         &k),
        "loading " + base);
  check(loadGraph(k, g), "loading the graph");
  check(vyre_kernel_launch(k), "launch");
  Result r;
  r.name = name;
  r.vertices = g.vertices();
  r.edges = uint32_t(g.edges.size());
  uint32_t root = busiestVertex(g);
  std::vector<uint32_t> want = cpuBfs(g, root);
  for (uint32_t v : want)
    if (v != kUnreached)
      r.levels = std::max(r.levels, v + 1);
  const uint32_t timeoutMs = 120000;
  for (uint32_t round = 0; round < o.rounds; ++round) {
    Run run;
    for (bool worklist : {round % 2 == 0, round % 2 != 0}) {
      check(worklist ? enqueueBfs(k, g, root, timeoutMs, run)
                     : levelSyncBfs(k, g, root, timeoutMs, run),
            name + (worklist ? ": worklist BFS" : ": per-level BFS"));
      if (run.levels != want)
        die(name + (worklist ? ": the worklist" : ": the per-level") +
            " BFS differs from the CPU's");
      (worklist ? r.worklist : r.perLevel).push_back(run.ms);
      if (worklist)
        r.last = run;
    }
  }
  uint32_t unfinished = 0;
  check(vyre_kernel_shutdown(k, timeoutMs, &unfinished), "shutdown");
  vyre_kernel_destroy(k);
  return r;
}

void report(const Result &r) {
  double w = percentile(r.worklist, 50), l = percentile(r.perLevel, 50);
  std::printf("%-14s %8u vertices %9u edges %5u levels | worklist %9.2f ms "
              "(%u tasks queued, %u refused, %u drains) | per level %9.2f "
              "ms | worklist %.2fx\n",
              r.name.c_str(), r.vertices, r.edges, r.levels, w, r.last.queued,
              r.last.refused, r.last.rounds, l, w > 0 ? l / w : 0.0);
}

} // namespace

int main(int argc, char **argv) {
  programName = "vyre-bfs-bench";
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--kernels") o.kernels = optionValue(argc, argv, i);
    else if (a == "--kernel") o.kernel = optionValue(argc, argv, i);
    else if (a == "--json") o.json = optionValue(argc, argv, i);
    else if (a == "--scale") o.scale = optionNumber(argc, argv, i);
    else if (a == "--grid") o.grid = optionNumber(argc, argv, i);
    else if (a == "--rounds") o.rounds = optionNumber(argc, argv, i);
    else
      die("unknown option " + a + "; see the comment at the top of "
          "bench/bfs/vyre-bfs-bench.cpp");
  }
  if (o.scale < 4 || o.scale > 22 || o.grid < 2 || o.grid > 4096 ||
      !o.rounds)
    die("--scale is 4 to 22, --grid 2 to 4096, --rounds at least 1");
  vyre_runtime *rt = nullptr;
  check(vyre_runtime_create(nullptr, 0, &rt), "runtime");
  std::vector<Result> results = {
      measure(rt, o, "kronecker-" + std::to_string(o.scale),
              kronecker(o.scale, 16, 1)),
      measure(rt, o, "grid-" + std::to_string(o.grid),
              grid(o.grid, o.grid))};
  for (const Result &r : results)
    report(r);
  if (!o.json.empty()) {
    std::ofstream out(o.json);
    out << "{\"rounds\": " << o.rounds;
    for (const Result &r : results)
      out << ",\n \"" << r.name << "\": {\"vertices\": " << r.vertices
          << ", \"edges\": " << r.edges << ", \"levels\": " << r.levels
          << ", \"worklist_ms\": " << jsonArray(r.worklist)
          << ", \"per_level_ms\": " << jsonArray(r.perLevel) << "}";
    out << "\n}\n";
  }
  vyre_runtime_destroy(rt);
  return 0;
}
