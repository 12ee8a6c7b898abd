/*===- RingABI.h - The vyre ring ABI, single source of truth ------*- C -*-===//
 *
 * Part of the vyre project, under the Apache License v2.0 with LLVM
 * Exceptions. See LICENSE.TXT for license information.
 *
 *===----------------------------------------------------------------------===//
 *
 * Everything that the host and the device must agree on: the slot layout,
 * slot statuses, the control-buffer layout, descriptor bindings, built-in
 * opcodes and fault codes. The dialect, the lowering, the runtime, the Python
 * package and docs/abi.md all read these numbers from here; nothing may keep
 * a second copy.
 *
 * Plain C99 on purpose: the runtime must not depend on MLIR, and the Python
 * package parses the `#define VYRE_...` lines of this file (one constant per
 * line, `u`-suffixed integer literal) to generate its constants. Keep that
 * shape when adding a constant.
 *
 *===----------------------------------------------------------------------===*/

#ifndef VYRE_ABI_RINGABI_H
#define VYRE_ABI_RINGABI_H

#include <stddef.h>
#include <stdint.h>

/* Bump on any change that makes an old binary and a new host disagree. */
#define VYRE_ABI_VERSION 11u
/* Version of the profile file the runtime writes (vyre_kernel_save_profile)
 * and vyre-attach-profile reads; docs/runtime.md gives the format. */
#define VYRE_PROFILE_FORMAT 1u

/*--- Slot: 16 little-endian u32 words, one 64-byte cache line -------------*/
#define VYRE_SLOT_WORDS 16u
#define VYRE_SLOT_BYTES 64u
#define VYRE_SLOT_WORD_STATUS 0u
#define VYRE_SLOT_WORD_OPCODE 1u
#define VYRE_SLOT_WORD_TENANT 2u
#define VYRE_SLOT_WORD_PRIORITY 3u
#define VYRE_SLOT_WORD_ARG0 4u
#define VYRE_SLOT_ARG_COUNT 12u
#define VYRE_SLOT_WORD_FAULT_CODE 15u /* written by the device before FAULT */

/* The most slots a ring holds: a lane indexes ring words (slot x 16) with
 * 32-bit signed SPIR-V integers, and 64 Mi slots are a 4 GiB ring. */
#define VYRE_MAX_SLOTS 67108864u

/*--- Slot statuses (word 0) -----------------------------------------------
 * Legal transitions: host EMPTY->PUBLISHED (after words 1-15, release);
 * device PUBLISHED->CLAIMED (a plain store by the slot's one owner lane,
 * after an acquire fence; a CAS until 2026-12-03). A slot finishes in its
 * completion mirror (DONE or FAULT after a release fence, see the
 * completions buffer); since v6 the ring keeps CLAIMED, which no lane
 * claims, until the host rewrites the slot (an exchange and a second fence
 * per slot were on the path to the host; docs/abi.md). A FAULT's code is in
 * word 15 before its mirror.
 * WAIT_IO, YIELD and REQUEUE are reserved for GPU-initiated IO and the JIT
 * handover; ABI v1 kernels never produce them except REQUEUE (vyre-fuse). */
#define VYRE_STATUS_EMPTY 0u
#define VYRE_STATUS_PUBLISHED 1u
#define VYRE_STATUS_CLAIMED 2u
#define VYRE_STATUS_DONE 3u
#define VYRE_STATUS_WAIT_IO 4u
#define VYRE_STATUS_YIELD 5u
#define VYRE_STATUS_REQUEUE 6u
#define VYRE_STATUS_FAULT 7u
#define VYRE_STATUS_COUNT 8u
/* A slot published while a dispatch may run carries its submission queue's
 * lap parity (NVMe's phase tag) in the status word: PUBLISHED | LAP_EVEN or
 * PUBLISHED | LAP_ODD. The host writes the whole line, tag included, then
 * the queue's tail (VYRE_CTRL_SQ_TAIL); a lane claims a tagged slot only if
 * the tag is the one the tail implies for it, so a line still on its way
 * (or left from the lap before) never matches. Plain PUBLISHED is claimable
 * untagged: the host uses it while no dispatch runs, a lane to give a claim
 * back. VYRE_STATUS_MASK extracts the status of a tagged word. */
