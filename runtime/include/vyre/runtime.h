/*===- runtime.h - the vyre runtime's C API -----------------------*- C -*-===//
 *
 * Part of the vyre project, under the Apache License v2.0 with LLVM
 * Exceptions. See LICENSE.TXT for license information.
 *
 *===----------------------------------------------------------------------===//
 *
 * libvyre_runtime runs a compiled megakernel (kernel.spv + ABI manifest) on a
 * Vulkan device: one dispatch, then the host only writes slots into the ring
 * and watches counters. Depends on Vulkan and the C++ standard library only.
 *
 * Every function returns a vyre_status; on failure vyre_last_error() holds a
 * message (per thread) saying what went wrong and how to fix it.
 *
 * Threads: one thread owns a runtime and its kernels, and makes every call
 * on them, except that
 *   - producers (vyre_producer_*) publish and reap from threads of their
 *     own, one thread at a time per producer, beside the owner's calls
 *     (its vyre_kernel_publish, reap and wait included);
 *   - a kernel whose handlers use vyre.io_read runs a service thread, and
 *     IO read callbacks run there or inside the owner's calls;
 *   - vyre_last_error() is per thread: the message of this thread's last
 *     failed call.
 * Anything else at once on one kernel (two threads in vyre_kernel_publish,
 * a destroy beside a publish) is a misuse the runtime does not detect.
 * ThreadingTest and ProducerTest exercise the rules; scripts/tsan.sh runs
 * them under ThreadSanitizer.
 *
 * Life of a kernel:
 *   vyre_runtime_create -> vyre_kernel_load -> (write user buffers, tenant
 *   table) -> vyre_kernel_launch -> vyre_kernel_publish ... vyre_kernel_wait
 *   / vyre_kernel_reap ... -> vyre_kernel_shutdown -> vyre_kernel_destroy.
 * A `once` kernel serves what was published before its launch and returns;
 * vyre_kernel_wait_idle waits for that, and it can be launched again.
 *
 *===----------------------------------------------------------------------===*/

#ifndef VYRE_RUNTIME_H
#define VYRE_RUNTIME_H

#include "vyre/ABI/RingABI.h"

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum vyre_status {
  VYRE_OK = 0,
  VYRE_ERROR_INVALID_ARGUMENT = 1, /* a bad argument from the caller */
  VYRE_ERROR_NO_DEVICE = 2,        /* no Vulkan device (or none matches VYRE_DEVICE) */
  VYRE_ERROR_VULKAN = 3,           /* a Vulkan call failed */
  VYRE_ERROR_BAD_MODULE = 4,       /* unreadable SPIR-V or invalid manifest */
  VYRE_ERROR_TIMEOUT = 5,          /* the wait ran out of time */
  VYRE_ERROR_RING_FULL = 6,        /* publish: no free slot before the timeout */
  VYRE_ERROR_HUNG = 7,             /* watchdog: the heartbeat stopped */
  VYRE_ERROR_DEVICE_LOST = 8,      /* VK_ERROR_DEVICE_LOST; see vyre_kernel_rebuild */
  VYRE_ERROR_STATE = 9,            /* call not valid in the kernel's state */
  VYRE_ERROR_KERNEL_EXITED = 10    /* a persistent kernel returned before SHUTDOWN */
} vyre_status;

typedef struct vyre_runtime vyre_runtime;
typedef struct vyre_kernel vyre_kernel;

/* One task: written to slot words 1-15 by vyre_kernel_publish. */
typedef struct vyre_slot {
  uint32_t opcode;
  uint32_t tenant;
  uint32_t priority;
  uint32_t args[VYRE_SLOT_ARG_COUNT];
} vyre_slot;

