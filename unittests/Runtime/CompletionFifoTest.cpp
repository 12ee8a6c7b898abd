//===- CompletionFifoTest.cpp - the pending completions' ring ----*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "CompletionFifo.h"

#include <gtest/gtest.h>

using vyre::CompletionFifo;

namespace {

// Pushes and takes interleaved so the ring wraps and grows while it holds
// entries: every ticket comes out once, in push order.
TEST(CompletionFifoTest, KeepsOrderAcrossWrapsAndGrowth) {
  CompletionFifo fifo;
  uint64_t pushed = 0, taken = 0;
  std::vector<vyre_completion> out(1000);
  for (uint32_t round = 0; round < 50; ++round) {
    uint32_t adds = 37 + round * 29; // past 256, 512, 1024: it grows
    for (uint32_t i = 0; i < adds; ++i)
      fifo.push().ticket = pushed++;
    uint32_t n = fifo.take(out.data(), 100 + round * 11);
    for (uint32_t i = 0; i < n; ++i)
      ASSERT_EQ(out[i].ticket, taken++) << "round " << round;
    EXPECT_EQ(fifo.size(), pushed - taken);
  }
  while (!fifo.empty()) {
    uint32_t n = fifo.take(out.data(), uint32_t(out.size()));
    for (uint32_t i = 0; i < n; ++i)
      ASSERT_EQ(out[i].ticket, taken++);
  }
  EXPECT_EQ(taken, pushed);
  EXPECT_EQ(fifo.take(out.data(), 10), 0u);
}

TEST(CompletionFifoTest, TakeOfZeroAndClear) {
  CompletionFifo fifo;
  vyre_completion one{};
  EXPECT_EQ(fifo.take(&one, 1), 0u);
  fifo.push().ticket = 7;
  EXPECT_EQ(fifo.take(&one, 0), 0u);
  EXPECT_EQ(fifo.size(), 1u);
  fifo.clear();
  EXPECT_TRUE(fifo.empty());
  fifo.push().ticket = 9;
  ASSERT_EQ(fifo.take(&one, 1), 1u);
  EXPECT_EQ(one.ticket, 9u);
}

} // namespace
