//===- GraphApi.cpp - the C API of task graphs ------------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// vyre/graph.h: argument checks, then Graph.cpp.
//
//===----------------------------------------------------------------------===//

#include "Error.h"
#include "Kernel.h"

using namespace vyre;

extern "C" vyre_status vyre_kernel_publish_graph(
    vyre_kernel *k, const vyre_slot *slots, uint32_t count,
    const vyre_edge *edges, uint32_t edgeCount, uint32_t timeoutMs,
    uint64_t *firstTicket) {
  REQUIRE(k && (slots || !count) && (edges || !edgeCount),
          VYRE_ERROR_INVALID_ARGUMENT,
          "vyre_kernel_publish_graph: kernel, slots or edges is NULL");
  REQUIRE(k->dispatch.state != vyre_kernel::State::Lost, VYRE_ERROR_DEVICE_LOST,
          "the device was lost; call vyre_kernel_rebuild");
  return k->publishGraph(slots, count, edges, edgeCount, timeoutMs,
                         firstTicket);
}

extern "C" vyre_status vyre_kernel_dependency_waits(vyre_kernel *k,
                                                    vyre_dependency_wait *out,
                                                    uint32_t capacity,
                                                    uint32_t *count) {
  REQUIRE(k && count && (out || !capacity), VYRE_ERROR_INVALID_ARGUMENT,
          "vyre_kernel_dependency_waits: kernel, out or count is NULL");
  *count = 0;
  REQUIRE(k->dispatch.state != vyre_kernel::State::Lost, VYRE_ERROR_DEVICE_LOST,
          "the device was lost; call vyre_kernel_rebuild");
  return k->dependencyWaits(out, capacity, count);
}

extern "C" vyre_status vyre_kernel_batch_edges(const vyre_kernel *k,
                                               const char *name,
                                               vyre_edge *out,
                                               uint32_t capacity,
                                               uint32_t *count) {
  REQUIRE(k && name && count && (out || !capacity),
          VYRE_ERROR_INVALID_ARGUMENT, "kernel, name, out or count is NULL");
  const std::vector<WorkItem> *items = nullptr;
  if (vyre_status s = k->findBatch(name, items))
    return s;
  uint32_t n = 0;
  for (uint32_t to = 0; to < items->size(); ++to)
    for (uint32_t from : (*items)[to].after) {
      if (n < capacity)
        out[n] = vyre_edge{from, to};
      ++n;
    }
  *count = n;
  return ok();
}

extern "C" uint32_t vyre_kernel_dependency_counters(const vyre_kernel *k,
                                                    uint32_t *freeNow) {
  if (freeNow)
    *freeNow = k ? k->graphs.freeNow() : 0;
  return k ? k->graphs.counters() : 0;
}
