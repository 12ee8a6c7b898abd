//===- packed.cpp - fuzzing vyre_encode_packed -------------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Any op list: vyre_encode_packed refuses it with a message, or encodes a
// slot that the device's PACKED_SLOT built-in (the reference model, which
// the differential tests hold to the device) runs without BAD_PACKED_SLOT.
//
//===----------------------------------------------------------------------===//

#include "ReferenceModel.h"
#include "vyre/runtime.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 4)
    return 0;
  uint32_t count = 0;
  std::memcpy(&count, data, 4);
  count %= 8; // 0 .. 7 inner ops asked for, valid or not
  std::vector<uint32_t> ops(size_t(count) * VYRE_PACKED_OP_WORDS, 0);
  if (!ops.empty())
    std::memcpy(ops.data(), data + 4,
                std::min(size - 4, ops.size() * sizeof(uint32_t)));
  vyre_slot slot{};
  if (vyre_encode_packed(ops.data(), count, &slot) != VYRE_OK) {
    if (!*vyre_last_error())
      std::abort(); // refused without a reason
    return 0;
  }
  static vyre::ReferenceModel model(
      64, 16, {VYRE_OP_PACKED_SLOT}, {0xFFFFFFFFu});
  vyre::ReferenceOutcome out = model.execute(0, slot);
  if (out.faultCode == VYRE_FAULT_BAD_PACKED_SLOT) {
    std::fprintf(stderr, "encoded a packed slot the device refuses\n");
    std::abort();
  }
  return 0;
}
