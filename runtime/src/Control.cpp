//===- Control.cpp - buffers, tenants, control words and logs ----*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// A loaded kernel's buffers as the host reads and writes them: user buffer
// lengths and contents, tenant masks and quotas, the queues' capacities,
// control words, observables, handler counters, the fault log and the
// debug log. The C calls over them are in api/ControlApi.cpp.
//
//===----------------------------------------------------------------------===//

#include "Error.h"
#include "HostMemory.h"
#include "DeviceLimits.h"
#include "Kernel.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>

using namespace vyre;

/// How long vyre_kernel_read_handler_counters waits for the lanes' passes
/// to count the slots already reaped: a pass takes microseconds on a GPU
/// and milliseconds on a CPU device, so this only bounds a stuck kernel.
constexpr uint32_t kCounterWaitMs = 2000;

vyre_status vyre_kernel::setBufferLength(const char *name, uint32_t elements) {
  UserBuffer *u = findUser(name);
  REQUIRE(u, VYRE_ERROR_INVALID_ARGUMENT,
          std::string("no user buffer named \"") + (name ? name : "") + "\"");
  REQUIRE(u->info.elements < 0, VYRE_ERROR_INVALID_ARGUMENT,
          "buffer \"" + u->info.name + "\" has a static size of " +
              std::to_string(u->info.elements) + " elements");
  REQUIRE(dispatch.state != State::Running, VYRE_ERROR_STATE,
          "set the buffer length before launch");
  REQUIRE(elements > 0, VYRE_ERROR_INVALID_ARGUMENT,
          "a buffer needs at least one element");
  if (checkBufferBytes(runtime, uint64_t(elements) * 4, u->info.name))
    return fail(VYRE_ERROR_INVALID_ARGUMENT, vyre_last_error());
  release(runtime, u->mapped);
  u->length = elements;
  vyre_status s = allocate(runtime, u->mapped, elements, u->placement(),
                           u->info.name);
  if (s != VYRE_OK)
    return s;
  control.words[VYRE_CTRL_BUFFER_LENGTHS + u->info.binding -
                   VYRE_BINDING_USER_BASE] = elements;
  return ok();
}

static vyre_status userRange(vyre_kernel &k, const char *name, uint32_t first,
                             uint32_t count, UserBuffer *&u) {
  u = k.findUser(name);
  REQUIRE(u, VYRE_ERROR_INVALID_ARGUMENT,
          std::string("no user buffer named \"") + (name ? name : "") + "\"");
  REQUIRE(u->length, VYRE_ERROR_STATE,
          "buffer \"" + u->info.name +
              "\" has a dynamic size; call vyre_kernel_set_buffer_length");
  REQUIRE(uint64_t(first) + count <= u->length, VYRE_ERROR_INVALID_ARGUMENT,
          "elements " + std::to_string(first) + ".." +
              std::to_string(uint64_t(first) + count) + " are outside \"" +
              u->info.name + "\" (" + std::to_string(u->length) + " elements)");
  return VYRE_OK;
}

vyre_status vyre_kernel::writeBuffer(const char *name, uint32_t first,
                                     const void *data, uint32_t count) {
  UserBuffer *u;
  if (vyre_status s = userRange(*this, name, first, count, u))
    return s;
  REQUIRE(data || !count, VYRE_ERROR_INVALID_ARGUMENT, "data is NULL");
  // On the H100 io-bench read 99% stale answers while its staging rows
  // were in host memory, which a running GPU kernel does not re-read.
  REQUIRE(dispatch.state != State::Running || u->info.deviceMemory,
          VYRE_ERROR_STATE,
          "buffer \"" + u->info.name +
              "\" is in host memory, which a GPU does not re-read while the "
              "kernel runs, so the write could go unseen; write it before "
              "launch, or declare it device_local (vyre.buffer @" +
              u->info.name + " ... device_local) to write it while the "
              "kernel runs");
  std::memcpy(u->mapped.words + first, data, uint64_t(count) * 4);
  if (u->info.deviceMemory)
    flushWriteCombining(); // mapped write-combined: out before any publish
  __atomic_thread_fence(__ATOMIC_RELEASE);
  return ok();
}

vyre_status vyre_kernel::readBuffer(const char *name, uint32_t first,
                                    void *data, uint32_t count) {
  UserBuffer *u;
  if (vyre_status s = userRange(*this, name, first, count, u))
    return s;
  REQUIRE(data || !count, VYRE_ERROR_INVALID_ARGUMENT, "data is NULL");
  __atomic_thread_fence(__ATOMIC_ACQUIRE);
  std::memcpy(data, u->mapped.words + first, uint64_t(count) * 4);
  return ok();
}