#define VYRE_STATUS_MASK 7u
#define VYRE_STATUS_LAP_EVEN 8u
#define VYRE_STATUS_LAP_ODD 16u
/* GPU-initiated IO (since v9, docs/abi.md "IO requests"). A handler's
 * vyre.io_read leaves its request in the IO queue when the handler yields;
 * the lane then stores WAIT_IO into the slot, which no lane claims, and goes
 * on. The host serves the request and publishes the slot again, untagged,
 * as PUBLISHED | RESUMED: the handler runs again from the start and its
 * vyre.io_read now reads true (the data is in the buffer). A request the
 * host could not serve comes back as PUBLISHED | IO_FAILED: the lane that
 * claims it faults it VYRE_FAULT_IO_ERROR without running the handler. */
#define VYRE_STATUS_RESUMED 32u
#define VYRE_STATUS_IO_FAILED 64u
/* Dependencies (since v10, docs/abi.md "Dependencies"): a slot published
 * with this flag beside its status (and lap tag) has a dependency record in
 * its kernel's dependency plane. A lane claims it only once the counter the
 * record waits on has reached its target; until then it skips the slot (no
 * lane spins on a dependency). Only kernels that declare counters
 * (`dependency_counters`) read the flag. */
#define VYRE_STATUS_DEPENDENT 128u

/*--- Priorities (word 3): 0 critical ... 4 idle ----------------------------*/
#define VYRE_PRIORITY_CRITICAL 0u
#define VYRE_PRIORITY_HIGH 1u
#define VYRE_PRIORITY_NORMAL 2u
#define VYRE_PRIORITY_LOW 3u
#define VYRE_PRIORITY_IDLE 4u
#define VYRE_PRIORITY_LEVELS 5u

/*--- Control buffer (u32 words) -------------------------------------------*/
#define VYRE_CTRL_SHUTDOWN 0u   /* non-zero: every lane returns */
#define VYRE_CTRL_DONE_COUNT 1u /* slots finished DONE (per pass) */
#define VYRE_CTRL_FAULT_COUNT 2u /* slots finished FAULT; fault-log cursor */
#define VYRE_CTRL_HEARTBEAT 3u  /* bumped by lanes while polling */
#define VYRE_CTRL_EPOCH 4u      /* bumped by BATCH_FENCE */
#define VYRE_CTRL_FAULT_LOG_CURSOR 5u /* next fault-log entry (mod 16) */
/* Changed by the host after every commit of published slots (a count of
 * commits, mod 2^32; with several producer threads the stores may land out
 * of order, and only "it changed" has a meaning). With DOORBELL_ON non-zero, a persistent workgroup scans
 * its share of the ring only in passes where this word moved (or the last
 * scan served a slot); an idle pass then costs one load instead of one per
 * slot. */
#define VYRE_CTRL_DOORBELL 6u
#define VYRE_CTRL_DOORBELL_ON 7u
/* Tenant masks and handler counters of dispatch arms 0-31 live here; a
 * megakernel with more arms keeps the rest in its wide-arm region, after the
 * observables (see vyre_tenant_mask_word and vyre_handler_counter_word). */
#define VYRE_CTRL_TENANT_TABLE 8u /* word 8+t: arms 0-31 tenant t may run */
#define VYRE_MAX_TENANTS 32u
#define VYRE_CTRL_HANDLER_COUNTERS 40u /* word 40+h: executions of arm h<32 */
#define VYRE_BASE_HANDLERS 32u /* arms whose mask bit and counter are above */
#define VYRE_MAX_HANDLERS 256u /* dispatch arms of one megakernel */
#define VYRE_MAX_TENANT_MASK_WORDS 8u /* VYRE_MAX_HANDLERS / 32 */
/* The submission queues' bounds: queue p (priority p) holds ring slots
 * [word 72+p, word 73+p), the last word the ring's end. Written by the host
 * before every dispatch; since v7 a kernel with priority partitions reads
 * them at its start, so the host sizes the queues (the manifest's
 * priority_offsets are only the default layout). */
