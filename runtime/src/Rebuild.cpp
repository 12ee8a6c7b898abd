//===- Rebuild.cpp - a new device, nothing lost -----------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// vyre_kernel_rebuild after VYRE_ERROR_DEVICE_LOST (a real one, or one
// injected with vyre_runtime_inject_fault). A device is shared by every
// kernel of the runtime, so all of them are evacuated first (their slots
// sorted by Rescue.h's rules, their buffers copied to the host), then the
// device is created again and each kernel restored into new buffers: the
// same slots at the same ring positions with the same tickets, the control
// words the host and the handlers wrote (tenant masks, observables,
// counters), the debug log and the user buffers as the device left them.
// A kernel that was serving is launched again. Mapped memory stays readable
// after a loss (the Vulkan specification leaves device writes to it
// undefined from the loss on; what a finished slot wrote came before).
//
//===----------------------------------------------------------------------===//

#include "Error.h"
#include "HostMemory.h"
#include "Kernel.h"

#include <algorithm>
#include <cstring>
#include <string>

using namespace vyre;

namespace {

void copyOut(const MappedBuffer &b, std::vector<uint32_t> &into) {
  if (b.words)
    into.assign(b.words, b.words + b.count);
  else
    into.clear();
}

void copyIn(const std::vector<uint32_t> &from, MappedBuffer &b) {
  if (b.words && !from.empty())
    std::memcpy(b.words, from.data(),
                std::min<uint64_t>(from.size(), b.count) * 4);
}

void standIn(MappedBuffer &b, std::vector<uint32_t> &words) {
  b.words = words.empty() ? nullptr : words.data();
  b.count = words.size();
}

} // namespace

bool vyre_kernel::holdProducers() {
  // Dekker's handshake with ProducerCall (QueueApi.cpp), both sides
  // sequentially consistent: either the producer's call sees `rebuilding`
  // and returns, or this sees its `inCall`.
  rebuilding.store(true);
  for (const auto &p : producers)
    if (const vyre_producer *producer = p.load())
      if (producer->inCall.load()) {
        rebuilding.store(false);
        return false;
      }
  return true;
}

namespace {

/// Runs the rebuild with every producer of the runtime's kernels held out,
/// and lets them in again when it returns, whatever it returned.
struct ProducersHeld {
  std::vector<vyre_kernel *> &kernels;
  size_t held = 0;
  explicit ProducersHeld(std::vector<vyre_kernel *> &kernels)
      : kernels(kernels) {
    while (held < kernels.size() && kernels[held]->holdProducers())
      ++held;
  }
  bool all() const { return held == kernels.size(); }
  ~ProducersHeld() {
    for (size_t i = 0; i < held; ++i)
      kernels[i]->rebuilding.store(false);
  }
};

} // namespace

vyre_status vyre_kernel::rebuild() {
  // Producers keep their slots: each busy slot goes back to its publisher
  // (finished, lost or republished under its tag), so a producer thread
  // reaps and publishes on after the rebuild.
  ProducersHeld held(runtime->kernels);
  REQUIRE(held.all(), VYRE_ERROR_STATE,
          "a producer's publish or reap is running on another thread; "
          "rebuild once the producer threads' calls have returned (they "
          "return VYRE_ERROR_DEVICE_LOST while the device is lost)");
  for (vyre_kernel *k : runtime->kernels)
    if (vyre_status s = k->evacuate())
      return s;
  runtime->destroyDevice();
  runtime->injector.deviceRecreated();
  if (vyre_status s = runtime->createDevice())
    return s; // every kernel stays evacuated: rebuild may be called again
  for (vyre_kernel *k : runtime->kernels)
    if (vyre_status s = k->restore())
      return s;
  return ok();
}

void vyre_kernel::completeLost(uint32_t s, vyre_producer &by) {
  // A device fault code in the line's word 15, then the reap's own path.
  ring.words[uint64_t(s) * VYRE_SLOT_WORDS + VYRE_SLOT_WORD_FAULT_CODE] =
      VYRE_FAULT_DEVICE_LOST;
  finishSlot(s, VYRE_STATUS_FAULT, by, nullptr);
  by.countHostFault();
}

