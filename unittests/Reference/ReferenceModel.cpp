//===- ReferenceModel.cpp - CPU model of the built-in opcodes ----*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "ReferenceModel.h"

using namespace vyre;

ReferenceModel::ReferenceModel(uint32_t observables, uint32_t debugRecords,
                               std::vector<uint32_t> arms,
                               std::vector<uint32_t> tenants,
                               std::vector<uint32_t> dfaTable)
    : observables(observables), debugCapacity(debugRecords),
      arms(std::move(arms)),
      ctrl(vyre_control_words(observables, this->arms.size()), 0),
      table(std::move(dfaTable)) {
  uint32_t n = this->arms.size(), words = vyre_tenant_mask_words(n);
  for (size_t i = 0; i < tenants.size() && i / words < VYRE_MAX_TENANTS; ++i)
    ctrl[vyre_tenant_mask_word(observables, n, i / words, i % words)] =
        tenants[i];
}

uint32_t ReferenceModel::load(uint32_t index) {
  if (index < ctrl.size())
    return ctrl[index];
  raise(VYRE_FAULT_OUT_OF_BOUNDS);
  return 0;
}

void ReferenceModel::store(uint32_t index, uint32_t value) {
  if (vyre_control_word_writable(observables, index))
    ctrl[index] = value;
  else
    raise(VYRE_FAULT_OUT_OF_BOUNDS);
}

void ReferenceModel::observe(uint32_t index, uint32_t value) {
  if (index < observables)
    ctrl[VYRE_CTRL_OBSERVABLES + index] = value;
  else
    raise(VYRE_FAULT_OUT_OF_BOUNDS);
}

void ReferenceModel::runPackedInner(uint32_t op, uint32_t x, uint32_t y) {
  switch (op) {
  case VYRE_OP_STORE_U32:
    return store(y, x);
  case VYRE_OP_ATOMIC_ADD:
    if (vyre_control_word_writable(observables, y))
      ctrl[y] += x;
    else
      raise(VYRE_FAULT_OUT_OF_BOUNDS);
    return;
  case VYRE_OP_LOAD_U32:
    return observe(y, load(x));
  default: // NOP
    return;
  }
}

void ReferenceModel::runBuiltin(uint32_t opcode, const uint32_t *a) {
  switch (opcode) {
  case VYRE_OP_NOP:
    return;
  case VYRE_OP_STORE_U32:
  case VYRE_OP_ATOMIC_ADD:
  case VYRE_OP_LOAD_U32:
    return runPackedInner(opcode, a[0], a[1]);
  case VYRE_OP_COMPARE_SWAP: {
    uint32_t previous = 0;
    if (vyre_control_word_writable(observables, a[0])) {
      previous = ctrl[a[0]];
      if (previous == a[1])
        ctrl[a[0]] = a[2];
    } else {
      raise(VYRE_FAULT_OUT_OF_BOUNDS);
    }
    return observe(a[3], previous);
  }
  case VYRE_OP_MEMCPY:
    // Either range past the buffer faults before any word moves (a0 + i
    // would wrap in 32 bits to low words).
    if (a[2] > ctrl.size() || a[0] > ctrl.size() - a[2] ||
        a[1] > ctrl.size() - a[2])
      return raise(VYRE_FAULT_OUT_OF_BOUNDS);
    for (uint32_t i = 0; i < a[2]; ++i)
      store(a[1] + i, load(a[0] + i));
    return;
  case VYRE_OP_DFA_STEP: {
    // A state of 2^24 or more wraps a0 * 256 in 32 bits: out of bounds.
    uint32_t index =
        a[0] <= 0xFFFFFFu ? a[0] * 256u + (a[1] & 255u) : 0xFFFFFFFFu;
    uint32_t next = 0;
    if (index < table.size())
      next = table[index];
    else
      raise(VYRE_FAULT_OUT_OF_BOUNDS);
    return observe(a[2], next);
  }
  case VYRE_OP_BATCH_FENCE:
    ctrl[VYRE_CTRL_EPOCH] += 1;
    return observe(0, a[1]);
  case VYRE_OP_PRINTF: {
    uint32_t record = appended++;
    if (record < debugCapacity)
      records.push_back({a[0], {a[1], a[2], a[3]}});
    return;
  }
  case VYRE_OP_SHUTDOWN:
    ctrl[VYRE_CTRL_SHUTDOWN] = 1;
    return;
  case VYRE_OP_PACKED_SLOT: {
    uint32_t n = a[0];
    bool valid = n != 0 && n <= VYRE_PACKED_MAX_OPS;
    for (uint32_t k = 0; k < VYRE_PACKED_MAX_OPS; ++k)
      if (k < n && a[1 + k * VYRE_PACKED_OP_WORDS] > VYRE_OP_LOAD_U32)
        valid = false;
    if (!valid)
      return raise(VYRE_FAULT_BAD_PACKED_SLOT);
    for (uint32_t k = 0; k < n; ++k) {
      const uint32_t *op = a + 1 + k * VYRE_PACKED_OP_WORDS;
      runPackedInner(op[0], op[1], op[2]);
    }
    return;
  }
  }
}

ReferenceOutcome ReferenceModel::execute(uint32_t slotIndex,
                                         const vyre_slot &slot) {
  fault = VYRE_FAULT_NONE;
  if (slot.tenant >= VYRE_MAX_TENANTS) {
    raise(VYRE_FAULT_TENANT_OUT_OF_RANGE);
  } else {
    uint32_t n = arms.size();
    uint32_t arm = 0;
    while (arm < n && arms[arm] != slot.opcode)
      ++arm;
    if (arm == n) {
      raise(VYRE_FAULT_UNKNOWN_OPCODE);
    } else if (!((ctrl[vyre_tenant_mask_word(observables, n, slot.tenant,
                                             arm / 32)] >>
                  (arm % 32)) &
                 1u)) {
      raise(VYRE_FAULT_TENANT_DENIED);
    } else {
      ctrl[vyre_handler_counter_word(observables, n, arm)] += 1;
      runBuiltin(slot.opcode, slot.args);
    }
  }
  ReferenceOutcome outcome;
  if (fault) {
    uint32_t cursor = ctrl[VYRE_CTRL_FAULT_LOG_CURSOR]++;
    uint32_t entry = cursor % VYRE_FAULT_LOG_ENTRIES;
    ctrl[VYRE_CTRL_FAULT_LOG + entry * VYRE_FAULT_LOG_ENTRY_WORDS] = slotIndex;
    ctrl[VYRE_CTRL_FAULT_LOG + entry * VYRE_FAULT_LOG_ENTRY_WORDS + 1] = fault;
    ctrl[VYRE_CTRL_FAULT_COUNT] += 1;
    outcome.status = VYRE_STATUS_FAULT;
    outcome.faultCode = fault;
  } else {
    ctrl[VYRE_CTRL_DONE_COUNT] += 1;
  }
  return outcome;
}