#define VYRE_CTRL_PRIORITY_OFFSETS 72u /* 5 partition starts + sentinel */
#define VYRE_PRIORITY_OFFSET_WORDS 6u
/* Restricted passes so far, all workgroups together (kernel-written). */
#define VYRE_CTRL_STARVATION 78u
/* Non-zero: a workgroup leaves the loop at a pass boundary once one of its
 * lanes has counted this many loop back-edges (4 per slot scanned, 1 per
 * iteration of a handler's loops) and the host relaunches the dispatch. For devices that bound
 * a shader's loop iterations (lavapipe: 65535 per invocation, all loops
 * together; see docs/design.md). 0: no bound. */
#define VYRE_CTRL_LOOP_BUDGET 79u
/* The unit of that count: a device runs a SIMD chunk of up to this many
 * lanes together (llvmpipe on AVX-512), so a chunk spends at most this many
 * times its largest lane count. A lane also counts its share of the loops a
 * chunk enters with every lane masked off (each still costs the chunk one
 * back-edge): ceil(loops / VYRE_LOOP_BUDGET_LANES) per pass and per slot
 * scanned (docs/design.md, "Loop budget"). */
#define VYRE_LOOP_BUDGET_LANES 16u
/* Trip count of the canary loop run after every handler (host: 2 where the
 * device bounds loop iterations, else 0). If the device's bound cut the
 * handler short, the canary falls short too and the slot FAULTs with
 * VYRE_FAULT_ITERATION_LIMIT instead of ending DONE with a wrong result. */
#define VYRE_CTRL_CANARY_TRIPS 80u
/* A fused-batch kernel (vyre-fuse-batch) finds its items in ring slots
 * base, base+1, ... (mod slots), base written here by the host before the
 * dispatch. */
#define VYRE_CTRL_BATCH_BASE 81u
/* Submission queue tails, one per priority partition (the whole ring is
 * queue 0 in an unsharded kernel): slots published into queue q so far,
 * mod 2 x its capacity, stored by the host after the slots' lines. Slots
 * go into a queue in ring order from its first slot, wrapping. */
#define VYRE_CTRL_SQ_TAIL 82u
/* The IO queue's counters (kernels with vyre.io_read, since v9): requests
 * the lanes took (each takes one with a compare-and-swap, bounded by the
 * queue: a lane that finds it full or loses the race gives its slot back,
 * PUBLISHED, for a later pass; it never waits), and requests the host has
 * consumed, which only the host writes. Entry e of request r is r mod the
 * queue's entries. */
#define VYRE_CTRL_IO_TAKEN 87u
#define VYRE_CTRL_IO_FREED 88u
/* Changed by lanes whenever a dependent slot signals its counters (ABI
 * v10, kernels with dependency counters): the doorbell of the device's own
 * new work. A workgroup watches the sum of this word and VYRE_CTRL_DOORBELL
 * (each only ever moves forward, so their sum does too): a signal makes
 * idle workgroups scan again, and a once kernel run another pass. */
#define VYRE_CTRL_DEP_SIGNALS 89u
/* The device queue's words (ABI v11, kernels with `device_queue`; the
 * queue itself: "Device queue" below). Written only by lanes, but for the
 * host's reset at load and its accounting at a rebuild. */
#define VYRE_CTRL_DQ_CURSOR 90u  /* enqueues tried so far: a probe's start */
#define VYRE_CTRL_DQ_PENDING 91u /* lines taken and not yet finished */
#define VYRE_CTRL_DQ_DONE 92u    /* lines finished DONE */
#define VYRE_CTRL_DQ_FAULTS 93u  /* lines finished FAULT (fault log: below) */
#define VYRE_CTRL_DQ_FULL 94u    /* enqueues refused: no free line in the probe */
#define VYRE_CTRL_DQ_ENQUEUED 95u /* lines published so far */
#define VYRE_CTRL_FAULT_LOG 96u /* (slot index, fault code) pairs, a ring */
#define VYRE_FAULT_LOG_ENTRIES 16u
#define VYRE_FAULT_LOG_ENTRY_WORDS 2u
#define VYRE_CTRL_BUFFER_LENGTHS 128u /* word 128+n: elements in user buffer n */
/* Words 144-159 reserved. */
#define VYRE_CTRL_OBSERVABLES 160u /* control[160+i]: observable word i */
#define VYRE_DEFAULT_OBSERVABLES 256u
#define VYRE_MAX_OBSERVABLES 65536u