vyre_status vyre_kernel::setTenantMaskWords(uint32_t tenant,
                                            const uint32_t *words,
                                            uint32_t count) {
  REQUIRE(words || count == 0, VYRE_ERROR_INVALID_ARGUMENT, "words is NULL");
  REQUIRE(tenant < VYRE_MAX_TENANTS, VYRE_ERROR_INVALID_ARGUMENT,
          "tenant " + std::to_string(tenant) + " is out of range (0-31)");
  uint32_t arms = manifest.arms.size();
  uint32_t maskWords = vyre_tenant_mask_words(arms);
  REQUIRE(count >= 1 && count <= maskWords, VYRE_ERROR_INVALID_ARGUMENT,
          std::to_string(count) + " mask words given; kernel \"" +
              manifest.kernel + "\" has " + std::to_string(arms) +
              " dispatch arms, so a tenant mask has 1 to " +
              std::to_string(maskWords) + " words (32 arms each)");
  for (uint32_t w = 0; w < count; ++w)
    storeRelease(&control.words[vyre_tenant_mask_word(
                     manifest.observables, arms, tenant, w)],
                 words[w]);
  return ok();
}

vyre_status vyre_kernel::setTenantQuota(uint32_t tenant, uint32_t maxInFlight) {
  REQUIRE(tenant < VYRE_MAX_TENANTS, VYRE_ERROR_INVALID_ARGUMENT,
          "tenant " + std::to_string(tenant) + " is out of range (0-31)");
  tenantQuota[tenant] = maxInFlight;
  if (maxInFlight)
    anyQuota = true; // publishes check quotas from now on
  return ok();
}

vyre_status vyre_kernel::setQueueCapacities(
    const uint32_t capacities[VYRE_PRIORITY_LEVELS]) {
  const std::string name = "kernel \"" + manifest.kernel + "\"";
  REQUIRE(manifest.sharded(), VYRE_ERROR_STATE,
          name + " has one submission queue for every priority (compiled "
                 "without vyre-shard's priority partitions), so its queues "
                 "cannot be sized; compile it with the default pipeline");
  REQUIRE(dispatch.state != State::Running &&
              !dispatch.serving,
          VYRE_ERROR_STATE,
          name + " is running; size its queues before launch or after "
                 "shutdown");
  REQUIRE(!liveProducers, VYRE_ERROR_STATE,
          name + " has " + std::to_string(liveProducers) +
              " producers, whose positions the new queues would not keep; "
              "destroy them first");
  uint32_t busy = slotTable.countBusy();
  REQUIRE(!busy, VYRE_ERROR_STATE,
          name + " has " + std::to_string(busy) +
              " slots in the ring not yet reaped; let them finish (shut "
              "the kernel down, or wait for a once kernel) and reap them "
              "first");
  uint64_t total = 0;
  for (uint32_t p = 0; p < VYRE_PRIORITY_LEVELS; ++p)
    total += capacities[p];
  REQUIRE(total == manifest.slots, VYRE_ERROR_INVALID_ARGUMENT,
          "the queue capacities add up to " + std::to_string(total) +
              " slots, but " + name + "'s ring has " +
              std::to_string(manifest.slots) +
              "; give the five priorities (critical, high, normal, low, "
              "idle) all of it");
  vyre::SubmissionQueues::Offsets offsets;
  offsets[0] = 0;
  for (uint32_t p = 0; p < VYRE_PRIORITY_LEVELS; ++p)
    offsets[p + 1] = offsets[p] + capacities[p];
  queueOffsets = offsets;
  resetQueues();
  return ok();
}

vyre_status vyre_kernel::readControl(uint32_t first, uint32_t *out,
                                     uint32_t count) {
  REQUIRE(uint64_t(first) + count <= manifest.controlWords,
          VYRE_ERROR_INVALID_ARGUMENT,
          "control words " + std::to_string(first) + ".." +
              std::to_string(uint64_t(first) + count) + " are outside the " +
              std::to_string(manifest.controlWords) + "-word buffer");
  for (uint32_t i = 0; i < count; ++i)
    out[i] = loadAcquire(&control.words[first + i]);
  return ok();
}

