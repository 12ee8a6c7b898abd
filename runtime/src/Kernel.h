//===- Kernel.h - a loaded megakernel and its buffers ------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_RUNTIME_KERNEL_H
#define VYRE_RUNTIME_KERNEL_H

#include "Buffers.h"
#include "Device.h"
#include "Dispatch.h"
#include "Executable.h"
#include "GraphCounters.h"
#include "HandOver.h"
#include "HostMemory.h"
#include "IoService.h"
#include "Manifest.h"
#include "Producer.h"
#include "Rescue.h"
#include "SlotTable.h"
#include "SubmissionQueues.h"
#include "vyre/device_queue.h"

#include <array>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace vyre {

struct UserBuffer {
  BindingInfo info;
  uint32_t length = 0; ///< elements (static size, or set by the host)
  MappedBuffer mapped;
  /// Device memory (DEVICE_LOCAL|HOST_VISIBLE, where the device has it)
  /// for a buffer the manifest puts there: the GPU does not re-read host
  /// memory while a persistent kernel runs (docs/runtime.md).
  Placement placement() const {
    return info.deviceMemory ? Placement::DevicePolled : Placement::HostPolled;
  }
};

/// Another binary for the kernel's buffers (vyre_kernel_add_variant).
struct Variant {
  Manifest manifest;
  std::vector<uint32_t> spirv;
  /// Its pipeline in the kernel's Executable.
  uint32_t program = 0;
  bool fused() const { return !manifest.fusedArms.empty(); }
  /// A fused batch: run only by vyre_kernel_run_batch, never swapped in.
  bool batch() const { return !manifest.fusedBatch.empty(); }
};

/// A manifest work item (a vyre.batch entry) as the slot that publishes it;
/// arguments past the slot's are dropped.
vyre_slot toSlot(const WorkItem &item);

/// Reads and checks a SPIR-V binary and its manifest. Whether the
/// manifest's module hash (RingABI.h) matches the binary goes to
/// `hashProblem` (empty: it does), for the caller to report after its more
/// specific checks: an edited manifest says what is wrong with it first.
vyre_status readKernelFiles(const char *spvPath, const char *manifestPath,
                            Manifest &manifest, std::vector<uint32_t> &spirv,
                            std::string &hashProblem);

} // namespace vyre

struct vyre_kernel {
  using Clock = std::chrono::steady_clock;
  using State = vyre::Dispatch::State;

  vyre_runtime *runtime = nullptr;
  vyre::Manifest manifest;
  std::vector<uint32_t> spirv;
  vyre::MappedBuffer ring, control, debug;
  /// The completion plane, one byte per slot (ABI v8): the final status
  /// mirrored by the lane (VYRE_BINDING_COMPLETIONS); reaping reads cached
  /// host memory. Read and cleared through completionOf/clearCompletion.
  vyre::MappedBuffer completions;
  std::vector<vyre::UserBuffer> users;

  /// The Vulkan objects that run the kernel's binaries (program 0 its
  /// own, then each variant's) over these buffers.
  vyre::Executable exec;

  /// The one dispatch: its state, relaunch and stop.
  vyre::Dispatch dispatch{exec};
  uint32_t dispatchWorkgroups = 0;
  uint32_t watchdogMs = 5000;
  vyre_wait_mode waitMode = VYRE_WAIT_BACKOFF;
  /// Interpreter back-edges per lane per dispatch before workgroups return
  /// (0: unbounded); see VYRE_CTRL_LOOP_BUDGET. UINT32_MAX: per device.
  uint32_t loopBudget = UINT32_MAX;