/* A finished slot, returned by vyre_kernel_reap. */
typedef struct vyre_completion {
  uint64_t ticket;     /* publish order, from 0 */
  uint32_t slot;       /* ring index it ran in */
  uint32_t opcode;
  uint32_t tenant;
  uint32_t status;     /* VYRE_STATUS_DONE or VYRE_STATUS_FAULT */
  uint32_t fault_code; /* VYRE_FAULT_* or a user code; 0 when DONE */
} vyre_completion;

/* A PRINTF record from the debug log. */
typedef struct vyre_debug_record {
  uint32_t format;
  uint32_t args[VYRE_PRINTF_MAX_ARGS];
} vyre_debug_record;

/* A fault-log entry (the most recent VYRE_FAULT_LOG_ENTRIES faults). */
typedef struct vyre_fault {
  uint32_t slot;
  uint32_t code;
} vyre_fault;

/* Message of the last failed call on this thread ("" if none). */
const char *vyre_last_error(void);
/* Name of a status ("ok", "timeout", ...). */
const char *vyre_status_name(vyre_status status);

/*--- Runtime: instance + device ---------------------------------------*/

/* Opens the device: `device` is an index or a name substring; NULL means
 * $VYRE_DEVICE, else the first discrete/integrated GPU, else lavapipe.
 * `validation` != 0 enables VK_LAYER_KHRONOS_validation (also
 * $VYRE_VALIDATION=1); its messages are counted. */
vyre_status vyre_runtime_create(const char *device, int validation,
                                vyre_runtime **out);
void vyre_runtime_destroy(vyre_runtime *runtime);
const char *vyre_runtime_device_name(const vyre_runtime *runtime);
/* 1 for a CPU device (lavapipe), 0 for a GPU. */
int vyre_runtime_is_cpu(const vyre_runtime *runtime);
/* Validation-layer errors reported so far (0 when validation is off). */
uint32_t vyre_runtime_validation_errors(const vyre_runtime *runtime);
/* Lists devices, one "index: name (type)" per line, into buf. */
vyre_status vyre_runtime_list_devices(char *buf, uint32_t size);

/* Fault injection, for tests and the soak (docs/reliability.md): makes the
 * runtime's own Vulkan calls fail on command, on any device. */
typedef enum vyre_injected_fault {
  VYRE_INJECT_NONE = 0,
  /* The device is lost: from the armed call on, every submit and fence
   * check of every kernel on the runtime reports VYRE_ERROR_DEVICE_LOST, as
   * a real loss does, until vyre_kernel_rebuild creates the device again.
   * The dispatch that was running is stopped by the rebuild. */
  VYRE_INJECT_DEVICE_LOST = 1,
  /* A buffer allocation fails (VK_ERROR_OUT_OF_DEVICE_MEMORY), once. */
  VYRE_INJECT_ALLOCATION = 2
} vyre_injected_fault;
/* Arms `fault` to fire at the call of its kind (submits and fence checks;
 * allocations) after `after_calls` more of them: 0 fires at the next one.
 * VYRE_INJECT_NONE disarms; a fault armed replaces the one before. */
vyre_status vyre_runtime_inject_fault(vyre_runtime *runtime,
                                      vyre_injected_fault fault,
                                      uint32_t after_calls);

/*--- Kernel: module + buffers + the single dispatch ---------------------*/

vyre_status vyre_kernel_load(vyre_runtime *runtime, const char *spv_path,
                             const char *manifest_path, vyre_kernel **out);
void vyre_kernel_destroy(vyre_kernel *kernel);

/* What the manifest says about the kernel. */
typedef struct vyre_kernel_info {
  const char *name;
  int persistent; /* 1: persistent mode, 0: once */
  uint32_t slots, workgroups, workgroup_size;
  uint32_t observables, control_words, debug_records;
  uint32_t arms, user_buffers;
  uint32_t tenant_mask_words; /* words of one tenant's mask: ceil(arms/32), >= 1 */
  /* Ring slots of priority p: [priority_offsets[p], priority_offsets[p+1])
   * (vyre-shard); without partitions every priority has [0, slots). */
  uint32_t priority_offsets[VYRE_PRIORITY_OFFSET_WORDS];
  int sharded; /* 1: the ring has priority partitions */
  /* Restricted passes (critical and high partitions only) a workgroup runs
   * in a row at most; 0 without a shard. Control word
   * VYRE_CTRL_STARVATION counts them. */
  uint32_t starvation_bound;
} vyre_kernel_info;
vyre_status vyre_kernel_get_info(const vyre_kernel *kernel,
                                 vyre_kernel_info *out);
