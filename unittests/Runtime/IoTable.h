//===- IoTable.h - the IO tests' table and what SUM_ROW makes of it -*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// kernels/io.mlir's opcodes, the host source its requests read (rows of 8
// words) and the answer SUM_ROW leaves for a row: IoTest and ThreadingTest.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_UNITTESTS_RUNTIME_IOTABLE_H
#define VYRE_UNITTESTS_RUNTIME_IOTABLE_H

#include <cstdint>
#include <vector>

namespace vyre::test {

constexpr uint32_t kRowWords = 8, kOpSumRow = 16, kOpBump = 17;

/// A table of `rows` rows of 8 words, word w of row r = r * 131 + w * 7.
inline std::vector<uint32_t> makeTable(uint32_t rows) {
  std::vector<uint32_t> t(rows * kRowWords);
  for (uint32_t r = 0; r < rows; ++r)
    for (uint32_t w = 0; w < kRowWords; ++w)
      t[r * kRowWords + w] = r * 131 + w * 7;
  return t;
}

/// What SUM_ROW leaves in out[] for `row` (the kernel adds 1).
inline uint32_t rowSum(const std::vector<uint32_t> &table, uint32_t row) {
  uint32_t sum = 1;
  for (uint32_t w = 0; w < kRowWords; ++w)
    sum += table[row * kRowWords + w];
  return sum;
}

} // namespace vyre::test

#endif // VYRE_UNITTESTS_RUNTIME_IOTABLE_H
