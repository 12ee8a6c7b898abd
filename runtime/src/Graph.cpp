//===- Graph.cpp - publishing task graphs, and their waits -------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// vyre_kernel_publish_graph (vyre/graph.h): the graph's records come from
// GraphCounters, its counters are zeroed, and its tasks go through the
// ordinary publish path in topological order, each dependent one with its
// record in the dependency plane before its line. The graph goes in whole
// or not at all: a task published without its predecessors would wait
// in the ring for slots that cannot come, holding ring room they need.
//
//===----------------------------------------------------------------------===//

#include "Error.h"
#include "HostMemory.h"
#include "Kernel.h"

#include <algorithm>
#include <array>
#include <map>

using namespace vyre;

vyre_status vyre_kernel::findBatch(const char *name,
                                   const std::vector<WorkItem> *&items) const {
  auto it = manifest.batches.find(name);
  REQUIRE(it != manifest.batches.end(), VYRE_ERROR_INVALID_ARGUMENT,
          "kernel " + manifest.kernel + " has no vyre.batch named \"" + name +
              "\"");
  items = &it->second;
  return ok();
}

vyre_status vyre_kernel::graphFits(const vyre_slot *slots, uint32_t count) {
  collectFinished(); // finished slots free their ring room first
  std::array<uint32_t, VYRE_PRIORITY_LEVELS> perQueue{};
  std::array<uint32_t, VYRE_MAX_TENANTS> perTenant{};
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t queue = 0;
    REQUIRE(sq.queueOf(slots[i].priority, queue), VYRE_ERROR_INVALID_ARGUMENT,
            "task " + std::to_string(i) + " has priority " +
                std::to_string(slots[i].priority) +
                ", which has no queue in this kernel (priorities 0-4; a "
                "sharded kernel's empty queues take none)");
    ++perQueue[queue];
    if (slots[i].tenant < VYRE_MAX_TENANTS)
      ++perTenant[slots[i].tenant];
  }
  for (uint32_t q = 0; q < VYRE_PRIORITY_LEVELS; ++q) {
    if (!perQueue[q])
      continue;
    uint32_t free = sq.freeAhead(q, perQueue[q], slotTable.busyTagsData());
    REQUIRE(free == perQueue[q], VYRE_ERROR_RING_FULL,
            "the graph has " + std::to_string(perQueue[q]) + " tasks for " +
                (manifest.sharded() ? "priority " + std::to_string(q) +
                                          "'s queue"
                                    : std::string("the ring")) +
                ", which has " + std::to_string(free) +
                " free slots in a row now; a graph goes in whole, so reap "
                "finished slots first (or give the kernel more slots); "
                "nothing was published");
  }
  for (uint32_t t = 0; t < VYRE_MAX_TENANTS; ++t) {
    uint32_t quota = tenantQuota[t].load(std::memory_order_relaxed);
    REQUIRE(!quota || !perTenant[t] || tenantLoad(t) + perTenant[t] <= quota,
            VYRE_ERROR_INVALID_ARGUMENT,
            "the graph has " + std::to_string(perTenant[t]) +
                " tasks of tenant " + std::to_string(t) + ", whose quota of " +
                std::to_string(quota) + " slots in flight has room for " +
                std::to_string(quota - std::min(quota, tenantLoad(t))) +
                " now; a graph goes in whole, so nothing was published");
  }
  return ok();
}

vyre_status vyre_kernel::waitForGraphRoom(const vyre_slot *slots,
                                          uint32_t count, uint32_t timeoutMs) {
  // Room frees as the running kernel finishes slots; nothing is reserved
  // meanwhile, so the graph still goes in whole or not at all.
  auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
  Backoff backoff = waitBackoff();
  for (;;) {
    vyre_status s = graphFits(slots, count);
    bool running = dispatch.state == State::Running || dispatch.serving;
    if (s != VYRE_ERROR_RING_FULL || !running || Clock::now() >= deadline)
      return s;
    if (dispatch.serving)
      if (vyre_status k = keepServing(Mirrors::Unread))
        return k;
    backoff.pause();
  }
}