/* Opcode served by the handler or built-in named `name` ("count",
 * "atomic_add", "__vyre_atomic_add"). */
vyre_status vyre_kernel_opcode(const vyre_kernel *kernel, const char *name,
                               uint32_t *opcode);
/* Name of the handler serving `opcode`, or NULL. */
const char *vyre_kernel_handler_name(const vyre_kernel *kernel,
                                     uint32_t opcode);
/* Name, element count (0 = not sized yet) and element type ("i32"/"f32")
 * of user buffer `index` (0 .. info.user_buffers-1). */
vyre_status vyre_kernel_buffer_info(const vyre_kernel *kernel, uint32_t index,
                                    const char **name, uint32_t *elements,
                                    const char **element_type);
/* The slots of static batch `name` (a vyre.batch); *count gets the size
 * even when capacity is smaller. */
vyre_status vyre_kernel_batch(const vyre_kernel *kernel, const char *name,
                              vyre_slot *out, uint32_t capacity,
                              uint32_t *count);

/* Host-side batch pruning, with the rules of vyre-prune-redundancy
 * (docs/passes.md): drops NOPs, STORE_U32/LOAD_U32 slots that rewrite the
 * value their destination already holds, and those whose destination a
 * later slot overwrites before anything reads it, analysing only built-ins
 * that would run (tenant masks as they are now) and cannot fault. Compacts
 * `slots` in place, keeping publish order; *kept gets the number left.
 * `verdicts` may be NULL, else it gets one vyre_prune_verdict per input
 * slot. Pruned slots never run: they are not published, get no ticket and
 * are not counted by DONE_COUNT or the handler counters. */
typedef enum vyre_prune_verdict {
  VYRE_PRUNE_KEPT = 0,
  VYRE_PRUNE_NO_EFFECT = 1,
  VYRE_PRUNE_DUPLICATE = 2,
  VYRE_PRUNE_OVERWRITTEN = 3
} vyre_prune_verdict;
vyre_status vyre_kernel_prune_batch(const vyre_kernel *kernel,
                                    vyre_slot *slots, uint32_t count,
                                    uint32_t *kept, uint8_t *verdicts);

/* Length (elements) of a dynamic-size user buffer; before launch. */
vyre_status vyre_kernel_set_buffer_length(vyre_kernel *kernel,
                                          const char *buffer,
                                          uint32_t elements);
/* Copies elements (4 bytes each) into / out of a user buffer. */
vyre_status vyre_kernel_write_buffer(vyre_kernel *kernel, const char *buffer,
                                     uint32_t first, const void *data,
                                     uint32_t count);
vyre_status vyre_kernel_read_buffer(vyre_kernel *kernel, const char *buffer,
                                    uint32_t first, void *data,
                                    uint32_t count);
/* Tenant table entry: the dispatch arms 0-31 tenant `tenant` may run (bit h
 * allows arm h). */
vyre_status vyre_kernel_set_tenant_mask(vyre_kernel *kernel, uint32_t tenant,
                                        uint32_t mask);
/* The same for kernels of more than 32 arms: words[w] holds arms 32w to
 * 32w+31; `count` may be 1 to ceil(arms / 32), later words are kept. */
vyre_status vyre_kernel_set_tenant_mask_words(vyre_kernel *kernel,
                                              uint32_t tenant,
                                              const uint32_t *words,
                                              uint32_t count);
