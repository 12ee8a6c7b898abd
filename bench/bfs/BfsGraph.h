//===- BfsGraph.h - graphs for the BFS example, and the CPU's BFS -*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Undirected graphs in CSR form for examples/bfs.mlir: Graph500's
// Kronecker generator (R-MAT with A, B, C = 0.57, 0.19, 0.19: a few hubs, a
// small diameter; the benchmark's standard synthetic input, since this
// machine cannot fetch a real one) and a 2D grid (a road-like graph: degree
// 4, a diameter of w + h); and the reference: a queue-based BFS on the CPU.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_BENCH_BFS_BFSGRAPH_H
#define VYRE_BENCH_BFS_BFSGRAPH_H

#include <algorithm>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace vyre::bfs {

inline constexpr uint32_t kUnreached = 0xFFFFFFFFu;

struct Csr {
  std::vector<uint32_t> offsets; ///< vertices + 1 entries
  std::vector<uint32_t> edges;   ///< neighbours, each edge both ways
  uint32_t vertices() const { return uint32_t(offsets.size() - 1); }
};

/// CSR of `pairs` (made symmetric; self loops and duplicates dropped).
inline Csr fromPairs(uint32_t vertices,
                     std::vector<std::pair<uint32_t, uint32_t>> pairs) {
  size_t n = pairs.size();
  for (size_t i = 0; i < n; ++i)
    pairs.emplace_back(pairs[i].second, pairs[i].first);
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  Csr g;
  g.offsets.assign(vertices + 1, 0);
  for (auto [from, to] : pairs)
    if (from != to) {
      ++g.offsets[from + 1];
      g.edges.push_back(to);
    }
  for (uint32_t v = 0; v < vertices; ++v)
    g.offsets[v + 1] += g.offsets[v];
  return g;
}

/// Graph500's Kronecker graph: 2^scale vertices, edgeFactor x 2^scale
/// edges before symmetry, vertex numbers permuted.
inline Csr kronecker(uint32_t scale, uint32_t edgeFactor, uint32_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0, 1);
  const uint32_t n = 1u << scale;
  std::vector<uint32_t> perm(n);
  for (uint32_t i = 0; i < n; ++i)
    perm[i] = i;
  std::shuffle(perm.begin(), perm.end(), rng);
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  pairs.reserve(size_t(n) * edgeFactor);
  for (uint64_t e = 0; e < uint64_t(n) * edgeFactor; ++e) {
    uint32_t from = 0, to = 0;
    for (uint32_t bit = 0; bit < scale; ++bit) {
      double r = unit(rng);
      bool down = r > 0.57 + 0.19, right = (r > 0.57 && r <= 0.76) || r > 0.95;
      from |= uint32_t(down) << bit;
      to |= uint32_t(right) << bit;
    }
    pairs.emplace_back(perm[from], perm[to]);
  }
  return fromPairs(n, std::move(pairs));
}

/// A w x h grid, each vertex joined to its right and lower neighbour.
inline Csr grid(uint32_t w, uint32_t h) {
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  for (uint32_t y = 0; y < h; ++y)
    for (uint32_t x = 0; x < w; ++x) {
      uint32_t v = y * w + x;
      if (x + 1 < w)
        pairs.emplace_back(v, v + 1);
      if (y + 1 < h)
        pairs.emplace_back(v, v + w);
    }
  return fromPairs(w * h, std::move(pairs));
}

/// Distances from `root` (kUnreached where there is no path).
inline std::vector<uint32_t> cpuBfs(const Csr &g, uint32_t root) {
  std::vector<uint32_t> level(g.vertices(), kUnreached), queue = {root};
  level[root] = 0;
  for (size_t head = 0; head < queue.size(); ++head) {
    uint32_t v = queue[head];
    for (uint32_t e = g.offsets[v]; e < g.offsets[v + 1]; ++e)
      if (level[g.edges[e]] == kUnreached) {
        level[g.edges[e]] = level[v] + 1;
        queue.push_back(g.edges[e]);
      }
  }
  return level;
}

/// A vertex with the most neighbours: a root that reaches the graph's
/// giant component.
inline uint32_t busiestVertex(const Csr &g) {
  uint32_t best = 0;
  for (uint32_t v = 1; v < g.vertices(); ++v)
    if (g.offsets[v + 1] - g.offsets[v] > g.offsets[best + 1] - g.offsets[best])
      best = v;
  return best;
}

} // namespace vyre::bfs

#endif // VYRE_BENCH_BFS_BFSGRAPH_H