  // Host-side ring bookkeeping: what was published where.
  /// Tickets handed out (slots published or refused), by every publisher.
  std::atomic<uint64_t> published{0};
  uint64_t reaped = 0;
  /// Positions reserved and committed in each submission queue.
  vyre::SubmissionQueues sq;
  /// The queues' bounds the host runs (control words 72-77): the
  /// manifest's layout until vyre_kernel_set_queue_capacities.
  vyre::SubmissionQueues::Offsets queueOffsets{};
  /// Empties the queues with the layout of `queueOffsets`.
  void resetQueues() { sq.reset(queueOffsets, manifest.sharded()); }
  /// Changes on every commit (VYRE_CTRL_DOORBELL): idle workgroups scan.
  std::atomic<uint32_t> doorbell{0};
  /// The kernel's own publisher (vyre_kernel_publish, reap and wait) and
  /// the producers (vyre_producer_create), by VYRE_BUSY tag.
  vyre_producer own;
  std::array<std::unique_ptr<vyre_producer>, VYRE_MAX_PRODUCERS> producerSlots;
  std::array<std::atomic<vyre_producer *>, VYRE_MAX_PRODUCERS> producers{};
  uint32_t liveProducers = 0;
  /// Per ring slot: its publisher's busy tag (only busy slots' mirrors
  /// are read), its completion's record, and host copies once the kernel
  /// has variants.
  vyre::SlotTable slotTable;
  /// Slots written (stageSlot) since the last commitStaged.
  bool staged = false;
  /// Dependency counters and the records of dependent slots (Graph.cpp).
  vyre::GraphCounters graphs;
  /// Per-tenant quotas (max slots in flight, 0 = none). A slot over its
  /// tenant's quota never reaches the ring: it completes on the host as
  /// FAULT QUOTA_EXCEEDED. Each publisher counts its own slots in flight.
  std::array<std::atomic<uint32_t>, VYRE_MAX_TENANTS> tenantQuota{};
  std::atomic<bool> anyQuota{false};
  /// Slots of `tenant` in flight, over every publisher.
  uint32_t tenantLoad(uint32_t tenant) const;

  /// GPU-initiated IO (KernelIo.cpp): the sources and the thread serving
  /// the IO queue, started at the first launch of a kernel with one.
  vyre::IoService io;
  vyre_status addIoSource(uint32_t number, vyre::IoSource source);
  /// `direct`: opened O_DIRECT, read through FileReader's bounce buffer.
  vyre_status addIoFile(uint32_t number, const char *path, bool direct);
  void startIo();

  // JIT variants (Variants.cpp). Variant 0 is this kernel's own pipeline.
  std::vector<vyre::Variant> variants; ///< variants 1, 2, ...
  uint32_t active = 0; ///< the variant dispatched (or launched next)
  /// Requeued slots waiting, handed over, the variant to return to, the
  /// policy (vyre_kernel_set_requeue_policy) and the counts.
  vyre::HandOver handOver;
  /// The submission queue ring slot `s` belongs to (0 unsharded).
  uint32_t partitionOf(uint32_t s) const {
    if (!manifest.sharded())
      return 0;
    uint32_t p = 0;
    while (p + 1 < VYRE_PRIORITY_LEVELS && s >= queueOffsets[p + 1])
      ++p;
    return p;
  }

  /// The pause of every wait loop: yields on a CPU device, spins when the
  /// host asked for VYRE_WAIT_SPIN.
  vyre::Backoff waitBackoff() const {
    return vyre::Backoff(runtime->isCpu(), waitMode == VYRE_WAIT_SPIN);
  }

