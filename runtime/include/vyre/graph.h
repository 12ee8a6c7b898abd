/*===- vyre/graph.h - dependent tasks: graphs of slots ------------*- C -*-===//
 *
 * Part of the vyre project, under the Apache License v2.0 with LLVM
 * Exceptions. See LICENSE.TXT for license information.
 *
 *===----------------------------------------------------------------------===//
 *
 * Slots that wait for other slots (ABI v10, docs/runtime.md "Task
 * graphs"). A kernel compiled with `dependency_counters = N` on its
 * vyre.megakernel runs a published graph so that a task starts only after
 * every task with an edge to it has finished DONE; a task whose
 * predecessor FAULTed does not run and completes FAULT dependency_failed,
 * and so do its own dependents. No lane waits for a dependency: a task
 * that is not ready is skipped and found again after a signal.
 *
 *===----------------------------------------------------------------------===*/

#ifndef VYRE_GRAPH_H
#define VYRE_GRAPH_H

#include "vyre/runtime.h"

#ifdef __cplusplus
extern "C" {
#endif

/* An edge: task `to` runs after task `from` (indices into the graph's
 * slots). Every edge goes from an earlier task to a later one (from < to):
 * the slots are in topological order, so a graph has no cycles. */
typedef struct vyre_edge {
  uint32_t from;
  uint32_t to;
} vyre_edge;

/* Publishes `count` slots as one graph with `edge_count` edges, whole or
 * not at all: it waits up to timeout_ms for the running kernel to free
 * room for every task in the queues, then fails with RING_FULL (or, for a
 * tenant's quota, INVALID_ARGUMENT) and publishes nothing, so that no
 * task waits in the ring for a predecessor that did not fit. Counters
 * come from the kernel's dependency_counters, one per distinct set of
 * predecessors (tasks after the same tasks share one), and return when the
 * last task naming them finishes. A task signals one counter per distinct
 * set among its successors, at most 6; join wider fan-outs through a NOP
 * task. Called
 * on the thread that owns the kernel while it has no producers. The tasks
 * get tickets *first_ticket ... *first_ticket + count - 1, in order. */
vyre_status vyre_kernel_publish_graph(vyre_kernel *kernel,
                                      const vyre_slot *slots, uint32_t count,
                                      const vyre_edge *edges,
                                      uint32_t edge_count,
                                      uint32_t timeout_ms,
                                      uint64_t *first_ticket);

/* The edges of static batch `name` (its work items' `after` lists), in
 * item order; *count gets how many there are even when capacity is
 * smaller. A batch with edges is published with
 * vyre_kernel_publish_graph (its slots from vyre_kernel_batch). */
vyre_status vyre_kernel_batch_edges(const vyre_kernel *kernel,
                                    const char *name, vyre_edge *out,
                                    uint32_t capacity, uint32_t *count);

/* A published task that has not run yet because of its dependency. */
typedef struct vyre_dependency_wait {
  uint64_t ticket;  /* the task's ticket */
  uint32_t slot;    /* its ring slot */
  uint32_t counter; /* the counter it waits on */
  uint32_t count;   /* that counter's count now */
  uint32_t target;  /* the count it waits for */
  uint32_t poisoned; /* 1: a predecessor faulted (it will fault too) */
  uint32_t reserved;
} vyre_dependency_wait;

/* The watchdog's view of a stuck graph: every task of the kernel's own
 * publisher still waiting on a counter, in ring order, up to `capacity`
 * (*count says how many there are in all). Reads the counters from the
 * device (a bus read each on a GPU): for reports, not for a hot loop. */
vyre_status vyre_kernel_dependency_waits(vyre_kernel *kernel,
                                         vyre_dependency_wait *out,
                                         uint32_t capacity, uint32_t *count);

/* Dependency counters the kernel declares, and how many are free now. */
uint32_t vyre_kernel_dependency_counters(const vyre_kernel *kernel,
                                         uint32_t *free_now);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* VYRE_GRAPH_H */