vyre_status vyre_kernel::publishGraph(const vyre_slot *slots, uint32_t count,
                                      const vyre_edge *edges,
                                      uint32_t edgeCount, uint32_t timeoutMs,
                                      uint64_t *firstTicket) {
  REQUIRE(graphs.counters(), VYRE_ERROR_STATE,
          "kernel \"" + manifest.kernel +
              "\" has no dependency counters; compile it with "
              "dependency_counters = N on its vyre.megakernel to publish "
              "graphs");
  REQUIRE(!liveProducers, VYRE_ERROR_STATE,
          "kernel \"" + manifest.kernel +
              "\" has producers; a graph is published whole by the thread "
              "that owns the kernel while no producer could take its ring "
              "room (destroy the producers first)");
  if (vyre_status s = waitForGraphRoom(slots, count, timeoutMs))
    return s;
  std::vector<DepRecord> records;
  std::vector<uint32_t> fresh;
  std::string why;
  REQUIRE(graphs.compile(count, edges, edgeCount, records, fresh, why),
          VYRE_ERROR_INVALID_ARGUMENT, why + "; nothing was published");
  // Counters start at 0 for this graph; the publish's drain carries the
  // stores out before any tail that exposes a task naming them.
  for (uint32_t c : fresh)
    storeRelease(&control.words[vyre_dependency_counter_word(
                     manifest.observables, manifest.arms.size(), c)],
                 0u);
  std::vector<const DepRecord *> byTask(count, nullptr);
  for (uint32_t i = 0; i < count; ++i)
    if (!GraphCounters::isEmpty(records[i]))
      byTask[i] = &records[i];
  const uint64_t first = published.load();
  uint32_t wrote = 0;
  vyre_status s =
      publishFrom(own, slots, count, timeoutMs, &wrote, byTask.data());
  // graphFits left no reason to stop early; if something did, the tasks
  // not published give their counters back.
  for (uint32_t i = wrote; i < count; ++i)
    graphs.release(records[i]);
  if (firstTicket)
    *firstTicket = first;
  return s;
}

vyre_status vyre_kernel::dependencyWaits(vyre_dependency_wait *out,
                                         uint32_t capacity, uint32_t *count) {
  *count = 0;
  std::map<uint32_t, uint32_t> values; // a bus read per counter, not slot
  auto valueOf = [&](uint32_t c) {
    auto [it, added] = values.try_emplace(c, 0u);
    if (added)
      it->second = loadAcquire(&control.words[vyre_dependency_counter_word(
          manifest.observables, manifest.arms.size(), c)]);
    return it->second;
  };
  for (uint32_t s = 0; s < manifest.slots; ++s) {
    if (!graphs.isDependent(s) || slotTable.busy(s) != VYRE_BUSY_KERNEL ||
        completionOf(s) != 0)
      continue;
    const DepRecord &r = graphs.recordOf(s);
    uint32_t c = r[VYRE_DEP_WORD_WAIT];
    if (c >= graphs.counters())
      continue;
    uint32_t value = valueOf(c);
    uint32_t have = value & VYRE_DEP_COUNT_MASK;
    bool poisoned = value & VYRE_DEP_POISONED;
    if (have >= r[VYRE_DEP_WORD_TARGET] && !poisoned)
      continue; // ready: running, or about to
    if (*count < capacity) {
      vyre_dependency_wait &w = out[*count];
      w = vyre_dependency_wait{};
      w.ticket = slotTable.record(s).ticket;
      w.slot = s;
      w.counter = c;
      w.count = have;
      w.target = r[VYRE_DEP_WORD_TARGET];
      w.poisoned = poisoned;
    }
    ++*count;
  }
  return ok();
}