  vyre_status createResources();
  /// A rebuild's copy of the buffers while the kernel has none on a device
  /// (Rebuild.cpp, Rescue.h).
  vyre::KernelSnapshot rescue;
  /// Stops the dispatch (past a lost device), collects or keeps every busy
  /// slot, copies the buffers to `rescue` and destroys the Vulkan objects.
  /// Does nothing while `rescue` is held. HUNG if the dispatch does not
  /// return.
  vyre_status evacuate();
  /// New Vulkan objects filled from `rescue`; relaunches a kernel that was
  /// serving. On failure the kernel stays evacuated, for another rebuild.
  vyre_status restore();
  /// Busy slot `s` of publisher `by` completes FAULT device_lost (a lane
  /// held it when the device was lost), through finishSlot, with the code
  /// written into the ring line first.
  void completeLost(uint32_t s, vyre_producer &by);
  /// Set by a rebuild (another thread) while it replaces the buffers:
  /// producers' calls return VYRE_ERROR_DEVICE_LOST instead of entering.
  std::atomic<bool> rebuilding{false};
  /// Sets `rebuilding`; false (and cleared again) if a producer's call is
  /// in flight, which the rebuild must not run under.
  bool holdProducers();
  /// The publisher whose busy tag is `tag` (a busy slot's).
  vyre_producer &publisherOf(uint8_t tag) {
    return tag == VYRE_BUSY_KERNEL
               ? own
               : *producers[tag - VYRE_BUSY_FIRST_PRODUCER].load(
                     std::memory_order_relaxed);
  }
  /// Points the mapped words at `rescue`'s copies.
  void standInForBuffers();
  /// Ends a hand-over under way (shutdown, rebuild): the fused variant it
  /// would have swapped back to is the one the next launch starts.
  void endHandOver();
  /// The program of the active variant in `exec`.
  uint32_t activeProgram() const {
    return active ? variants[active - 1].program : 0;
  }
  bool activeIsFused() const {
    return active && variants[active - 1].fused();
  }
  /// Points the descriptor set at the buffers and writes the control words
  /// the host owns at launch (loop budget, canary, doorbell, partitions).
  void prepareDispatch();
  /// Records the dispatch of the active variant into `commands`.
  void recordDispatch();
  /// Writes `slot` to ring slot `s` as one line with status `status` (and
  /// the host copy, when kept) with `ticket`, and marks it busy for `by`.
  void writeSlot(uint32_t s, const vyre_slot &slot, uint32_t status,
                 uint64_t ticket, vyre_producer &by);
  /// writeSlot of a graph's task: its record into the dependency plane
  /// first, the status with VYRE_STATUS_DEPENDENT.
  void writeDependentSlot(uint32_t s, const vyre_slot &slot, uint32_t status,
                          uint64_t ticket, vyre_producer &by,
                          const vyre::DepRecord &record);
  /// Writes slots[0, r.count) into the reserved run `r` with tickets from
  /// `ticket` on; with `checkQueues`, stops before the first slot whose
  /// priority is another queue's. How many it wrote (at least 1).
  /// `records`, beside `slots`: a graph's dependency records (null for a
  /// task without one), or null for an ordinary publish.
  uint32_t writeRun(vyre_producer &by, const vyre_slot *slots,
                    const vyre::Reservation &r, uint64_t ticket,
                    bool checkQueues, const vyre::DepRecord *const *records);
  /// writeSlot with the next ticket for the kernel's own publisher, while
  /// no dispatch runs (an untagged status); commitStaged publishes it.
  void stageSlot(uint32_t s, const vyre_slot &slot, uint32_t status);
  /// A drain after the staged lines, then the doorbell.
  void commitStaged();
  /// Makes reserved runs visible to the device: one drain after their
  /// lines, each queue's tail in reservation order, then the doorbell.
  void commitRuns(const vyre::Reservation *runs, uint32_t count);
  /// The doorbell's next number (a locked add: it drains this CPU's
  /// write-combining buffers).
  uint32_t nextBell();
  /// Stores `bell` into the doorbell word and drains it out of the CPU.
  void ringDoorbell(uint32_t bell);
  /// Every queue's tail as committed (at launch).
  void writeTails();
  /// The publish path of vyre_kernel_publish (by = own), of
  /// vyre_producer_publish, and of vyre_kernel_publish_graph, which passes
  /// its tasks' `records` (see writeRun).
  vyre_status publishFrom(vyre_producer &by, const vyre_slot *slots,
                          uint32_t count, uint32_t timeoutMs,
                          uint32_t *published,
                          const vyre::DepRecord *const *records = nullptr);
  /// Collects up to `want` finished slots of `by` in a row from `position`
  /// of `queue` (a full queue's next ones); how many.
  uint32_t collectHead(vyre_producer &by, uint32_t queue, uint64_t position,
                       uint32_t want);
  /// A publish found the next slot of `queue` busy and not collectable:
  /// keeps the dispatch served and pauses, or fails with RING_FULL.
  vyre_status waitForFreeSlot(vyre_producer &by, uint32_t queue,
                              Clock::time_point deadline,
                              vyre::Backoff &backoff, uint32_t done,
                              uint32_t count, uint32_t timeoutMs);
  /// A slot refused on the host (quota): a FAULT completion for `by`.
  void refuseOverQuota(vyre_producer &by, const vyre_slot &slot);