/* Sizes the submission queues of a kernel with priority partitions
 * (vyre-shard; vyre_kernel_info's `sharded`), as an NVMe host sizes its
 * queues: priority p (VYRE_PRIORITY_CRITICAL 0 ... VYRE_PRIORITY_IDLE 4)
 * gets capacities[p] ring slots, laid out in priority order, and the five
 * must add up to the ring's slots. A queue of 0 slots refuses its
 * priority's slots at publish. The layout compiled in (vyre-shard's
 * priority weights) is the default; vyre_kernel_info reports the current
 * one. Only while no dispatch runs, no slot is in the ring and no producer
 * exists: before launch, or after a shutdown whose completions were all
 * reaped; the queues then start empty. */
vyre_status vyre_kernel_set_queue_capacities(
    vyre_kernel *kernel, const uint32_t capacities[VYRE_PRIORITY_LEVELS]);
/* Per-tenant quota: at most `max_in_flight` slots of `tenant` in the ring
 * at once (0, the default: no limit). A slot published while its tenant is
 * at the quota does not enter the ring: it completes at once as FAULT with
 * VYRE_FAULT_QUOTA_EXCEEDED (reaped with the others, counted by waits). */
vyre_status vyre_kernel_set_tenant_quota(vyre_kernel *kernel, uint32_t tenant,
                                         uint32_t max_in_flight);
/* How the host waits (in vyre_kernel_wait, wait_idle, a publish into a
 * full ring, a fused batch's free slots). VYRE_WAIT_BACKOFF, the default,
 * spins for about 2000 polls, then yields, then sleeps 20 us between polls
 * on a GPU (on a CPU device it yields at once and sleeps sooner, since the
 * device's workers share the host's cores): a thread that waits for long
 * gives its core back. VYRE_WAIT_SPIN never sleeps, for the lowest latency
 * when the caller owns a core; on a CPU device it yields instead of
 * spinning, or the device would not run. */
typedef enum vyre_wait_mode {
  VYRE_WAIT_BACKOFF = 0,
  VYRE_WAIT_SPIN = 1,
} vyre_wait_mode;
vyre_status vyre_kernel_set_wait_mode(vyre_kernel *kernel,
                                      vyre_wait_mode mode);
/* Heartbeat watchdog: report VYRE_ERROR_HUNG when a running kernel's
 * heartbeat has not moved for this long (default 5000 ms; 0 disables). */
vyre_status vyre_kernel_set_watchdog(vyre_kernel *kernel, uint32_t ms);
/* Workgroups to dispatch (default: the manifest's, capped for persistent
 * kernels on CPU devices to what runs concurrently). */
vyre_status vyre_kernel_set_dispatch_workgroups(vyre_kernel *kernel,
                                                uint32_t workgroups);
uint32_t vyre_kernel_dispatch_workgroups(const vyre_kernel *kernel);
/* Loop back-edges a lane of a persistent kernel may take per dispatch (4 per
 * slot scanned, 1 per iteration of a handler's loops) before its workgroup
 * returns at a pass boundary; the runtime relaunches it until shutdown.
 * 0: unbounded (the default on GPUs). On CPU devices the default (2047)
 * keeps lavapipe's bound of 65535 loop iterations per SIMD chunk from
 * stopping the interpreter mid-slot (docs/design.md). $VYRE_LOOP_BUDGET
 * overrides. */
vyre_status vyre_kernel_set_loop_budget(vyre_kernel *kernel,
                                        uint32_t back_edges);
/* Times a persistent dispatch returned by its loop budget and was resent. */
uint32_t vyre_kernel_relaunches(const vyre_kernel *kernel);

/* Submits the one dispatch. */
vyre_status vyre_kernel_launch(vyre_kernel *kernel);
/* Waits until the dispatch has returned (once mode, or after shutdown). */
vyre_status vyre_kernel_wait_idle(vyre_kernel *kernel, uint32_t timeout_ms);

