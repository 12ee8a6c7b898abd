/*===- vyre/device_queue.h - tasks the device enqueues ------------*- C -*-===//
 *
 * Part of the vyre project, under the Apache License v2.0 with LLVM
 * Exceptions. See LICENSE.TXT for license information.
 *
 *===----------------------------------------------------------------------===//
 *
 * Device-side enqueue (ABI v11, docs/runtime.md "The device queue"). A
 * persistent kernel compiled with `device_queue = N` on its
 * vyre.megakernel has N lines that its handlers fill with `vyre.enqueue`
 * and its lanes serve, with a host slot's checks. Those tasks have no
 * tickets and no completion entries: the host sees them as counts, and
 * waits for the queue to drain. A handler that finds the queue full ends
 * FAULT queue_full (its task is not queued), so a cascade that outgrows
 * the queue is visible, never silently cut short.
 *
 *===----------------------------------------------------------------------===*/

#ifndef VYRE_DEVICE_QUEUE_H
#define VYRE_DEVICE_QUEUE_H

#include "vyre/runtime.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The device queue's counts, read from the kernel's control words (each
 * mod 2^32, since the kernel was loaded). enqueued = done + faults +
 * pending at every moment. */
typedef struct vyre_device_queue_info {
  uint32_t lines;    /* the queue's lines (the kernel's device_queue) */
  uint32_t enqueued; /* tasks vyre.enqueue queued so far */
  uint32_t done;     /* of them finished DONE */
  uint32_t faults;   /* of them finished FAULT; the fault log names the task
                        of line l as slot `slots + l` */
  uint32_t pending;  /* queued and not finished yet */
  uint32_t full;     /* enqueues refused for want of a free line: each one's
                        slot (or queued task) ended FAULT queue_full */
} vyre_device_queue_info;

/* Fills *info. INVALID_ARGUMENT for a kernel without a device queue. */
vyre_status vyre_kernel_device_queue(vyre_kernel *kernel,
                                     vyre_device_queue_info *info);

/* Waits until every slot the host published has finished and no task of
 * the device queue is pending: the whole cascade has ended. Tasks enqueue
 * before their own end, so nothing can be pending unseen once this
 * returns OK. TIMEOUT after timeout_ms (saying how many are pending);
 * HUNG if the heartbeat stops (the watchdog); STATE if the kernel is not
 * running while work is left. */
vyre_status vyre_kernel_wait_device_queue(vyre_kernel *kernel,
                                          uint32_t timeout_ms);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* VYRE_DEVICE_QUEUE_H */