  /// Clears SHUTDOWN, resets the doorbell and submits the recorded dispatch.
  vyre_status startDispatch();
  /// Requeued slots back to PUBLISHED for the generic kernel (no dispatch
  /// may run).
  void republishRequeued();
  /// Hand-over: stop, collect, switch to variant `v`, re-publish requeued
  /// slots if `v` is generic, dispatch again if it was serving.
  vyre_status swapTo(uint32_t v, uint32_t timeoutMs);
  /// Whether serviceRequeue must read the completion mirrors itself:
  /// Unread from a wait loop; Read where the caller has just read them (a
  /// reap, a full-ring publish) or leaves that to the reap or wait that
  /// follows (a publish that found its slots).
  enum class Mirrors { Read, Unread };
  /// The requeue policy, run while a persistent kernel serves. It reads the
  /// mirrors itself (a scan of every slot) only when told they are Unread:
  /// a second scan on the publish/reap path cost a fused variant 7-14% of
  /// its host-bound rate on the H200 (docs/benchmarks.md).
  vyre_status serviceRequeue(Mirrors mirrors);
  void destroyResources();
  vyre::UserBuffer *findUser(const char *name);
  /// Moves DONE/FAULT slots to `pending` and frees them.
  void collectFinished();
  /// The same for ring slot `s`, its completion into `*into` (or `pending`
  /// when null); true if it was busy and has finished (now free). A slot
  /// the host owns (not busy) costs one flag check.
  bool collectSlot(uint32_t s, vyre_completion *into = nullptr);
  /// Slot `s`'s mirror says REQUEUE: queued for the generic kernel.
  [[gnu::noinline]] void noteRequeue(uint32_t s);
  /// A completion mirror word that says the slot ran: its final status
  /// (ABI v6: the ring keeps CLAIMED, so only the mirror says so).
  static bool finishedStatus(uint32_t mirror) {
    return mirror == VYRE_STATUS_DONE || mirror == VYRE_STATUS_FAULT;
  }
  /// Slot `s`'s completion byte: acquire, so a DONE orders the handler's
  /// writes (the lane stored it after a release fence).
  uint32_t completionOf(uint32_t s) const {
    return vyre::loadAcquire(completions.bytes() + s);
  }
  /// Clears slot `s`'s completion byte before the slot is used again.
  void clearCompletion(uint32_t s) {
    vyre::storeRelease(completions.bytes() + s, uint8_t(0));
  }
  /// Ring slot `s` of publisher `by` finished with `status` (DONE or
  /// FAULT): its completion into `*into` (or by.pending), its counts, and
  /// the slot freed. collectSlot and vyre_producer::collectOwn end here.
  void finishSlot(uint32_t s, uint32_t status, vyre_producer &by,
                  vyre_completion *into);
  /// The first slot of the kernel's own publisher in [from, end), or `end`
  /// (producers' slots, other tags, are theirs to reap).
  uint32_t nextBusy(uint32_t from, uint32_t end) const {
    return liveProducers
               ? slotTable.nextTaggedShared(VYRE_BUSY_KERNEL, from, end)
               : slotTable.nextTagged(VYRE_BUSY_KERNEL, from, end);
  }
  /// Up to `capacity` finished slots straight into `out`, from reapCursor
  /// on; how many.
  uint32_t collectInto(vyre_completion *out, uint32_t capacity);
  uint32_t reapCursor = 0;
  /// Slots finished: DONE_COUNT + FAULT_COUNT on the device, plus the
  /// host's quota faults.
  uint64_t finished() const;
  /// Polls the dispatch; relaunches a serving persistent kernel that
  /// returned by its loop budget, and runs the requeue policy. VYRE_OK
  /// while it serves.
  vyre_status keepServing(Mirrors mirrors);