/* Publishes `count` slots, waiting up to timeout_ms for free ring slots
 * (backpressure). A full ring with no dispatch running (a once kernel
 * before launch) fails with RING_FULL at once: nothing could drain it.
 * *published says how many went in, also on failure. */
vyre_status vyre_kernel_publish(vyre_kernel *kernel, const vyre_slot *slots,
                                uint32_t count, uint32_t timeout_ms,
                                uint32_t *published);
/* Waits until DONE_COUNT + FAULT_COUNT >= target (slots finished since
 * load), with the watchdog. */
vyre_status vyre_kernel_wait(vyre_kernel *kernel, uint64_t target,
                             uint32_t timeout_ms);
/* Collects finished slots (ticket order not guaranteed) and frees them. */
vyre_status vyre_kernel_reap(vyre_kernel *kernel, vyre_completion *out,
                             uint32_t capacity, uint32_t *count);
uint64_t vyre_kernel_published(const vyre_kernel *kernel);

/*--- Producers: publishing from several host threads at once -------------*/

/* A producer is one host thread's publisher on a kernel: threads with a
 * producer each publish and reap without a lock between them or with the
 * kernel's own calls. A publish reserves a run of free positions in a
 * submission queue with one atomic compare-and-swap, writes the lines, and
 * commits them in reservation order (a thread that reserved later waits
 * the few nanoseconds until the earlier lines are written). A producer
 * reaps only the slots it published, so P threads are P pipelines.
 *
 * Rules: one thread at a time per producer. vyre_producer_create and
 * destroy, and the kernel's other calls, from the thread that owns the
 * kernel; vyre_kernel_publish, reap and wait may run beside producers.
 * A kernel with JIT variants (vyre_kernel_add_variant) has no producers.
 * After a device loss a producer's calls return VYRE_ERROR_DEVICE_LOST;
 * once the owner's vyre_kernel_rebuild has returned, each producer reaps
 * and publishes on, its slots kept (rebuild refuses with VYRE_ERROR_STATE
 * while a producer's call is running). A tenant's quota
 * counts every producer's slots, as of their last reaps. While producers
 * publish into a persistent kernel whose dispatch spends its loop budget
 * (CPU devices), any of them relaunches it. */
typedef struct vyre_producer vyre_producer;
#define VYRE_MAX_PRODUCERS 64u
vyre_status vyre_producer_create(vyre_kernel *kernel, vyre_producer **out);
/* VYRE_ERROR_STATE, and nothing is destroyed, while slots it published are
 * not reaped yet: their completions would be lost. vyre_kernel_destroy
 * destroys the kernel's producers with it. */
vyre_status vyre_producer_destroy(vyre_producer *producer);
/* As vyre_kernel_publish, from this producer's thread. */
vyre_status vyre_producer_publish(vyre_producer *producer,
                                  const vyre_slot *slots, uint32_t count,
                                  uint32_t timeout_ms, uint32_t *published);
/* Collects finished slots this producer published (and the quota faults
 * of its publishes) into `out`, and frees them. */
vyre_status vyre_producer_reap(vyre_producer *producer, vyre_completion *out,
                               uint32_t capacity, uint32_t *count);
/* Slots this producer published and has not reaped. */
uint32_t vyre_producer_in_flight(const vyre_producer *producer);

/* Measuring (bench/load): VYRE_RUNTIME_HAS_DISPATCH_TIME says both exist. */
#define VYRE_RUNTIME_HAS_DISPATCH_TIME 1
/* Device time of the last dispatch that returned, in microseconds, from
 * Vulkan timestamps written before and after it. VYRE_ERROR_STATE while a
 * dispatch runs, or where the queue has no timestamps. */
