//===- IoFixture.h - loading and running the IO test kernels ----*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// kernels/io.mlir with its buffers sized, a whole workload run and reaped,
// and what the device counted: IoTest and IoDifferentialTest.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_UNITTESTS_RUNTIME_IOFIXTURE_H
#define VYRE_UNITTESTS_RUNTIME_IOFIXTURE_H

#include "IoTable.h"
#include "RuntimeFixture.h"

#include <map>
#include <string>
#include <vector>

namespace vyre::test {

class IoRuntimeTest : public RuntimeTest {
protected:
  /// Loads `stem` with `stageRows` staging rows and `outs` results.
  vyre_kernel *loadIo(const std::string &stem, uint32_t stageRows,
                      uint32_t outs) {
    vyre_kernel *k = load(stem);
    if (!k)
      return nullptr;
    EXPECT_EQ(vyre_kernel_set_buffer_length(k, "stage", stageRows * kRowWords),
              VYRE_OK);
    EXPECT_EQ(vyre_kernel_set_buffer_length(k, "out", outs), VYRE_OK);
    return k;
  }
  /// Publishes every slot, waits for all and reaps them, by ticket.
  std::map<uint64_t, vyre_completion> run(vyre_kernel *k,
                                          const std::vector<vyre_slot> &slots) {
    uint32_t n = 0;
    EXPECT_EQ(vyre_kernel_publish(k, slots.data(), uint32_t(slots.size()),
                                  kWait, &n),
              VYRE_OK)
        << vyre_last_error();
    EXPECT_EQ(n, slots.size());
    EXPECT_EQ(vyre_kernel_wait(k, vyre_kernel_published(k), kWait), VYRE_OK)
        << vyre_last_error();
    std::map<uint64_t, vyre_completion> byTicket;
    for (const vyre_completion &c : reapAll(k))
      byTicket[c.ticket] = c;
    return byTicket;
  }
  std::vector<uint32_t> readOut(vyre_kernel *k, uint32_t count) {
    std::vector<uint32_t> out(count);
    EXPECT_EQ(vyre_kernel_read_buffer(k, "out", 0, out.data(), count), VYRE_OK);
    return out;
  }
  /// DONE_COUNT + FAULT_COUNT, as the device counted them.
  uint64_t deviceFinished(vyre_kernel *k) {
    uint32_t words[2] = {};
    EXPECT_EQ(vyre_kernel_read_control(k, VYRE_CTRL_DONE_COUNT, words, 2),
              VYRE_OK);
    return uint64_t(words[0]) + words[1];
  }
};

inline vyre_slot sumRow(uint32_t row, uint32_t stage, uint32_t where,
                 uint32_t source = 0) {
  return makeSlot(kOpSumRow, {row, stage, where, source});
}

} // namespace vyre::test

#endif // VYRE_UNITTESTS_RUNTIME_IOFIXTURE_H