/*--- Descriptor bindings (descriptor set 0) --------------------------------
 * A `vyre.buffer ... binding(n)` is placed at VYRE_BINDING_USER_BASE + n.
 * The completions buffer is a plane of one byte per slot (since v8; a
 * 4-byte word before), the slot's final status: after the handler's writes
 * and a release fence, the lane that ran it stores DONE or FAULT (REQUEUE:
 * also in the ring) in completions[slot]. The host places it in cached
 * system memory and reaps from it, so finding finished slots costs no
 * reads over the bus; it clears the byte when it recycles the slot. One
 * byte, not four, because the plane crosses the bus once per slot: a
 * 1M-slot drain's 4-byte words alone took 81 us on the H200, bytes 25-36
 * us (docs/benchmarks.md, "The floors"). Kernels need 8-bit storage
 * (VK_KHR_8bit_storage) and shaderInt8. DONE_COUNT trails the mirrors by
 * at most a pass: each lane adds its pass's DONEs with one release atomic,
 * so a host that sees DONE_COUNT reach N sees N mirror bytes. */
#define VYRE_COMPLETION_BYTES 1u
/* IO requests (since v9) follow the completion plane in the same buffer, at
 * byte vyre_io_queue_offset(slots): the device writes them and the host
 * polls them in cached host memory, as it does the plane. An entry is 8
 * u32 words written byte by byte (the buffer is a byte array); byte 0 is
 * the ready mark, stored 1 after a release fence once the rest is in
 * place, and cleared by the host when it takes the entry. The host learns
 * of requests by polling the next entry's mark only: no scan, no bus read. */
#define VYRE_IO_ENTRY_WORDS 8u
#define VYRE_IO_ENTRY_BYTES 32u
#define VYRE_IO_WORD_READY 0u   /* byte 0: 1 = written, 0 = free */
#define VYRE_IO_WORD_SLOT 1u    /* the ring slot waiting for it */
#define VYRE_IO_WORD_SOURCE 2u  /* the host's source number */
#define VYRE_IO_WORD_BUFFER 3u  /* user buffer n (binding 4 + n) */
#define VYRE_IO_WORD_ELEMENT 4u /* first element written */
#define VYRE_IO_WORD_OFFSET_LO 5u /* byte offset into the source, low */
#define VYRE_IO_WORD_OFFSET_HI 6u /* ... and high word */
#define VYRE_IO_WORD_BYTES 7u   /* bytes to read (a multiple of 4) */
#define VYRE_DEFAULT_IO_ENTRIES 64u
#define VYRE_MAX_IO_ENTRIES 4096u
#define VYRE_DESCRIPTOR_SET 0u
#define VYRE_BINDING_RING 0u
#define VYRE_BINDING_CONTROL 1u
#define VYRE_BINDING_DEBUG 2u
#define VYRE_BINDING_COMPLETIONS 3u
#define VYRE_BINDING_USER_BASE 4u
#define VYRE_MAX_USER_BUFFERS 16u

/*--- Debug log (PRINTF) ----------------------------------------------------
 * word 0: records appended (including dropped ones); word 1: capacity in
 * records; records of 4 words (format id, a0, a1, a2) start at word 4.
 * Records past the capacity are dropped and counted, never wrapped, so a
 * decoder always returns the records that fit plus the number dropped. */
#define VYRE_DEBUG_WORD_APPENDED 0u
#define VYRE_DEBUG_WORD_CAPACITY 1u
#define VYRE_DEBUG_HEADER_WORDS 4u
#define VYRE_DEBUG_RECORD_WORDS 4u
#define VYRE_PRINTF_MAX_ARGS 3u
#define VYRE_DEFAULT_DEBUG_RECORDS 1024u
#define VYRE_MAX_DEBUG_RECORDS 1048576u

/*--- Built-in opcodes -------------------------------------------------------
 * Reserved for built-ins: 0-7, 0xFFF0-0xFFFF, and every opcode with the high
 * bit set. User handlers take any other value. */