vyre_status vyre_kernel_dispatch_time(vyre_kernel *kernel, double *device_us);
/* The ring status (VYRE_STATUS_*) of the busy slot holding `ticket`, read
 * from its completion mirror once it finished (DONE or FAULT), else from
 * the ring itself, so PUBLISHED and CLAIMED show too. On a discrete GPU
 * the ring read is an uncached read over the bus (about 1 us): for
 * tracing, not for polling. */
vyre_status vyre_kernel_slot_status(vyre_kernel *kernel, uint64_t ticket,
                                    uint32_t *status);

/* Reads control words (counters, tenant table, observables, ...). */
vyre_status vyre_kernel_read_control(vyre_kernel *kernel, uint32_t first,
                                     uint32_t *out, uint32_t count);
/* Writes one observable word (release store), e.g. a flag handlers poll:
 * control words 160 .. 160 + observables - 1. Every other word belongs to
 * the runtime (SHUTDOWN, counters, tenant masks, queue bounds and tails,
 * the loop budget, the canary, the IO queue, the fault log) and is refused;
 * use the dedicated calls. */
vyre_status vyre_kernel_write_control(vyre_kernel *kernel, uint32_t word,
                                      uint32_t value);
vyre_status vyre_kernel_read_observables(vyre_kernel *kernel, uint32_t first,
                                         uint32_t *out, uint32_t count);
/* Execution counts of dispatch arms 0 .. count-1 (count <= info.arms), in
 * arm order: the per-handler metrics a JIT profile is made of. Lanes add
 * them once per pass; on a running kernel this first waits (up to 2 s)
 * until they cover every slot the kernel's own publish has collected
 * (slots of vyre_producer handles: as of the lanes' last pass). */
vyre_status vyre_kernel_read_handler_counters(vyre_kernel *kernel,
                                              uint32_t *out, uint32_t count);
/* Writes the kernel's profile to `path` as JSON: every dispatch arm with
 * its handler name, opcodes and execution count as the counters read now
 * (format VYRE_PROFILE_FORMAT, docs/runtime.md). vyre-opt reads it with
 * --vyre-attach-profile=file=PATH or the pipeline option profile=PATH. */
vyre_status vyre_kernel_save_profile(vyre_kernel *kernel, const char *path);
/*--- JIT variants: other binaries for the same buffers -----------------*/

/* Loads another compilation of the same persistent kernel (a JIT-fused one
 * from vyre-to-spirv-jit, or the interpreter recompiled) to run on this
 * kernel's ring, control and user buffers. Its manifest must have the same
 * mode, slots, observables, arms, partitions and bindings; otherwise
 * VYRE_ERROR_BAD_MODULE says what differs. *index gets its number: 0 is the
 * kernel loaded by vyre_kernel_load (the generic interpreter), variants
 * count from 1. Nothing runs until vyre_kernel_swap. */
vyre_status vyre_kernel_add_variant(vyre_kernel *kernel, const char *spv_path,
                                    const char *manifest_path,
                                    uint32_t *index);
/* Makes variant `index` the running kernel, losing no slot (the hand-over
 * protocol, docs/runtime.md "JIT variants"): SHUTDOWN stops the lanes at
 * their next pass, each finishing the slot it holds; once the dispatch has
 * returned no slot is CLAIMED, and the new binary is dispatched on the
 * same ring, where it serves every slot still PUBLISHED. Not running: the
 * variant is the one the next launch starts. A fused variant marks the
 * slots it has no arm for REQUEUE; the runtime hands them to variant 0
 * (the generic interpreter) and swaps back, when `threshold` slots wait,
 * when the oldest has waited `max_wait_us`, or when nothing else is left
 * (see vyre_kernel_set_requeue_policy). Requeued slots complete like any
 * other: reaped once, with their ticket, counted by DONE_COUNT. */
vyre_status vyre_kernel_swap(vyre_kernel *kernel, uint32_t index,
                             uint32_t timeout_ms);
