//===- Variants.cpp - JIT variants, the swap and requeue hand-over -*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// A kernel may carry other binaries for the same buffers: a JIT-fused kernel
// (vyre-fuse) or the interpreter recompiled. Swapping is a drain hand-over
// (docs/runtime.md, "JIT variants"): SHUTDOWN stops the lanes at their next
// pass, each finishing the slot it holds, so once the fence signals no slot
// is CLAIMED and the next binary finds every unfinished slot PUBLISHED (or
// REQUEUE) in the shared ring. A fused kernel completes the opcodes it has
// no arm for as REQUEUE; this file decides when those go to the generic
// interpreter (variant 0) and when the fused one comes back.
//
//===----------------------------------------------------------------------===//

#include "Error.h"
#include "HostMemory.h"
#include "Kernel.h"

#include <algorithm>
#include <cstring>

using namespace vyre;

void vyre_kernel::endHandOver() {
  if (handOver.returnTo) {
    active = handOver.returnTo;
    handOver.returnTo = 0;
  }
}

vyre_status vyre_kernel::swapTo(uint32_t v, uint32_t timeoutMs) {
  bool wasServing = dispatch.serving || dispatch.state == State::Running;
  if (vyre_status s = dispatch.stop(timeoutMs))
    return s;
  collectFinished(); // what finished before the stop; new REQUEUEs too
  active = v;
  if (!activeIsFused() && handOver.anyWaiting())
    republishRequeued();
  if (!wasServing)
    return VYRE_OK; // vyre_kernel_launch records the active variant
  recordDispatch();
  ++handOver.swaps;
  return startDispatch();
}

void vyre_kernel::republishRequeued() {
  // No dispatch runs: the host owns every slot, and words 1-15 are as the
  // host wrote them (a fused kernel changes only the status). Within each
  // priority partition the requeued slots' contents are permuted so that
  // ring order follows opcode order: neighbouring slots go to neighbouring
  // lanes, so a SIMD group of the generic kernel meets mostly one opcode
  // instead of the scattered mix that made the interpreter diverge.
  std::vector<uint32_t> &requeued = handOver.waitingSlots();
  std::sort(requeued.begin(), requeued.end());
  struct Moved {
    std::array<uint32_t, VYRE_SLOT_WORDS - 1> words;
    vyre::SlotTable::Record record;
  };
  for (size_t begin = 0; begin < requeued.size();) {
    size_t end = begin;
    uint32_t part = partitionOf(requeued[begin]);
    while (end < requeued.size() && partitionOf(requeued[end]) == part)
      ++end;
    std::vector<Moved> moved;
    for (size_t i = begin; i < end; ++i) {
      uint32_t s = requeued[i];
      Moved m;
      // From the host's copy: on a GPU the ring is in BAR memory, where
      // every read is an uncached bus round trip.
      std::memcpy(m.words.data(), slotTable.copyOf(s), sizeof(m.words));
      m.record = slotTable.record(s);
      moved.push_back(m);
    }
    std::stable_sort(moved.begin(), moved.end(),
                     [](const Moved &l, const Moved &r) {
                       return l.record.opcode < r.record.opcode;
                     });
    for (size_t i = begin; i < end; ++i) {
      uint32_t s = requeued[i];
      const Moved &m = moved[i - begin];
      std::memcpy(ring.words + uint64_t(s) * VYRE_SLOT_WORDS + 1, m.words.data(),
                  sizeof(m.words));
      std::memcpy(slotTable.copyOf(s), m.words.data(), sizeof(m.words));
      slotTable.record(s) = m.record;
    }
    begin = end;
  }
  flushWriteCombining(); // the words before any PUBLISHED
  for (uint32_t s : requeued)
    storeRelease(ring.words + uint64_t(s) * VYRE_SLOT_WORDS,
                 VYRE_STATUS_PUBLISHED);
  flushWriteCombining();
  handOver.handedAllWaiting();
}