#define VYRE_OP_NOP 0u
#define VYRE_OP_STORE_U32 1u    /* control[a1] = a0 */
#define VYRE_OP_ATOMIC_ADD 2u   /* control[a1] += a0 */
#define VYRE_OP_LOAD_U32 3u     /* control[160+a1] = control[a0] */
#define VYRE_OP_COMPARE_SWAP 4u /* CAS control[a0]: a1 -> a2; old to obs a3 */
#define VYRE_OP_MEMCPY 5u       /* a2 words from control[a0] to control[a1] */
#define VYRE_OP_DFA_STEP 6u     /* next = table[state*256 + byte] */
#define VYRE_OP_BATCH_FENCE 7u  /* EPOCH += 1, tag a1 to control[160] */
#define VYRE_OP_PRINTF 0xFFFEu  /* append (a0 fmt, a1, a2, a3) to debug log */
#define VYRE_OP_SHUTDOWN 0xFFFFFFFFu
#define VYRE_OP_PACKED_SLOT 0x80000001u
#define VYRE_OP_RESERVED_LOW_LAST 7u
#define VYRE_OP_RESERVED_HIGH_FIRST 0xFFF0u
#define VYRE_OP_RESERVED_HIGH_LAST 0xFFFFu
#define VYRE_OP_RESERVED_MASK 0x80000000u

/* PACKED_SLOT: a0 = inner op count (1..3); inner op i occupies words
 * a[1+3i .. 3+3i] = (opcode, x, y). Inner opcodes are limited to NOP,
 * STORE_U32, ATOMIC_ADD and LOAD_U32; hosts must reject anything else. */
#define VYRE_PACKED_MAX_OPS 3u
#define VYRE_PACKED_OP_WORDS 3u

/*--- Fault codes (fault log, and vyre.fault for user codes) ----------------*/
#define VYRE_FAULT_NONE 0u
#define VYRE_FAULT_UNKNOWN_OPCODE 1u
#define VYRE_FAULT_TENANT_OUT_OF_RANGE 2u
#define VYRE_FAULT_TENANT_DENIED 3u
#define VYRE_FAULT_OUT_OF_BOUNDS 4u
#define VYRE_FAULT_BAD_PACKED_SLOT 5u
#define VYRE_FAULT_QUOTA_EXCEEDED 6u
#define VYRE_FAULT_ITERATION_LIMIT 7u /* the device stopped a handler's loop */
#define VYRE_FAULT_IO_ERROR 8u /* the host could not serve the slot's IO request */
/* (host side) the device was lost while a lane held the slot CLAIMED: it
 * may have run in part, so vyre_kernel_rebuild completes it with this code
 * instead of running it again. */
#define VYRE_FAULT_DEVICE_LOST 9u
/* A dependency of the slot failed: the counter it waited on was poisoned by
 * a slot that faulted. The slot did not run; its own signals are poisoned
 * in turn, so its dependents end with this code too. */
#define VYRE_FAULT_DEPENDENCY_FAILED 10u
/* vyre.enqueue found no free line of the device queue within its bounded
 * probe: the follow-up task was not queued, and the enqueuing slot ends
 * FAULT with this code (never a wait, never a silent loss). */
#define VYRE_FAULT_QUEUE_FULL 11u
#define VYRE_FAULT_USER_BASE 256u /* vyre.fault codes start here */