vyre_status vyre_kernel::writeControl(uint32_t word, uint32_t value) {
  REQUIRE(word < manifest.controlWords, VYRE_ERROR_INVALID_ARGUMENT,
          "control word " + std::to_string(word) + " is outside the " +
              std::to_string(manifest.controlWords) + "-word buffer");
  // Only the observables: every other word is the ring ABI's (counters,
  // tenant masks, queue bounds and tails, the loop budget and canary, the
  // IO queue's counters, the fault log, buffer lengths, the wide-arm
  // region), and writing one made slots fault or never finish.
  REQUIRE(vyre_control_word_writable(manifest.observables, word),
          VYRE_ERROR_INVALID_ARGUMENT,
          "control word " + std::to_string(word) +
              " belongs to the runtime; the host writes only the "
              "observables (words " +
              std::to_string(VYRE_CTRL_OBSERVABLES) + "-" +
              std::to_string(VYRE_CTRL_OBSERVABLES + manifest.observables -
                             1) +
              ") this way. Tenant masks, quotas, queue capacities, the loop "
              "budget and shutdown have calls of their own");
  storeRelease(&control.words[word], value);
  return ok();
}

vyre_status vyre_kernel::readObservables(uint32_t first, uint32_t *out,
                                         uint32_t count) {
  REQUIRE(uint64_t(first) + count <= manifest.observables,
          VYRE_ERROR_INVALID_ARGUMENT,
          "observables " + std::to_string(first) + ".." +
              std::to_string(uint64_t(first) + count) + " are outside the " +
              std::to_string(manifest.observables) + " the kernel has");
  return readControl(VYRE_CTRL_OBSERVABLES + first, out, count);
}

vyre_status vyre_kernel::readHandlerCounters(uint32_t *out, uint32_t count) {
  uint32_t arms = manifest.arms.size();
  REQUIRE(count <= arms, VYRE_ERROR_INVALID_ARGUMENT,
          "asked for " + std::to_string(count) + " handler counters; kernel \"" +
              manifest.kernel + "\" has " + std::to_string(arms) +
              " dispatch arms");
  REQUIRE(out || count == 0, VYRE_ERROR_INVALID_ARGUMENT, "out is NULL");
  // A lane adds its arm counts at the end of its pass, before DONE_COUNT
  // (docs/abi.md), so while the kernel runs they may trail the slots
  // already reaped by up to a pass: first wait until DONE_COUNT and
  // FAULT_COUNT cover every slot the kernel's own publisher has collected.
  // (Producers' slots are counted as of the lanes' last pass.)
  if (dispatch.state == State::Running && liveProducers == 0)
    if (vyre_status s = waitFor(published - own.inFlight, kCounterWaitMs))
      return s;
  for (uint32_t arm = 0; arm < count; ++arm) {
    vyre_status s = readControl(
        vyre_handler_counter_word(manifest.observables, arms, arm), out + arm,
        1);
    if (s != VYRE_OK)
      return s;
  }
  return ok();
}

vyre_status vyre_kernel::readFaultLog(vyre_fault *out, uint32_t capacity,
                                      uint32_t *count) {
  uint32_t cursor = loadAcquire(&control.words[VYRE_CTRL_FAULT_LOG_CURSOR]);
  uint32_t n = std::min<uint32_t>({cursor, VYRE_FAULT_LOG_ENTRIES, capacity});
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t entry = (cursor - n + i) % VYRE_FAULT_LOG_ENTRIES;
    const uint32_t *w = &control.words[VYRE_CTRL_FAULT_LOG +
                                          entry * VYRE_FAULT_LOG_ENTRY_WORDS];
    out[i] = {loadAcquire(w), loadAcquire(w + 1)};
  }
  *count = n;
  return ok();
}

vyre_status vyre_kernel::readDebugLog(vyre_debug_record *out, uint32_t capacity,
                                      uint32_t *count, uint32_t *dropped) {
  uint32_t appended = loadAcquire(&debug.words[VYRE_DEBUG_WORD_APPENDED]);
  uint32_t fit = std::min(appended, manifest.debugRecords);
  uint32_t n = std::min(fit, capacity);
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t *r = &debug.words[VYRE_DEBUG_HEADER_WORDS +
                                        uint64_t(i) * VYRE_DEBUG_RECORD_WORDS];
    out[i].format = r[0];
    for (uint32_t a = 0; a < VYRE_PRINTF_MAX_ARGS; ++a)
      out[i].args[a] = r[1 + a];
  }
  *count = n;
  if (dropped)
    *dropped = appended - fit;
  return ok();
}