vyre_status vyre_kernel::serviceRequeue(Mirrors mirrors) {
  if (!activeIsFused() && !handOver.returnTo)
    return VYRE_OK;
  // Finds REQUEUE mirrors and counts handed-over slots done; a reap or a
  // full-ring publish has just done so, and a second scan would double
  // the host's per-slot cost.
  if (mirrors == Mirrors::Unread)
    collectFinished();
  if (handOver.returnTo) {
    // The generic kernel is serving requeued slots; back to the fused one
    // when it has run them all. Only they are read here: a publish outside
    // their partition has not read their mirrors.
    // (By index: the last one collected clears the list.)
    const std::vector<uint32_t> &handed = handOver.handedSlots();
    for (size_t i = 0; i < handed.size(); ++i)
      if (handOver.isHanded(handed[i]))
        collectSlot(handed[i]);
    if (handOver.pending())
      return VYRE_OK;
    uint32_t v = handOver.returnTo;
    handOver.returnTo = 0;
    return swapTo(v, 60000);
  }
  if (!handOver.policy.handOverNow(handOver.waitingSlots().size(),
                                   own.inFlight, manifest.slots, Clock::now()))
    return VYRE_OK;
  ++handOver.handovers;
  handOver.returnTo = active;
  return swapTo(0, 60000);
}

//===----------------------------------------------------------------------===//
// C API
//===----------------------------------------------------------------------===//

vyre_status vyre_kernel::addVariant(const char *spvPath,
                                    const char *manifestPath, uint32_t *index) {
  if (liveProducers)
    return fail(VYRE_ERROR_STATE,
                "kernel \"" + manifest.kernel + "\" has " +
                    std::to_string(liveProducers) +
                    " producers, and a variant's requeue hand-over reads "
                    "every slot on one thread; destroy them "
                    "(vyre_producer_destroy) first");
  Variant v;
  std::string hashProblem;
  if (vyre_status s = readKernelFiles(spvPath, manifestPath, v.manifest,
                                      v.spirv, hashProblem))
    return s;
  if (!manifest.persistent() && !v.batch())
    return fail(VYRE_ERROR_STATE,
                "variants replace a running persistent kernel; kernel \"" +
                    manifest.kernel +
                    "\" is a once kernel (only fused batches, from "
                    "vyre-to-spirv-batch, run beside a once kernel)");
  std::string why;
  if (!sameLayout(manifest, v.manifest, why))
    return fail(VYRE_ERROR_BAD_MODULE,
                std::string(manifestPath) + " cannot share kernel \"" +
                    manifest.kernel + "\"'s buffers: " + why +
                    "; compile both from the same source with the same "
                    "prune and shard options");
  REQUIRE(hashProblem.empty(), VYRE_ERROR_BAD_MODULE, hashProblem);
  // Its claim would leave RESUMED slots for the interpreter, which a fused
  // kernel only returns to on a requeue (vyre-fuse refuses to build one).
  REQUIRE(!manifest.ioEntries || v.manifest.fusedArms.empty(),
          VYRE_ERROR_BAD_MODULE,
          std::string(manifestPath) + " is a JIT-fused kernel, and kernel \"" +
              manifest.kernel + "\" waits for IO (vyre.io_read): its resumed "
              "slots need an interpreter; add an interpreter variant instead");
  if (vyre_status s =
          exec.addProgram(v.spirv, v.manifest.entryPoint, v.program))
    return s;
  slotTable.keepCopies(ring.words);
  variants.push_back(std::move(v));
  if (index)
    *index = uint32_t(variants.size());
  return ok();
}

vyre_status vyre_kernel::swapToVariant(uint32_t index, uint32_t timeoutMs) {
  if (index > variants.size())
    return fail(VYRE_ERROR_INVALID_ARGUMENT,
                "no variant " + std::to_string(index) + "; kernel \"" +
                    manifest.kernel + "\" has variants 0 to " +
                    std::to_string(variants.size()) +
                    " (vyre_kernel_add_variant adds them)");
  if (dispatch.state == State::Lost)
    return fail(VYRE_ERROR_DEVICE_LOST,
                "the device was lost; call vyre_kernel_rebuild");
  if (index && variants[index - 1].batch())
    return fail(VYRE_ERROR_INVALID_ARGUMENT,
                "variant " + std::to_string(index) +
                    " is a fused batch, which runs once per call to "
                    "vyre_kernel_run_batch; it cannot serve the ring");
  if (handOver.returnTo) {
    // A hand-over is under way: the generic kernel finishes the requeued
    // slots first, then `index` runs (0: the generic one stays).
    handOver.returnTo = index;
    return ok();
  }
  if (index == active)
    return ok();
  if (vyre_status s = swapTo(index, timeoutMs))
    return s;
  return ok();
}