/* Runs a fused batch (a variant compiled with vyre-to-spirv-batch, added
 * with vyre_kernel_add_variant; `index` is its number): writes its batch's
 * items, from its manifest and in order, to consecutive free ring slots
 * (waiting up to timeout_ms for them), then has one lane run the batch's
 * straight-line code once, with no claim and no dispatch switch. A running
 * persistent kernel is stopped for it and resumed afterwards, losing no
 * slot (the hand-over of vyre_kernel_swap); a once kernel must not be
 * running. Items complete like published slots: each gets a ticket (the
 * first in *first_ticket, the rest follow in batch order), is reaped once
 * and counted by DONE_COUNT or FAULT_COUNT. Items the batch kernel
 * requeues (handlers with unbounded loops, or every item if the tenant
 * table no longer matches the one it was compiled for) go to the generic
 * interpreter: a once kernel runs them before this call returns; a
 * persistent kernel serves them once it runs. */
vyre_status vyre_kernel_run_batch(vyre_kernel *kernel, uint32_t index,
                                  uint32_t timeout_ms, uint64_t *first_ticket);
/* When requeued slots go to the generic interpreter: once `threshold`
 * (>= 1; default slots/4) wait, or the oldest has waited `max_wait_us`
 * (0: no age limit; default 2000), or no other slot is in flight. */
vyre_status vyre_kernel_set_requeue_policy(vyre_kernel *kernel,
                                           uint32_t threshold,
                                           uint32_t max_wait_us);
typedef struct vyre_jit_stats {
  uint32_t variants;   /* variants added (not counting the kernel itself) */
  uint32_t active;     /* the variant running or launched next */
  uint64_t requeued;   /* slots a fused variant marked REQUEUE */
  uint64_t handovers;  /* times requeued slots went to the generic kernel */
  uint64_t swaps;      /* dispatches replaced by another variant's */
} vyre_jit_stats;
vyre_status vyre_kernel_jit_stats(const vyre_kernel *kernel,
                                  vyre_jit_stats *out);

/* The fault log, oldest first, at most VYRE_FAULT_LOG_ENTRIES. */
vyre_status vyre_kernel_read_fault_log(vyre_kernel *kernel, vyre_fault *out,
                                       uint32_t capacity, uint32_t *count);
/* PRINTF records that fit, and how many were dropped on overflow. */
vyre_status vyre_kernel_read_debug_log(vyre_kernel *kernel,
                                       vyre_debug_record *out,
                                       uint32_t capacity, uint32_t *count,
                                       uint32_t *dropped);

/*--- GPU-initiated IO (kernels whose handlers use vyre.io_read) ------------
 * A handler's request names a source number; the host registers what each
 * number reads from. A service thread, started at the kernel's first
 * launch, takes requests from the IO queue while the kernel runs, writes
 * the bytes into the named user buffer and publishes the slot again, which
 * then runs resumed. A request it cannot serve (no such source, a range
 * past the source's end, a read error, a callback's non-zero return) ends
 * the slot FAULT VYRE_FAULT_IO_ERROR, and vyre_kernel_read_io_errors says
 * why. Sources may be added while the kernel runs; a number is taken once.
 * docs/runtime.md, "GPU-initiated IO". */

/* Reads `bytes` bytes at byte `offset` of the source into `destination`;
 * returns 0, or a non-zero code (an errno value, say) reported in the
 * request's error. Runs on the service thread, or on a thread inside one of
 * the kernel's calls that serves queued requests while it waits (reap,
 * wait, publish); never two at once for one kernel. */
typedef int32_t (*vyre_io_read_fn)(void *user, uint64_t offset,
                                   void *destination, uint32_t bytes);
/* A file, read with pread (it stays open until the kernel is destroyed). */
vyre_status vyre_kernel_add_io_file(vyre_kernel *kernel, uint32_t source,
                                    const char *path);
