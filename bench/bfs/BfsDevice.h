//===- BfsDevice.h - BFS on examples/bfs.mlir, two ways ----------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// The host's side of examples/bfs.mlir through the C API:
//   - enqueueBfs: one slot, VISIT(root, 0); the GPU makes the rest of the
//     work itself (vyre.enqueue) and the host waits for the device queue to
//     drain. If some enqueue found the queue full (its slot faulted
//     queue_full), a sweep publishes VISIT(v, level) for every reached
//     vertex and drains again, until a round refuses nothing: the levels
//     are then the BFS distances.
//   - levelSyncBfs: the baseline a user writes without device-side enqueue:
//     one batch per level (EXPAND of each frontier vertex), a wait, the
//     next frontier read back, repeated: a host round trip per level.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_BENCH_BFS_BFSDEVICE_H
#define VYRE_BENCH_BFS_BFSDEVICE_H

#include "BfsGraph.h"
#include "vyre/device_queue.h"
#include "vyre/runtime.h"

#include <chrono>
#include <string>
#include <vector>

namespace vyre::bfs {

inline constexpr uint32_t kVisit = 16, kExpand = 17;

/// What one BFS run did.
struct Run {
  std::vector<uint32_t> levels;
  double ms = 0;
  uint32_t rounds = 0;    ///< drains (enqueue) or levels (level-synchronous)
  uint32_t hostSlots = 0; ///< slots the host published
  uint32_t queued = 0;    ///< tasks the GPU enqueued
  uint32_t refused = 0;   ///< enqueues refused (queue full)
  uint32_t faults = 0;    ///< host slots and queued tasks that faulted
};

/// Sizes and fills the kernel's graph buffers; before the launch.
inline vyre_status loadGraph(vyre_kernel *k, const Csr &g) {
  uint32_t n = g.vertices(), m = uint32_t(g.edges.size());
  for (auto [name, size] : {std::pair{"offsets", n + 1}, {"edges", m},
                            {"levels", n}, {"frontier", n}})
    if (vyre_status s = vyre_kernel_set_buffer_length(k, name, size ? size : 1))
      return s;
  if (vyre_status s = vyre_kernel_write_buffer(k, "offsets", 0,
                                               g.offsets.data(), n + 1))
    return s;
  return m ? vyre_kernel_write_buffer(k, "edges", 0, g.edges.data(), m)
           : VYRE_OK;
}

namespace detail {

inline vyre_status publishAll(vyre_kernel *k, std::vector<vyre_slot> &slots,
                              uint32_t timeoutMs) {
  for (size_t at = 0; at < slots.size();) {
    uint32_t n = 0;
    if (vyre_status s =
            vyre_kernel_publish(k, slots.data() + at,
                                uint32_t(slots.size() - at), timeoutMs, &n))
      return s;
    at += n;
  }
  return VYRE_OK;
}

inline vyre_slot task(uint32_t opcode, uint32_t v, uint32_t level) {
  vyre_slot s{};
  s.opcode = opcode;
  s.priority = VYRE_PRIORITY_NORMAL;
  s.args[0] = v;
  s.args[1] = level;
  return s;
}

/// Reaps every finished host slot; counts the faulted ones.
inline vyre_status reapCounting(vyre_kernel *k, uint32_t &faults) {
  std::vector<vyre_completion> done(4096);
  uint32_t n = 0;
  do {
    if (vyre_status s =
            vyre_kernel_reap(k, done.data(), uint32_t(done.size()), &n))
      return s;
    for (uint32_t i = 0; i < n; ++i)
      faults += done[i].status == VYRE_STATUS_FAULT;
  } while (n == done.size());
  return VYRE_OK;
}

/// The frame both runs share: `out` cleared and the levels reset to the
/// root's, `body` timed, then the host's slots reaped (their faults
/// counted) and the levels read back.
template <class Body>
vyre_status timedRun(vyre_kernel *k, const Csr &g, uint32_t root, Run &out,
                     Body body) {
  using Clock = std::chrono::steady_clock;
  out = Run{};
  uint32_t n = g.vertices();
  out.levels.assign(n, kUnreached);
  out.levels[root] = 0;
  if (vyre_status s = vyre_kernel_write_buffer(k, "levels", 0,
                                               out.levels.data(), n))
    return s;
  auto start = Clock::now();
  if (vyre_status s = body())
    return s;
  out.ms = std::chrono::duration<double, std::milli>(Clock::now() - start)
               .count();
  if (vyre_status s = reapCounting(k, out.faults))
    return s;
  return vyre_kernel_read_buffer(k, "levels", 0, out.levels.data(), n);
}

} // namespace detail

/// Device-side enqueue: see the file comment. The kernel runs.
inline vyre_status enqueueBfs(vyre_kernel *k, const Csr &g, uint32_t root,
                              uint32_t timeoutMs, Run &out) {
  vyre_device_queue_info before{}, info{};
  if (vyre_status s = vyre_kernel_device_queue(k, &before))
    return s;
  return detail::timedRun(k, g, root, out, [&]() -> vyre_status {
    std::vector<vyre_slot> slots = {detail::task(kVisit, root, 0)};
    uint32_t refused = before.full;
    for (;;) {
      if (vyre_status s = detail::publishAll(k, slots, timeoutMs))
        return s;
      out.hostSlots += uint32_t(slots.size());
      ++out.rounds;
      if (vyre_status s = vyre_kernel_wait_device_queue(k, timeoutMs))
        return s;
      if (vyre_status s = vyre_kernel_device_queue(k, &info))
        return s;
      if (info.full == refused)
        break;
      // Some lowered level was never expanded: expand every reached vertex.
      refused = info.full;
      if (vyre_status s = vyre_kernel_read_buffer(k, "levels", 0,
                                                  out.levels.data(),
                                                  g.vertices()))
        return s;
      slots.clear();
      for (uint32_t v = 0; v < g.vertices(); ++v)
        if (out.levels[v] != kUnreached)
          slots.push_back(detail::task(kVisit, v, out.levels[v]));
    }
    out.queued = info.enqueued - before.enqueued;
    out.refused = info.full - before.full;
    out.faults = info.faults - before.faults;
    return VYRE_OK;
  });
}

/// Level-synchronous baseline: see the file comment. The kernel runs.
inline vyre_status levelSyncBfs(vyre_kernel *k, const Csr &g, uint32_t root,
                                uint32_t timeoutMs, Run &out) {
  // Observable 0 counts the vertices appended to @frontier.
  if (vyre_status s = vyre_kernel_write_control(k, VYRE_CTRL_OBSERVABLES, 0))
    return s;
  return detail::timedRun(k, g, root, out, [&]() -> vyre_status {
    std::vector<uint32_t> frontier = {root};
    uint32_t appended = 0;
    std::vector<vyre_slot> slots;
    for (uint32_t level = 0; !frontier.empty(); ++level) {
      slots.clear();
      for (uint32_t v : frontier)
        slots.push_back(detail::task(kExpand, v, level));
      if (vyre_status s = detail::publishAll(k, slots, timeoutMs))
        return s;
      out.hostSlots += uint32_t(slots.size());
      ++out.rounds;
      if (vyre_status s =
              vyre_kernel_wait(k, vyre_kernel_published(k), timeoutMs))
        return s;
      uint32_t total = 0;
      if (vyre_status s = vyre_kernel_read_observables(k, 0, &total, 1))
        return s;
      frontier.resize(total - appended);
      if (!frontier.empty())
        if (vyre_status s = vyre_kernel_read_buffer(
                k, "frontier", appended, frontier.data(), total - appended))
          return s;
      appended = total;
    }
    return VYRE_OK;
  });
}

} // namespace vyre::bfs

#endif // VYRE_BENCH_BFS_BFSDEVICE_H
