//===- ReferenceModel.h - CPU model of the built-in opcodes ------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Executes slots one at a time with exactly the semantics the lowering gives
// a megakernel of built-in handlers: the tenant checks, the dispatch arms and
// their counters, bounds checks (a failed read yields 0, a failed write does
// nothing, the first fault of a slot wins, the handler runs on), the fault
// codes, the debug log and the DONE/FAULT counters. The end-to-end tests run
// the same slots on the device and compare.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_REFERENCE_REFERENCEMODEL_H
#define VYRE_REFERENCE_REFERENCEMODEL_H

#include "vyre/runtime.h"

#include <cstdint>
#include <vector>

namespace vyre {

struct ReferenceOutcome {
  uint32_t status = VYRE_STATUS_DONE;
  uint32_t faultCode = VYRE_FAULT_NONE;
};

class ReferenceModel {
public:
  /// `arms`: the opcode each dispatch arm serves, in arm order (built-ins
  /// only). `tenants`: vyre_tenant_mask_words(arms) words per tenant.
  /// `dfaTable`: DFA_STEP's table buffer, if the kernel has one.
  ReferenceModel(uint32_t observables, uint32_t debugRecords,
                 std::vector<uint32_t> arms, std::vector<uint32_t> tenants,
                 std::vector<uint32_t> dfaTable = {});

  ReferenceOutcome execute(uint32_t slotIndex, const vyre_slot &slot);

  const std::vector<uint32_t> &control() const { return ctrl; }
  std::vector<uint32_t> &control() { return ctrl; }
  uint32_t debugAppended() const { return appended; }
  const std::vector<vyre_debug_record> &debugRecords() const { return records; }

private:
  uint32_t load(uint32_t index);
  void store(uint32_t index, uint32_t value);
  void observe(uint32_t index, uint32_t value);
  void raise(uint32_t code) {
    if (!fault)
      fault = code;
  }
  void runBuiltin(uint32_t opcode, const uint32_t *a);
  void runPackedInner(uint32_t op, uint32_t x, uint32_t y);

  uint32_t observables, debugCapacity;
  std::vector<uint32_t> arms;
  std::vector<uint32_t> ctrl;
  std::vector<uint32_t> table;
  std::vector<vyre_debug_record> records;
  uint32_t appended = 0;
  uint32_t fault = 0;
};

} // namespace vyre

#endif // VYRE_REFERENCE_REFERENCEMODEL_H