  // What the C API (runtime/src/api/) calls once it has checked its
  // arguments: one member per call, named after it (docs/runtime.md).
  // Loading and describing (Kernel.cpp, Profile.cpp, Timing.cpp).
  static vyre_status load(vyre_runtime *rt, const char *spvPath,
                          const char *manifestPath, vyre_kernel **out);
  vyre_status describe(vyre_kernel_info *out) const;
  /// The work items of the manifest's batch `name`, or INVALID_ARGUMENT.
  vyre_status findBatch(const char *name,
                        const std::vector<vyre::WorkItem> *&items) const;
  vyre_status opcodeNamed(const char *name, uint32_t *opcode) const;
  vyre_status saveProfile(const char *path);
  vyre_status dispatchTime(double *deviceUs);
  vyre_status slotStatus(uint64_t ticket, uint32_t *status);
  // The dispatch (Dispatcher.cpp).
  vyre_status setLoopBudget(uint32_t backEdges);
  vyre_status launch();
  vyre_status waitIdle(uint32_t timeoutMs);
  vyre_status shutdown(uint32_t timeoutMs, uint32_t *unfinished);
  vyre_status rebuild();
  // Completions and producers (Completions.cpp, Producer.cpp).
  vyre_status waitFor(uint64_t target, uint32_t timeoutMs);
  vyre_status reap(vyre_completion *out, uint32_t capacity, uint32_t *count);
  vyre_status addProducer(vyre_producer **out);
  vyre_status removeProducer(vyre_producer &p);
  // Buffers and control words (Control.cpp).
  vyre_status setBufferLength(const char *name, uint32_t elements);
  vyre_status writeBuffer(const char *name, uint32_t first, const void *data,
                          uint32_t count);
  vyre_status readBuffer(const char *name, uint32_t first, void *data,
                         uint32_t count);
  vyre_status setTenantMaskWords(uint32_t tenant, const uint32_t *words,
                                 uint32_t count);
  vyre_status setTenantQuota(uint32_t tenant, uint32_t maxInFlight);
  vyre_status setQueueCapacities(const uint32_t capacities[VYRE_PRIORITY_LEVELS]);
  vyre_status readControl(uint32_t first, uint32_t *out, uint32_t count);
  vyre_status writeControl(uint32_t word, uint32_t value);
  vyre_status readObservables(uint32_t first, uint32_t *out, uint32_t count);
  vyre_status readHandlerCounters(uint32_t *out, uint32_t count);
  vyre_status readFaultLog(vyre_fault *out, uint32_t capacity,
                           uint32_t *count);
  vyre_status readDebugLog(vyre_debug_record *out, uint32_t capacity,
                           uint32_t *count, uint32_t *dropped);
  // JIT variants and batches (Variants.cpp, Batch.cpp, Prune.cpp).
  vyre_status addVariant(const char *spvPath, const char *manifestPath,
                         uint32_t *index);
  vyre_status swapToVariant(uint32_t index, uint32_t timeoutMs);
  vyre_status runBatch(uint32_t index, uint32_t timeoutMs,
                       uint64_t *firstTicket);
  vyre_status pruneBatch(vyre_slot *slots, uint32_t count, uint32_t *kept,
                         uint8_t *verdicts) const;
  // Task graphs (Graph.cpp).
  vyre_status publishGraph(const vyre_slot *slots, uint32_t count,
                           const vyre_edge *edges, uint32_t edgeCount,
                           uint32_t timeoutMs, uint64_t *firstTicket);
  vyre_status dependencyWaits(vyre_dependency_wait *out, uint32_t capacity,
                              uint32_t *count);
  // The device queue (DeviceQueue.cpp).
  vyre_status deviceQueueInfo(vyre_device_queue_info *out);
  vyre_status waitDeviceQueue(uint32_t timeoutMs);
  /// At a rebuild: the lines kept, the held ones counted as faults in the
  /// control words `c` (the evacuated copy).
  void rescueDeviceQueue(uint32_t *c);
  /// For a wait's timeout: how many tasks wait on counters, or "".
  std::string dependencyNote();
  /// Checks that a graph's tasks fit the queues and quotas now.
  vyre_status graphFits(const vyre_slot *slots, uint32_t count);
  /// graphFits, retried while the running kernel frees room, up to
  /// `timeoutMs`.
  vyre_status waitForGraphRoom(const vyre_slot *slots, uint32_t count,
                               uint32_t timeoutMs);
};

#endif // VYRE_RUNTIME_KERNEL_H
