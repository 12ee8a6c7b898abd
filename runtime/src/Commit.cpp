//===- Commit.cpp - making written lines visible to the device ---*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// The end of every publish (docs/abi.md, "Submission queues and lap
// tags"): one drain of this CPU's write-combining buffers after the lines,
// then each queue's tail in reservation order, then the doorbell, which
// tells idle workgroups to scan. Lines staged while no dispatch runs (plain
// PUBLISHED) need only the drain and the doorbell.
//
//===----------------------------------------------------------------------===//

#include "HostMemory.h"
#include "Kernel.h"

using namespace vyre;

uint32_t vyre_kernel::nextBell() {
  return doorbell.fetch_add(1, std::memory_order_relaxed) + 1;
}

void vyre_kernel::ringDoorbell(uint32_t bell) {
  storeRelease(&control.words[VYRE_CTRL_DOORBELL], bell);
  flushWriteCombining(); // out of the CPU now
}

void vyre_kernel::writeTails() {
  for (uint32_t q = 0; q < VYRE_PRIORITY_LEVELS; ++q)
    storeRelease(&control.words[VYRE_CTRL_SQ_TAIL + q], sq.tailWord(q));
}

void vyre_kernel::commitStaged() {
  if (!staged)
    return;
  const uint32_t bell = nextBell(); // drains the lines, as commitRuns says
  flushWriteCombining(); // every line before the doorbell
  ringDoorbell(bell);
  staged = false;
}

void vyre_kernel::commitRuns(const Reservation *runs, uint32_t count) {
  if (!count)
    return;
  // The doorbell's number first. Its locked add drains the write-combining
  // buffers as the fence does; taken after the tails it waited for their
  // bus writes too, a third drain on the round trip's path. Only "it
  // changed" has a meaning for the device (RingABI.h), so the order in
  // which threads' doorbells land does not matter.
  const uint32_t bell = nextBell();
  flushWriteCombining(); // every line before any tail
  // Producers are created on the thread that owns the kernel, so with none
  // this thread is the only one that commits.
  const bool otherThreads = liveProducers != 0;
  for (uint32_t i = 0; i < count; ++i)
    sq.commit(runs[i], &control.words[VYRE_CTRL_SQ_TAIL + runs[i].queue],
              otherThreads);
  ringDoorbell(bell);
}
