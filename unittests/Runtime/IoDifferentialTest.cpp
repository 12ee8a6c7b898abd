//===- IoDifferentialTest.cpp - GPU-initiated IO against the model -*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Random workloads on kernels/io.mlir, run on the device and through the
// reference model (IoModel: the lowering's destination check, the host
// service's source checks, the bytes; SUM_ROW and BUMP written out on the
// CPU beside it). Every slot's status and fault code, the results, the
// observables, the service's counts and its error log must agree. The
// workloads mix rows past a source's end, rows whose byte offset wraps in
// the handler's 32-bit arithmetic, sources nobody registered, staging rows
// past the buffer (and ones whose element index wraps back into it),
// results written past `out`, and slots that ask nothing.
//
//===----------------------------------------------------------------------===//

#include "IoFixture.h"
#include "IoModel.h"

#include <cstring>
#include <random>

using namespace vyre::test;

namespace {

class IoDifferentialTest : public IoRuntimeTest {};

struct Expected {
  uint32_t status = VYRE_STATUS_DONE, faultCode = VYRE_FAULT_NONE;
};

Expected fault(uint32_t code) { return {VYRE_STATUS_FAULT, code}; }

/// kernels/io.mlir's SUM_ROW on the CPU, its read through the model: the
/// offset and the first element are i32 products, so they wrap as the
/// device's do; a result past `out` faults out_of_bounds and writes
/// nothing.
Expected sumRowOnCpu(vyre::IoModel &io, uint64_t ticket, const vyre_slot &s,
                     std::vector<uint32_t> &stage, std::vector<uint32_t> &out) {
  uint32_t offset = s.args[0] * 32u, first = s.args[1] * kRowWords;
  switch (io.read(ticket, s.args[3], offset, kRowWords * 4, stage, first)) {
  case vyre::IoModel::Outcome::OutOfBounds:
    return fault(VYRE_FAULT_OUT_OF_BOUNDS);
  case vyre::IoModel::Outcome::IoError:
    return fault(VYRE_FAULT_IO_ERROR);
  case vyre::IoModel::Outcome::Served:
    break;
  }
  uint32_t sum = 1;
  for (uint32_t w = 0; w < kRowWords; ++w)
    sum += stage[first + w];
  if (s.args[2] >= out.size())
    return fault(VYRE_FAULT_OUT_OF_BOUNDS);
  out[s.args[2]] = sum;
  return {};
}

/// The bytes of `words`, for a memory source.
std::vector<uint8_t> bytesOf(const std::vector<uint32_t> &words) {
  std::vector<uint8_t> bytes(words.size() * 4);
  std::memcpy(bytes.data(), words.data(), bytes.size());
  return bytes;
}

/// One random slot for position `i` of `n`. Staging rows and results are
/// the slot's own (i), so no two slots in flight share a row; the slots
/// whose staging index wraps all land on row `n`, reading the same row, so
/// that sharing it cannot change an answer.
vyre_slot randomSlot(std::mt19937 &rng, uint32_t i, uint32_t n,
                     uint32_t rows) {
  uint32_t row = rng() % rows, stage = i, where = i, source = 0;
  switch (rng() % 16) {
  case 0:
  case 1:
    return makeSlot(kOpBump, {uint32_t(rng() % 4)});
  case 2:
    row = rows + rng() % 4; // past source 0's end
    break;
  case 3:
    row = 0x08000000u + row % 8; // row * 32 wraps to row % 8 * 32
    break;
  case 4:
    source = 7; // registered by nobody
    break;
  case 5:
    source = 1, row = rng() % 24; // source 1 holds 16 rows
    break;
  case 6:
    stage = n + 1 + rng() % 3; // the first past the staging buffer, and on
    break;
  case 7:
    stage = 0x20000000u + n, row = 5; // stage * 8 wraps to row n
    break;
  case 8:
    where = n + rng() % 5; // the result past `out`
    break;
  default:
    break;
  }
  return sumRow(row, stage, where, source);
}

TEST_F(IoDifferentialTest, RandomWorkloadsAgreeWithTheModel) {
  const uint32_t kRows = 48, kSlots = 600;
  std::vector<uint32_t> table = makeTable(kRows), small = makeTable(16);
  for (uint32_t &w : small)
    w ^= 0x5a5a; // another source's rows differ from the table's
  for (const char *stem : {"io", "io_one_entry"})
    for (uint32_t seed : {1u, 2u}) {
      SCOPED_TRACE(std::string(stem) + ", seed " + std::to_string(seed));
      vyre_kernel *k = loadIo(stem, kSlots + 1, kSlots);
      ASSERT_NE(k, nullptr);
      VYRE_OK_OR_FAIL(vyre_kernel_add_io_memory(k, 0, table.data(), table.size() * 4));
      VYRE_OK_OR_FAIL(vyre_kernel_add_io_memory(k, 1, small.data(), small.size() * 4));
      VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
      vyre::IoModel io;
      io.addMemorySource(0, bytesOf(table));
      io.addMemorySource(1, bytesOf(small));
      std::vector<uint32_t> stage((kSlots + 1) * kRowWords), out(kSlots),
          bumps(4);
      std::mt19937 rng(seed);
      std::vector<vyre_slot> slots;
      std::vector<Expected> expected;
      const uint64_t base = vyre_kernel_published(k);
      for (uint32_t i = 0; i < kSlots; ++i) {
        slots.push_back(randomSlot(rng, i, kSlots, kRows));
        if (slots.back().opcode == kOpBump) {
          ++bumps[slots.back().args[0]];
          expected.push_back({});
        } else {
          expected.push_back(sumRowOnCpu(io, base + i, slots.back(), stage, out));
        }
      }
      auto done = run(k, slots);
      ASSERT_EQ(done.size(), kSlots);
      for (uint32_t i = 0; i < kSlots; ++i) {
        const vyre_completion &c = done[base + i];
        EXPECT_EQ(c.status, expected[i].status) << "slot " << i;
        EXPECT_EQ(c.fault_code, expected[i].faultCode) << "slot " << i;
      }
      EXPECT_EQ(readOut(k, kSlots), out);
      EXPECT_EQ(observables(k, 4), bumps);
      EXPECT_EQ(deviceFinished(k), kSlots);
      vyre_io_stats stats{};
      VYRE_OK_OR_FAIL(vyre_kernel_io_stats(k, &stats));
      EXPECT_EQ(stats.requests, io.requests());
      EXPECT_EQ(stats.errors, io.errors());
      EXPECT_EQ(stats.bytes, io.bytesServed());
      std::vector<vyre_io_error> log(kSlots);
      uint32_t n = 0;
      VYRE_OK_OR_FAIL(vyre_kernel_read_io_errors(k, log.data(), kSlots, &n));
      ASSERT_EQ(n, io.failed().size());
      std::map<uint64_t, vyre_io_error> byTicket;
      for (uint32_t e = 0; e < n; ++e)
        byTicket[log[e].ticket] = log[e];
      for (const vyre::IoModel::Failure &f : io.failed()) {
        ASSERT_TRUE(byTicket.count(f.ticket)) << "ticket " << f.ticket;
        const vyre_io_error &e = byTicket[f.ticket];
        EXPECT_EQ(e.source, f.source) << "ticket " << f.ticket;
        EXPECT_EQ(e.offset, f.offset) << "ticket " << f.ticket;
        EXPECT_EQ(e.bytes, f.bytes) << "ticket " << f.ticket;
      }
      expectCleanShutdown(k);
    }
}

} // namespace