/* A file read with direct IO (O_DIRECT): each request reads the aligned
 * 4 KiB blocks that hold its bytes into a bounce buffer, bypassing the page
 * cache. For data read once or larger than the host's memory; small hot
 * rows are faster through vyre_kernel_add_io_file (docs/benchmarks.md,
 * "GPU-initiated IO"). A file system without direct IO is refused. */
vyre_status vyre_kernel_add_io_file_direct(vyre_kernel *kernel,
                                           uint32_t source, const char *path);
/* `bytes` bytes of host memory at `data`, which must outlive the kernel. */
vyre_status vyre_kernel_add_io_memory(vyre_kernel *kernel, uint32_t source,
                                      const void *data, uint64_t bytes);
vyre_status vyre_kernel_add_io_callback(vyre_kernel *kernel, uint32_t source,
                                        vyre_io_read_fn read, void *user);

/* A request the host could not serve: its slot ended FAULT io_error. */
typedef struct vyre_io_error {
  uint64_t ticket;  /* the slot's ticket */
  uint32_t slot;
  uint32_t source;
  uint32_t buffer;  /* user buffer n (binding 4 + n) */
  uint32_t element; /* first element it was to write */
  uint64_t offset;  /* byte offset into the source */
  uint32_t bytes;
  int32_t code;     /* errno or the callback's code; 0 if neither */
  char message[160];
} vyre_io_error;
/* The failed requests since the last call, oldest first (the last 256 are
 * kept; older ones count in vyre_io_stats.errors only). */
vyre_status vyre_kernel_read_io_errors(vyre_kernel *kernel, vyre_io_error *out,
                                       uint32_t capacity, uint32_t *count);

typedef struct vyre_io_stats {
  uint64_t requests; /* served or failed */
  uint64_t bytes;    /* written into buffers */
  uint64_t errors;
  double service_us_mean; /* request taken to slot published again */
  double service_us_max;
} vyre_io_stats;
vyre_status vyre_kernel_io_stats(const vyre_kernel *kernel,
                                 vyre_io_stats *out);

/* Persistent kernels: waits (up to timeout_ms) for every published slot to
 * finish, sets SHUTDOWN and waits for the dispatch to return. Slots that
 * never ran are counted in *unfinished (0 on a clean shutdown). */
vyre_status vyre_kernel_shutdown(vyre_kernel *kernel, uint32_t timeout_ms,
                                 uint32_t *unfinished);

/* After VYRE_ERROR_DEVICE_LOST: creates the device again under every kernel
 * of the runtime (they share it) and loses nothing. Each kernel's dispatch
 * is stopped, then every busy slot is read once: one that finished is
 * reaped as usual; one no lane held (published, waiting for IO, requeued)
 * is published again at its ring position with its ticket and runs after
 * the rebuild; one a lane held (CLAIMED, so it may have run in part)
 * completes FAULT VYRE_FAULT_DEVICE_LOST. The control words (observables,
 * tenant masks, counts, handler counters), the debug log and the user
 * buffers are copied into the new buffers as the device left them (a
 * finished slot's writes are in them). A persistent kernel that was
 * serving is launched again. Producers keep theirs: each slot completes
 * to the producer that published it. Call it when no producer's call is
 * running on another thread (VYRE_ERROR_STATE otherwise). On
 * failure (HUNG: a dispatch did not stop; an allocation) the kernels keep
 * their state on the host, reads and writes of it work, and rebuild may be
 * called again. A kernel's reap also returns what it collected when it
 * reports the loss. docs/reliability.md, "Device loss". */
vyre_status vyre_kernel_rebuild(vyre_kernel *kernel);

/* Encodes a PACKED_SLOT; rejects what the device would refuse (0 or more
 * than VYRE_PACKED_MAX_OPS inner ops, inner opcodes other than NOP,
 * STORE_U32, ATOMIC_ADD, LOAD_U32). */
vyre_status vyre_encode_packed(const uint32_t *ops, uint32_t count,
                               vyre_slot *out);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* VYRE_RUNTIME_H */
