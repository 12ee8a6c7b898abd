//===- ControlApi.cpp - buffers, tenants, control words and logs -*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// The C API over a loaded kernel's buffers: user buffer lengths and
// contents, tenant masks and quotas, control words, observables, handler
// counters, the fault log and the debug log; and vyre_encode_packed.
//
//===----------------------------------------------------------------------===//

#include "Error.h"
#include "HostMemory.h"
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

extern "C" vyre_status vyre_kernel_set_buffer_length(vyre_kernel *k,
                                                     const char *name,
                                                     uint32_t elements) {
  REQUIRE(k, VYRE_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  UserBuffer *u = k->findUser(name);
  REQUIRE(u, VYRE_ERROR_INVALID_ARGUMENT,
          std::string("no user buffer named \"") + (name ? name : "") + "\"");
  REQUIRE(u->info.elements < 0, VYRE_ERROR_INVALID_ARGUMENT,
          "buffer \"" + u->info.name + "\" has a static size of " +
              std::to_string(u->info.elements) + " elements");
  REQUIRE(k->dispatch.state != vyre_kernel::State::Running, VYRE_ERROR_STATE,
          "set the buffer length before launch");
  REQUIRE(elements > 0, VYRE_ERROR_INVALID_ARGUMENT,
          "a buffer needs at least one element");
  release(k->runtime, u->mapped);
  u->length = elements;
  vyre_status s = allocate(k->runtime, u->mapped, elements,
                           Placement::HostPolled, u->info.name);
  if (s != VYRE_OK)
    return s;
  k->control.words[VYRE_CTRL_BUFFER_LENGTHS + u->info.binding -
                   VYRE_BINDING_USER_BASE] = elements;
  return ok();
}

static vyre_status userRange(vyre_kernel *k, const char *name, uint32_t first,
                             uint32_t count, UserBuffer *&u) {
  REQUIRE(k, VYRE_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  u = k->findUser(name);
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

extern "C" vyre_status vyre_kernel_write_buffer(vyre_kernel *k,
                                                const char *name,
                                                uint32_t first,
                                                const void *data,
                                                uint32_t count) {
  UserBuffer *u;
  if (vyre_status s = userRange(k, name, first, count, u))
    return s;
  REQUIRE(data || !count, VYRE_ERROR_INVALID_ARGUMENT, "data is NULL");
  std::memcpy(u->mapped.words + first, data, uint64_t(count) * 4);
  __atomic_thread_fence(__ATOMIC_RELEASE);
  return ok();
}

extern "C" vyre_status vyre_kernel_read_buffer(vyre_kernel *k, const char *name,
                                               uint32_t first, void *data,
                                               uint32_t count) {
  UserBuffer *u;
  if (vyre_status s = userRange(k, name, first, count, u))
    return s;
  REQUIRE(data || !count, VYRE_ERROR_INVALID_ARGUMENT, "data is NULL");
  __atomic_thread_fence(__ATOMIC_ACQUIRE);
  std::memcpy(data, u->mapped.words + first, uint64_t(count) * 4);
  return ok();
}

extern "C" vyre_status vyre_kernel_set_tenant_mask(vyre_kernel *k,
                                                   uint32_t tenant,
                                                   uint32_t mask) {
  return vyre_kernel_set_tenant_mask_words(k, tenant, &mask, 1);
}

extern "C" vyre_status
vyre_kernel_set_tenant_mask_words(vyre_kernel *k, uint32_t tenant,
                                  const uint32_t *words, uint32_t count) {
  REQUIRE(k, VYRE_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  REQUIRE(words || count == 0, VYRE_ERROR_INVALID_ARGUMENT, "words is NULL");
  REQUIRE(tenant < VYRE_MAX_TENANTS, VYRE_ERROR_INVALID_ARGUMENT,
          "tenant " + std::to_string(tenant) + " is out of range (0-31)");
  uint32_t arms = k->manifest.arms.size();
  uint32_t maskWords = vyre_tenant_mask_words(arms);
  REQUIRE(count >= 1 && count <= maskWords, VYRE_ERROR_INVALID_ARGUMENT,
          std::to_string(count) + " mask words given; kernel \"" +
              k->manifest.kernel + "\" has " + std::to_string(arms) +
              " dispatch arms, so a tenant mask has 1 to " +
              std::to_string(maskWords) + " words (32 arms each)");
  for (uint32_t w = 0; w < count; ++w)
    storeRelease(&k->control.words[vyre_tenant_mask_word(
                     k->manifest.observables, arms, tenant, w)],
                 words[w]);
  return ok();
}

extern "C" vyre_status vyre_kernel_set_tenant_quota(vyre_kernel *k,
                                                    uint32_t tenant,
                                                    uint32_t maxInFlight) {
  REQUIRE(k, VYRE_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  REQUIRE(tenant < VYRE_MAX_TENANTS, VYRE_ERROR_INVALID_ARGUMENT,
          "tenant " + std::to_string(tenant) + " is out of range (0-31)");
  k->tenantQuota[tenant] = maxInFlight;
  if (maxInFlight)
    k->anyQuota = true; // publishes check quotas from now on
  return ok();
}

extern "C" vyre_status vyre_kernel_set_queue_capacities(
    vyre_kernel *k, const uint32_t capacities[VYRE_PRIORITY_LEVELS]) {
  REQUIRE(k && capacities, VYRE_ERROR_INVALID_ARGUMENT,
          "kernel or capacities is NULL");
  const std::string name = "kernel \"" + k->manifest.kernel + "\"";
  REQUIRE(k->manifest.sharded(), VYRE_ERROR_STATE,
          name + " has one submission queue for every priority (compiled "
                 "without vyre-shard's priority partitions), so its queues "
                 "cannot be sized; compile it with the default pipeline");
  REQUIRE(k->dispatch.state != vyre_kernel::State::Running &&
              !k->dispatch.serving,
          VYRE_ERROR_STATE,
          name + " is running; size its queues before launch or after "
                 "shutdown");
  REQUIRE(!k->liveProducers, VYRE_ERROR_STATE,
          name + " has " + std::to_string(k->liveProducers) +
              " producers, whose positions the new queues would not keep; "
              "destroy them first");
  uint32_t busy = k->slotTable.countBusy();
  REQUIRE(!busy, VYRE_ERROR_STATE,
          name + " has " + std::to_string(busy) +
              " slots in the ring not yet reaped; let them finish (shut "
              "the kernel down, or wait for a once kernel) and reap them "
              "first");
  uint64_t total = 0;
  for (uint32_t p = 0; p < VYRE_PRIORITY_LEVELS; ++p)
    total += capacities[p];
  REQUIRE(total == k->manifest.slots, VYRE_ERROR_INVALID_ARGUMENT,
          "the queue capacities add up to " + std::to_string(total) +
              " slots, but " + name + "'s ring has " +
              std::to_string(k->manifest.slots) +
              "; give the five priorities (critical, high, normal, low, "
              "idle) all of it");
  vyre::SubmissionQueues::Offsets offsets;
  offsets[0] = 0;
  for (uint32_t p = 0; p < VYRE_PRIORITY_LEVELS; ++p)
    offsets[p + 1] = offsets[p] + capacities[p];
  k->queueOffsets = offsets;
  k->resetQueues();
  return ok();
}

extern "C" vyre_status vyre_kernel_read_control(vyre_kernel *k, uint32_t first,
                                                uint32_t *out, uint32_t count) {
  REQUIRE(k && (out || !count), VYRE_ERROR_INVALID_ARGUMENT,
          "kernel or out is NULL");
  REQUIRE(uint64_t(first) + count <= k->manifest.controlWords,
          VYRE_ERROR_INVALID_ARGUMENT,
          "control words " + std::to_string(first) + ".." +
              std::to_string(uint64_t(first) + count) + " are outside the " +
              std::to_string(k->manifest.controlWords) + "-word buffer");
  for (uint32_t i = 0; i < count; ++i)
    out[i] = loadAcquire(&k->control.words[first + i]);
  return ok();
}

extern "C" vyre_status vyre_kernel_write_control(vyre_kernel *k, uint32_t word,
                                                 uint32_t value) {
  REQUIRE(k, VYRE_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  REQUIRE(word < k->manifest.controlWords, VYRE_ERROR_INVALID_ARGUMENT,
          "control word " + std::to_string(word) + " is outside the " +
              std::to_string(k->manifest.controlWords) + "-word buffer");
  bool runtimeOwned =
      word <= VYRE_CTRL_DOORBELL_ON ||
      (word >= VYRE_CTRL_FAULT_LOG &&
       word < VYRE_CTRL_FAULT_LOG +
                  VYRE_FAULT_LOG_ENTRIES * VYRE_FAULT_LOG_ENTRY_WORDS) ||
      (word >= VYRE_CTRL_BUFFER_LENGTHS &&
       word < VYRE_CTRL_BUFFER_LENGTHS + VYRE_MAX_USER_BUFFERS);
  REQUIRE(!runtimeOwned, VYRE_ERROR_INVALID_ARGUMENT,
          "control word " + std::to_string(word) +
              " belongs to the runtime (counters, fault log, buffer "
              "lengths); use vyre_kernel_shutdown / set_buffer_length");
  storeRelease(&k->control.words[word], value);
  return ok();
}

extern "C" vyre_status vyre_kernel_read_observables(vyre_kernel *k,
                                                    uint32_t first,
                                                    uint32_t *out,
                                                    uint32_t count) {
  REQUIRE(k, VYRE_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  REQUIRE(uint64_t(first) + count <= k->manifest.observables,
          VYRE_ERROR_INVALID_ARGUMENT,
          "observables " + std::to_string(first) + ".." +
              std::to_string(uint64_t(first) + count) + " are outside the " +
              std::to_string(k->manifest.observables) + " the kernel has");
  return vyre_kernel_read_control(k, VYRE_CTRL_OBSERVABLES + first, out, count);
}

extern "C" vyre_status vyre_kernel_read_handler_counters(vyre_kernel *k,
                                                         uint32_t *out,
                                                         uint32_t count) {
  REQUIRE(k, VYRE_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  uint32_t arms = k->manifest.arms.size();
  REQUIRE(count <= arms, VYRE_ERROR_INVALID_ARGUMENT,
          "asked for " + std::to_string(count) + " handler counters; kernel \"" +
              k->manifest.kernel + "\" has " + std::to_string(arms) +
              " dispatch arms");
  REQUIRE(out || count == 0, VYRE_ERROR_INVALID_ARGUMENT, "out is NULL");
  // A lane adds its arm counts at the end of its pass, before DONE_COUNT
  // (docs/abi.md), so while the kernel runs they may trail the slots
  // already reaped by up to a pass: first wait until DONE_COUNT and
  // FAULT_COUNT cover every slot the kernel's own publisher has collected.
  // (Producers' slots are counted as of the lanes' last pass.)
  if (k->dispatch.state == vyre_kernel::State::Running && k->liveProducers == 0)
    if (vyre_status s = vyre_kernel_wait(k, k->published - k->own.inFlight,
                                         kCounterWaitMs))
      return s;
  for (uint32_t arm = 0; arm < count; ++arm) {
    vyre_status s = vyre_kernel_read_control(
        k, vyre_handler_counter_word(k->manifest.observables, arms, arm),
        out + arm, 1);
    if (s != VYRE_OK)
      return s;
  }
  return ok();
}

extern "C" vyre_status vyre_kernel_read_fault_log(vyre_kernel *k,
                                                  vyre_fault *out,
                                                  uint32_t capacity,
                                                  uint32_t *count) {
  REQUIRE(k && count && (out || !capacity), VYRE_ERROR_INVALID_ARGUMENT,
          "kernel, out or count is NULL");
  uint32_t cursor = loadAcquire(&k->control.words[VYRE_CTRL_FAULT_LOG_CURSOR]);
  uint32_t n = std::min<uint32_t>({cursor, VYRE_FAULT_LOG_ENTRIES, capacity});
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t entry = (cursor - n + i) % VYRE_FAULT_LOG_ENTRIES;
    const uint32_t *w = &k->control.words[VYRE_CTRL_FAULT_LOG +
                                          entry * VYRE_FAULT_LOG_ENTRY_WORDS];
    out[i] = {loadAcquire(w), loadAcquire(w + 1)};
  }
  *count = n;
  return ok();
}

extern "C" vyre_status vyre_kernel_read_debug_log(vyre_kernel *k,
                                                  vyre_debug_record *out,
                                                  uint32_t capacity,
                                                  uint32_t *count,
                                                  uint32_t *dropped) {
  REQUIRE(k && count && (out || !capacity), VYRE_ERROR_INVALID_ARGUMENT,
          "kernel, out or count is NULL");
  uint32_t appended = loadAcquire(&k->debug.words[VYRE_DEBUG_WORD_APPENDED]);
  uint32_t fit = std::min(appended, k->manifest.debugRecords);
  uint32_t n = std::min(fit, capacity);
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t *r = &k->debug.words[VYRE_DEBUG_HEADER_WORDS +
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

extern "C" vyre_status vyre_encode_packed(const uint32_t *ops, uint32_t count,
                                          vyre_slot *out) {
  REQUIRE(out && (ops || !count), VYRE_ERROR_INVALID_ARGUMENT,
          "ops or out is NULL");
  REQUIRE(count >= 1 && count <= VYRE_PACKED_MAX_OPS,
          VYRE_ERROR_INVALID_ARGUMENT,
          "a packed slot holds 1 to " + std::to_string(VYRE_PACKED_MAX_OPS) +
              " inner ops, not " + std::to_string(count) +
              " (the device would fault it)");
  std::memset(out, 0, sizeof(*out));
  out->opcode = VYRE_OP_PACKED_SLOT;
  out->priority = VYRE_PRIORITY_NORMAL;
  out->args[0] = count;
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t op = ops[i * VYRE_PACKED_OP_WORDS];
    REQUIRE(op <= VYRE_OP_LOAD_U32, VYRE_ERROR_INVALID_ARGUMENT,
            "inner op " + std::to_string(i) + " has opcode " +
                std::to_string(op) +
                "; packed slots carry only NOP, STORE_U32, ATOMIC_ADD and "
                "LOAD_U32");
    for (uint32_t w = 0; w < VYRE_PACKED_OP_WORDS; ++w)
      out->args[1 + i * VYRE_PACKED_OP_WORDS + w] =
          ops[i * VYRE_PACKED_OP_WORDS + w];
  }
  return ok();
}