#ifdef __cplusplus
extern "C" {
#endif

/* True for opcodes reserved for built-ins (no user handler may take one). */
static inline int vyre_is_reserved_opcode(uint32_t opcode) {
  return opcode <= VYRE_OP_RESERVED_LOW_LAST ||
         (opcode >= VYRE_OP_RESERVED_HIGH_FIRST &&
          opcode <= VYRE_OP_RESERVED_HIGH_LAST) ||
         (opcode & VYRE_OP_RESERVED_MASK) != 0u;
}

/* Built-in names as used by `vyre.builtin "name"` and the ABI manifest. */
typedef struct vyre_builtin_info {
  const char *name;
  uint32_t opcode;
} vyre_builtin_info;

/* The table of built-ins, in opcode order of their definitions above.
 * Returns the entry count through *count. */
static inline const vyre_builtin_info *vyre_builtins(size_t *count) {
  static const vyre_builtin_info table[] = {
      {"nop", VYRE_OP_NOP},
      {"store_u32", VYRE_OP_STORE_U32},
      {"atomic_add", VYRE_OP_ATOMIC_ADD},
      {"load_u32", VYRE_OP_LOAD_U32},
      {"compare_swap", VYRE_OP_COMPARE_SWAP},
      {"memcpy", VYRE_OP_MEMCPY},
      {"dfa_step", VYRE_OP_DFA_STEP},
      {"batch_fence", VYRE_OP_BATCH_FENCE},
      {"printf", VYRE_OP_PRINTF},
      {"shutdown", VYRE_OP_SHUTDOWN},
      {"packed_slot", VYRE_OP_PACKED_SLOT},
  };
  if (count)
    *count = sizeof(table) / sizeof(table[0]);
  return table;
}

/* Name of a built-in opcode, or NULL when `opcode` is not a built-in. */
static inline const char *vyre_builtin_name(uint32_t opcode) {
  size_t n = 0;
  const vyre_builtin_info *t = vyre_builtins(&n);
  for (size_t i = 0; i < n; ++i)
    if (t[i].opcode == opcode)
      return t[i].name;
  return NULL;
}

/* Human-readable name of a fault code (user codes read "user"). */
static inline const char *vyre_fault_name(uint32_t code) {
  switch (code) {
  case VYRE_FAULT_NONE: return "none";
  case VYRE_FAULT_UNKNOWN_OPCODE: return "unknown_opcode";
  case VYRE_FAULT_TENANT_OUT_OF_RANGE: return "tenant_out_of_range";
  case VYRE_FAULT_TENANT_DENIED: return "tenant_denied";
  case VYRE_FAULT_OUT_OF_BOUNDS: return "out_of_bounds";
  case VYRE_FAULT_BAD_PACKED_SLOT: return "bad_packed_slot";
  case VYRE_FAULT_QUOTA_EXCEEDED: return "quota_exceeded";
  case VYRE_FAULT_ITERATION_LIMIT: return "iteration_limit";
  case VYRE_FAULT_IO_ERROR: return "io_error";
  case VYRE_FAULT_DEVICE_LOST: return "device_lost";
  case VYRE_FAULT_DEPENDENCY_FAILED: return "dependency_failed";
  case VYRE_FAULT_QUEUE_FULL: return "queue_full";
  default: return code >= VYRE_FAULT_USER_BASE ? "user" : "reserved";
  }
}

/*--- Wide-arm region ----------------------------------------------------------
 * A megakernel of A dispatch arms has W = ceil(A / 32) mask words per tenant
 * (at least 1): bit h % 32 of word h / 32 lets the tenant run arm h. Word 0
 * of tenant t is control[8 + t] and the counter of arm h < 32 is
 * control[40 + h], as for every kernel. With A > 32 the rest follows the
 * observables, at R = 160 + observables:
 *   control[R + t * (W - 1) + (w - 1)]      mask word w >= 1 of tenant t
 *   control[R + 32 * (W - 1) + (h - 32)]    counter of arm h >= 32
 * so kernels of up to 32 arms keep the fixed layout above unchanged. */

/* Mask words per tenant for a megakernel of `arms` dispatch arms. */
static inline uint32_t vyre_tenant_mask_words(uint32_t arms) {
  return arms <= VYRE_BASE_HANDLERS ? 1u : (arms + 31u) / 32u;
}

/* Words of the wide-arm region (0 for kernels of up to 32 arms). */
static inline uint32_t vyre_wide_arm_words(uint32_t arms) {
  if (arms <= VYRE_BASE_HANDLERS)
    return 0u;
  return VYRE_MAX_TENANTS * (vyre_tenant_mask_words(arms) - 1u) +
         (arms - VYRE_BASE_HANDLERS);
}

/* Control word holding mask word `w` of tenant `tenant`. */
static inline uint32_t vyre_tenant_mask_word(uint32_t observables,
                                             uint32_t arms, uint32_t tenant,
                                             uint32_t w) {
  if (w == 0u)
    return VYRE_CTRL_TENANT_TABLE + tenant;
  return VYRE_CTRL_OBSERVABLES + observables +
         tenant * (vyre_tenant_mask_words(arms) - 1u) + (w - 1u);
}

/* Control word counting the executions of dispatch arm `arm`. */
static inline uint32_t vyre_handler_counter_word(uint32_t observables,
                                                 uint32_t arms, uint32_t arm) {
  if (arm < VYRE_BASE_HANDLERS)
    return VYRE_CTRL_HANDLER_COUNTERS + arm;
  return VYRE_CTRL_OBSERVABLES + observables +
         VYRE_MAX_TENANTS * (vyre_tenant_mask_words(arms) - 1u) +
         (arm - VYRE_BASE_HANDLERS);
}

/* True if a handler may write control word `word` through a dynamic index
 * (STORE_U32, ATOMIC_ADD, COMPARE_SWAP, MEMCPY, or vyre.store/atomic_* on
 * `control[%i]`): only the observables are writable that way. Everything
 * below them (the tenant table, the doorbell, counters, the fault log) and
 * the wide-arm region after them belong to the runtime and the ABI, so a
 * slot cannot widen its own tenant mask or forge a counter; such a write
 * does nothing and the slot FAULTs with VYRE_FAULT_OUT_OF_BOUNDS. */
static inline int vyre_control_word_writable(uint32_t observables,
                                             uint32_t word) {
  return word >= VYRE_CTRL_OBSERVABLES &&
         word - VYRE_CTRL_OBSERVABLES < observables;
}

/* Byte offset of the IO queue in the completions buffer of a `slots`-slot
 * ring: after the plane, on a 64-byte line of its own. */
static inline uint32_t vyre_io_queue_offset(uint32_t slots) {
  return (slots + 63u) & ~63u;
}

/* Bytes of the completions buffer: the plane, then `io_entries` requests. */
static inline uint64_t vyre_completions_bytes(uint32_t slots,
                                              uint32_t io_entries) {
  return io_entries ? (uint64_t)vyre_io_queue_offset(slots) +
                          (uint64_t)io_entries * VYRE_IO_ENTRY_BYTES
                    : (uint64_t)slots * VYRE_COMPLETION_BYTES;
}

/*--- The module hash: a manifest bound to its binary ----------------------
 * vyre-translate --vyre-to-manifest writes "module_hash": sixteen hex
 * digits of FNV-1a (64-bit) over the SPIR-V binary's bytes, then over the
 * manifest's own text without its "module_hash" line (keys are sorted, so
 * that line sits between "mode" and "observables"). The runtime hashes the
 * .spv it loads and the .json as read, less that line, and refuses a
 * mismatch: a manifest edited by hand, or paired with another build's
 * binary, described sizes and bindings the binary does not have (a hang,
 * a write past the control buffer; issue 23). The key is ManifestKeys.h's
 * key::document::ModuleHash. */

/* FNV-1a's 64-bit offset basis: the hash of no bytes. */
static inline uint64_t vyre_fnv1a64_seed(void) {
  return 14695981039346656037ull;
}

/* FNV-1a (64-bit) of `n` bytes at `data`, continuing from `hash`. */
static inline uint64_t vyre_fnv1a64(uint64_t hash, const void *data,
                                    size_t n) {
  const unsigned char *p = (const unsigned char *)data;
  for (size_t i = 0; i < n; ++i)
    hash = (hash ^ p[i]) * 1099511628211ull;
  return hash;
}

/* Number of u32 words in the control buffer of a megakernel with
 * `observables` observables and `arms` dispatch arms, before its dependency
 * counters (vyre_dependency_counter_word). */
static inline uint32_t vyre_control_words(uint32_t observables,
                                          uint32_t arms) {
  return VYRE_CTRL_OBSERVABLES + observables + vyre_wide_arm_words(arms);
}

/*--- Dependencies (since v10) ---------------------------------------------
 * A kernel that declares C dependency counters keeps them in its control
 * buffer (device memory: lanes poll them) after everything above, and a
 * dependency plane of VYRE_DEP_RECORD_WORDS words per ring slot after the
 * ring's lines, in the ring buffer. The record of slot s is read only when
 * s's status carries VYRE_STATUS_DEPENDENT. A counter holds a count of the
 * slots that signalled it (bits 0-30) and VYRE_DEP_POISONED once one of
 * them faulted; the host sets it to 0 before a graph uses it and only
 * lanes change it while the graph runs. A lane:
 *   - claims a DEPENDENT slot only when the counter it waits on is
 *     poisoned or its count has reached the target (skipped otherwise);
 *   - faults it VYRE_FAULT_DEPENDENCY_FAILED without running it if the
 *     counter is poisoned, and VYRE_FAULT_OUT_OF_BOUNDS if a counter
 *     number of the record is past the kernel's counters;
 *   - when the slot ends, before its completion byte: adds 1 to each
 *     signalled counter (DONE, after a release fence) or sets its
 *     VYRE_DEP_POISONED bit (FAULT), then changes VYRE_CTRL_DOORBELL so
 *     that idle workgroups scan again. */
#define VYRE_DEP_RECORD_WORDS 8u
#define VYRE_DEP_WORD_WAIT 0u    /* the counter waited on, or VYRE_DEP_NONE */
#define VYRE_DEP_WORD_TARGET 1u  /* ready once its count >= this */
#define VYRE_DEP_WORD_SIGNAL0 2u /* counters signalled at the end ... */
#define VYRE_DEP_MAX_SIGNALS 6u  /* ... words 2-7, unused ones VYRE_DEP_NONE */
#define VYRE_DEP_NONE 0xFFFFFFFFu
#define VYRE_DEP_POISONED 0x80000000u
#define VYRE_DEP_COUNT_MASK 0x7FFFFFFFu
#define VYRE_MAX_DEP_COUNTERS 65536u

/* Control word of dependency counter `counter`. */
static inline uint32_t vyre_dependency_counter_word(uint32_t observables,
                                                    uint32_t arms,
                                                    uint32_t counter) {
  return vyre_control_words(observables, arms) + counter;
}

/* Ring word of the first word of slot `slot`'s dependency record. */
static inline uint64_t vyre_dependency_record_word(uint32_t slots,
                                                   uint32_t slot) {
  return (uint64_t)slots * VYRE_SLOT_WORDS +
         (uint64_t)slot * VYRE_DEP_RECORD_WORDS;
}

/*--- Device queue (since v11) ---------------------------------------------
 * A kernel that declares `device_queue = N` (persistent mode) has N lines
 * of VYRE_SLOT_WORDS words after the ring's lines and dependency plane, in
 * the ring buffer (device memory). Only lanes fill and serve them: a
 * handler's vyre.enqueue
 *   - adds 1 to VYRE_CTRL_DQ_CURSOR and, from line cursor mod N, tries at
 *     most VYRE_DQ_PROBE lines, taking the first EMPTY one with a
 *     compare-and-swap EMPTY -> CLAIMED; none free: DQ_FULL += 1 and the
 *     enqueuing slot ends FAULT VYRE_FAULT_QUEUE_FULL;
 *   - adds 1 to DQ_PENDING, writes the line (opcode, the enqueuing slot's
 *     tenant, priority 0, its arguments, unused ones 0), then after a
 *     release fence stores PUBLISHED, adds 1 to DQ_ENQUEUED and moves
 *     VYRE_CTRL_DEP_SIGNALS, the device's doorbell.
 * Line l is served by the lane the ring's slot l mod lanes would have
 * (strided), in every pass that scans, with a host slot's checks (tenant,
 * tenant mask, opcode, bounds, canary). It has no completion byte and no
 * ticket: its end is DQ_DONE += 1, or DQ_FAULTS += 1 with a fault-log
 * entry naming slot `slots + l`; then, after a release fence, its status
 * goes EMPTY and DQ_PENDING -= 1 (after the increments of the lines it
 * enqueued itself, so a host that sees every host slot finished and
 * DQ_PENDING at 0 has seen the whole cascade end). A rebuild keeps
 * PUBLISHED lines and ends CLAIMED ones as faults (device_lost). */
#define VYRE_DQ_PROBE 4u
#define VYRE_MAX_DEVICE_QUEUE 1048576u

/* Ring word of the first word of device-queue line `line`. */
static inline uint64_t vyre_device_queue_word(uint32_t slots,
                                              uint32_t counters,
                                              uint32_t line) {
  return (uint64_t)slots *
             (VYRE_SLOT_WORDS + (counters ? VYRE_DEP_RECORD_WORDS : 0u)) +
         (uint64_t)line * VYRE_SLOT_WORDS;
}

/* Words of the ring buffer: the lines, then the dependency plane of a
 * kernel with counters, then the device queue's lines. */
static inline uint64_t vyre_ring_words(uint32_t slots, uint32_t counters,
                                       uint32_t device_queue) {
  return vyre_device_queue_word(slots, counters, device_queue);
}

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* VYRE_ABI_RINGABI_H */