vyre_status vyre_kernel::evacuate() {
  if (rescue.held)
    return VYRE_OK;
  rescue.wasServing = dispatch.serving;
  // A lost device runs nothing more; a dispatch an injected loss left
  // running, or a healthy kernel's, returns after its lanes' current slots.
  uint32_t waitMs = std::max(watchdogMs, 1000u);
  if (dispatch.quiesce(waitMs) == VK_TIMEOUT) {
    dispatch.state = State::Lost;
    return fail(VYRE_ERROR_HUNG,
                "kernel \"" + manifest.kernel +
                    "\": the dispatch did not return within " +
                    std::to_string(waitMs) +
                    " ms of SHUTDOWN, so the rebuild cannot read its slots; "
                    "a handler is probably stuck (release it, or let the "
                    "driver reset the device) and call vyre_kernel_rebuild "
                    "again");
  }
  // Requests the device queued are served into the buffers first: their
  // slots come back PUBLISHED | RESUMED and keep their data.
  io.stop();
  const uint32_t slots = manifest.slots;
  // Only busy lines are read: on a GPU the ring is in the BAR, a bus read
  // per load.
  rescue.ring.assign(manifest.ringWords(), 0);
  rescue.republished = 0;
  // Dependent slots a lane held: their signals may be half given, so their
  // counters are poisoned (dependents fault dependency_failed).
  std::vector<DepRecord> lostSignals;
  for (uint32_t s = 0; s < slots; ++s) {
    uint8_t tag = slotTable.busy(s); // every publisher's, producers' too
    if (tag == VYRE_BUSY_FREE)
      continue;
    vyre_producer &by = publisherOf(tag);
    uint32_t *line = ring.words + uint64_t(s) * VYRE_SLOT_WORDS;
    uint32_t status = loadAcquire(line);
    uint32_t completion = completionOf(s);
    switch (rescueOf(completion, status)) {
    case Rescue::Finished:
      finishSlot(s, completion, by, nullptr);
      break;
    case Rescue::Republish: {
      uint32_t *kept = rescue.ring.data() + uint64_t(s) * VYRE_SLOT_WORDS;
      std::memcpy(kept, line, VYRE_SLOT_BYTES);
      kept[VYRE_SLOT_WORD_STATUS] = republishedStatus(status);
      if (graphs.isDependent(s)) // its record, for the lanes after restore
        std::memcpy(rescue.ring.data() +
                        vyre_dependency_record_word(slots, s),
                    graphs.recordOf(s).data(), sizeof(DepRecord));
      clearCompletion(s); // a REQUEUE mark
      ++rescue.republished;
      break;
    }
    case Rescue::Lost:
      if (graphs.isDependent(s))
        lostSignals.push_back(graphs.recordOf(s));
      completeLost(s, by);
      break;
    }
  }
  // The device's counts may trail its completion bytes (each lane adds a
  // pass's at once): DONE_COUNT is set so that finished() is published
  // less the slots still to run.
  uint64_t host = finished() - loadAcquire(&control.words[VYRE_CTRL_DONE_COUNT]) -
                  loadAcquire(&control.words[VYRE_CTRL_FAULT_COUNT]);
  copyOut(control, rescue.control);
  uint32_t *c = rescue.control.data();
  for (const DepRecord &r : lostSignals)
    for (uint32_t i = 0; i < VYRE_DEP_MAX_SIGNALS; ++i)
      if (uint32_t counter = r[VYRE_DEP_WORD_SIGNAL0 + i];
          counter < graphs.counters())
        c[vyre_dependency_counter_word(manifest.observables,
                                       manifest.arms.size(), counter)] |=
            VYRE_DEP_POISONED;
  c[VYRE_CTRL_DONE_COUNT] = uint32_t(published.load() - rescue.republished -
                                     host - c[VYRE_CTRL_FAULT_COUNT]);
  rescueDeviceQueue(c);
  c[VYRE_CTRL_SHUTDOWN] = 0;
  c[VYRE_CTRL_IO_TAKEN] = c[VYRE_CTRL_IO_FREED] = 0; // a new IO queue
  copyOut(debug, rescue.debug);
  rescue.completions.assign(completions.count, 0);
  rescue.users.resize(users.size());
  for (size_t i = 0; i < users.size(); ++i)
    copyOut(users[i].mapped, rescue.users[i]);
  destroyResources();
  rescue.held = true;
  standInForBuffers();
  dispatch.state = State::Lost;
  return VYRE_OK;
}

void vyre_kernel::standInForBuffers() {
  standIn(ring, rescue.ring);
  standIn(control, rescue.control);
  standIn(debug, rescue.debug);
  standIn(completions, rescue.completions);
  for (size_t i = 0; i < users.size(); ++i)
    standIn(users[i].mapped, rescue.users[i]);
  dispatch.attach(control.words ? control.words + VYRE_CTRL_SHUTDOWN
                                : nullptr);
}

vyre_status vyre_kernel::restore() {
  if (!rescue.held)
    return VYRE_OK;
  if (vyre_status s = createResources()) {
    std::string why = vyre_last_error();
    destroyResources();
    standInForBuffers();
    return fail(s, "kernel \"" + manifest.kernel +
                       "\" could not be restored on the new device (" + why +
                       "); its slots and buffers are kept: call "
                       "vyre_kernel_rebuild again");
  }
  copyIn(rescue.ring, ring);
  copyIn(rescue.control, control);
  copyIn(rescue.debug, debug);
  for (size_t i = 0; i < users.size(); ++i)
    copyIn(rescue.users[i], users[i].mapped);
  flushWriteCombining(); // before any dispatch reads them
  io.resetQueue();
  handOver.reset(manifest.slots); // REQUEUEd slots are published again
  endHandOver();
  dispatch.state = State::Loaded;
  bool relaunch = rescue.wasServing;
  rescue = KernelSnapshot();
  return relaunch ? launch() : ok();
}
