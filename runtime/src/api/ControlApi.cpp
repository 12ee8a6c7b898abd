//===- ControlApi.cpp - the C API of buffers and control words ---*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// User buffers, tenant masks and quotas, queue capacities, control words,
// observables, handler counters, the fault and debug logs: argument
// checks, then vyre_kernel's members (Control.cpp); and vyre_encode_packed,
// which needs no kernel.
//
//===----------------------------------------------------------------------===//

#include "Error.h"
#include "Kernel.h"

#include <string>

using namespace vyre;

extern "C" vyre_status vyre_kernel_set_buffer_length(
    vyre_kernel *k, const char *name, uint32_t elements) {
  REQUIRE(k, VYRE_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  return k->setBufferLength(name, elements);
}

extern "C" vyre_status vyre_kernel_write_buffer(vyre_kernel *k,
                                                const char *name,
                                                uint32_t first,
                                                const void *data,
                                                uint32_t count) {
  REQUIRE(k, VYRE_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  return k->writeBuffer(name, first, data, count);
}

extern "C" vyre_status vyre_kernel_read_buffer(vyre_kernel *k, const char *name,
                                               uint32_t first, void *data,
                                               uint32_t count) {
  REQUIRE(k, VYRE_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  return k->readBuffer(name, first, data, count);
}

extern "C" vyre_status vyre_kernel_set_tenant_mask_words(
    vyre_kernel *k, uint32_t tenant, const uint32_t *words, uint32_t count) {
  REQUIRE(k, VYRE_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  return k->setTenantMaskWords(tenant, words, count);
}

extern "C" vyre_status vyre_kernel_set_tenant_quota(
    vyre_kernel *k, uint32_t tenant, uint32_t maxInFlight) {
  REQUIRE(k, VYRE_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  return k->setTenantQuota(tenant, maxInFlight);
}

extern "C" vyre_status vyre_kernel_read_control(vyre_kernel *k, uint32_t first,
                                                uint32_t *out, uint32_t count) {
  REQUIRE(k && (out || !count), VYRE_ERROR_INVALID_ARGUMENT,
          "kernel or out is NULL");
  return k->readControl(first, out, count);
}

extern "C" vyre_status vyre_kernel_write_control(vyre_kernel *k, uint32_t word,
                                                 uint32_t value) {
  REQUIRE(k, VYRE_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  return k->writeControl(word, value);
}

extern "C" vyre_status vyre_kernel_read_observables(
    vyre_kernel *k, uint32_t first, uint32_t *out, uint32_t count) {
  REQUIRE(k, VYRE_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  return k->readObservables(first, out, count);
}

extern "C" vyre_status vyre_kernel_read_handler_counters(
    vyre_kernel *k, uint32_t *out, uint32_t count) {
  REQUIRE(k, VYRE_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  return k->readHandlerCounters(out, count);
}

extern "C" vyre_status vyre_kernel_read_fault_log(vyre_kernel *k,
                                                  vyre_fault *out,
                                                  uint32_t capacity,
                                                  uint32_t *count) {
  REQUIRE(k && count && (out || !capacity), VYRE_ERROR_INVALID_ARGUMENT,
          "kernel, out or count is NULL");
  return k->readFaultLog(out, capacity, count);
}

extern "C" vyre_status vyre_kernel_read_debug_log(vyre_kernel *k,
                                                  vyre_debug_record *out,
                                                  uint32_t capacity,
                                                  uint32_t *count,
                                                  uint32_t *dropped) {
  REQUIRE(k && count && (out || !capacity), VYRE_ERROR_INVALID_ARGUMENT,
          "kernel, out or count is NULL");
  return k->readDebugLog(out, capacity, count, dropped);
}

extern "C" vyre_status vyre_kernel_set_tenant_mask(vyre_kernel *k,
                                                   uint32_t tenant,
                                                   uint32_t mask) {
  return vyre_kernel_set_tenant_mask_words(k, tenant, &mask, 1);
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

extern "C" vyre_status vyre_kernel_set_queue_capacities(
    vyre_kernel *k, const uint32_t capacities[VYRE_PRIORITY_LEVELS]) {
  REQUIRE(k && capacities, VYRE_ERROR_INVALID_ARGUMENT,
          "kernel or capacities is NULL");
  return k->setQueueCapacities(capacities);
}
