//===- SoakTest.cpp - random slots for as long as asked -----------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// The soak (issue 23; scripts/soak.sh runs it): the differential tests'
// random mix (every built-in, bad opcodes, bad tenants, out-of-range
// arguments, malformed packed slots) at every priority, with a JIT-fused
// variant swapped in and out so that requeues and hand-overs happen all
// along, a quota on tenant 1 (the excess completes quota_exceeded on the
// host and never runs), and an injected device loss every
// VYRE_SOAK_LOSS_EVERY slots, each followed by vyre_kernel_rebuild, for
// VYRE_SOAK_SLOTS slots or VYRE_SOAK_SECONDS seconds. Every
// completion is checked against the reference model as it is reaped (the
// mix's results do not depend on the order slots run in), no ticket may
// come back twice or never, DONE_COUNT + FAULT_COUNT must equal the slots
// published, and the control words must end as the model's. Disabled in
// the test suite (it runs as long as it is told).
//
//===----------------------------------------------------------------------===//

#include "RandomWorkload.h"
#include "ReferenceModel.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <unordered_map>

using namespace vyre;
using namespace vyre::test;

namespace {

uint64_t envNumber(const char *name, uint64_t otherwise) {
  const char *v = std::getenv(name);
  return v && *v ? std::strtoull(v, nullptr, 10) : otherwise;
}

class SoakTest : public RuntimeTest {};

} // namespace

TEST_F(SoakTest, DISABLED_RandomSlotsMatchTheReferenceModelForAsLongAsAsked) {
  const uint64_t maxSlots = envNumber("VYRE_SOAK_SLOTS", 10000000);
  const uint64_t seconds = envNumber("VYRE_SOAK_SECONDS", 0);
  const uint64_t swapEvery = envNumber("VYRE_SOAK_SWAP_EVERY", 200000);
  const uint64_t lossEvery = envNumber("VYRE_SOAK_LOSS_EVERY", 1000000);
  const uint32_t quota = uint32_t(envNumber("VYRE_SOAK_QUOTA", 4));
  vyre_kernel *k = load("builtins_persistent");
  ASSERT_TRUE(k);
  uint32_t fused = 0;
  VYRE_OK_OR_FAIL(addVariant(k, "builtins_jit", fused));
  std::vector<uint32_t> table = dfaTable();
  VYRE_OK_OR_FAIL(vyre_kernel_write_buffer(k, "dfa", 0, table.data(), 512));
  if (quota)
    VYRE_OK_OR_FAIL(vyre_kernel_set_tenant_quota(k, 1, quota));
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  ReferenceModel model(kObservables, kBuiltinDebugRecords, kBuiltinArms,
                       kBuiltinTenants, table);
  model.control()[VYRE_CTRL_BUFFER_LENGTHS] = 512;

  Workload workload(20261207);
  std::mt19937 priorities(11);
  std::unordered_map<uint64_t, vyre_slot> inFlight;
  std::vector<vyre_slot> batch;
  std::vector<vyre_completion> chunk(1024);
  uint64_t sent = 0, back = 0, faults = 0, mismatches = 0, swaps = 0;
  uint64_t refused = 0, losses = 0, rebuilds = 0, lostSlots = 0;
  std::mt19937 chaos(23);
  // A lost device, reported by any call: rebuild, and go on.
  auto survive = [&](vyre_status st) {
    if (st != VYRE_ERROR_DEVICE_LOST)
      return st;
    ++rebuilds;
    vyre_status r = vyre_kernel_rebuild(k);
    if (r == VYRE_OK && vyre_kernel_launch(k) == VYRE_ERROR_STATE)
      return VYRE_OK; // relaunched by the rebuild: it was serving
    return r;
  };
  auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                         start).count();
  };
  bool stop = false;
  while (!stop || back < sent) {
    stop = stop || sent >= maxSlots || (seconds && elapsed() >= seconds);
    if (!stop) {
      batch.clear();
      for (uint32_t i = 0; i < 512; ++i) {
        vyre_slot s = workload.next();
        s.priority = priorities() % VYRE_PRIORITY_LEVELS;
        batch.push_back(s);
      }
      uint32_t n = 0;
      uint64_t first = vyre_kernel_published(k);
      vyre_status st = vyre_kernel_publish(k, batch.data(), 512, 0, &n);
      for (uint32_t i = 0; i < n; ++i)
        inFlight.emplace(first + i, batch[i]);
      sent += n;
      st = survive(st);
      ASSERT_TRUE(st == VYRE_OK || st == VYRE_ERROR_RING_FULL)
          << vyre_last_error(); // a full queue takes part of the batch
      if (sent / swapEvery != (sent - n) / swapEvery) {
        VYRE_OK_OR_FAIL(survive(
            vyre_kernel_swap(k, ++swaps % 2 ? fused : 0, kWait)));
      }
      if (lossEvery && sent / lossEvery != (sent - n) / lossEvery) {
        // Within the next few submits and fence checks, wherever they are.
        VYRE_OK_OR_FAIL(vyre_runtime_inject_fault(
            runtime, VYRE_INJECT_DEVICE_LOST, chaos() % 64));
        ++losses;
      }
    }
    uint32_t got = 0;
    VYRE_OK_OR_FAIL(survive(vyre_kernel_reap(k, chunk.data(), 1024, &got)));
    for (uint32_t i = 0; i < got; ++i) {
      const vyre_completion &c = chunk[i];
      auto it = inFlight.find(c.ticket);
      ASSERT_NE(it, inFlight.end()) << "ticket " << c.ticket
                                    << " came back twice or was never sent";
      if (c.status == VYRE_STATUS_FAULT &&
          c.fault_code == VYRE_FAULT_QUOTA_EXCEEDED) {
        EXPECT_EQ(it->second.tenant, 1u) << "ticket " << c.ticket;
        ++refused; // never ran: the model does not run it either
        inFlight.erase(it);
        continue;
      }
      if (c.status == VYRE_STATUS_FAULT &&
          c.fault_code == VYRE_FAULT_DEVICE_LOST) {
        // It may have run in part: the model cannot follow, so it counts
        // as a mismatch too (none are expected: an injected loss stops
        // lanes between slots).
        ++lostSlots;
        ++mismatches;
        ADD_FAILURE() << "ticket " << c.ticket << " completed device_lost";
        inFlight.erase(it);
        continue;
      }
      ReferenceOutcome expect = model.execute(c.slot, it->second);
      faults += expect.status == VYRE_STATUS_FAULT;
      if (c.status != expect.status || c.fault_code != expect.faultCode)
        if (++mismatches <= 10)
          ADD_FAILURE() << "ticket " << c.ticket << " (opcode "
                        << it->second.opcode << "): device " << c.status
                        << "/" << c.fault_code << ", reference "
                        << expect.status << "/" << expect.faultCode;
      inFlight.erase(it);
    }
    back += got;
    if (stop && !got)
      VYRE_OK_OR_FAIL(survive(vyre_kernel_wait(k, sent, kWait)));
  }
  double took = elapsed();
  EXPECT_EQ(mismatches, 0u);
  EXPECT_TRUE(inFlight.empty());
  VYRE_OK_OR_FAIL(vyre_runtime_inject_fault(runtime, VYRE_INJECT_NONE, 0));
  VYRE_OK_OR_FAIL(survive(vyre_kernel_swap(k, 0, kWait)));
  std::vector<uint32_t> device(kControlWords);
  VYRE_OK_OR_FAIL(vyre_kernel_read_control(k, 0, device.data(), kControlWords));
  EXPECT_EQ(uint64_t(device[VYRE_CTRL_DONE_COUNT]) +
                device[VYRE_CTRL_FAULT_COUNT] + refused + lostSlots,
            sent % (uint64_t(1) << 32)); // 32-bit device counters
  for (uint32_t w = VYRE_CTRL_OBSERVABLES; w < kControlWords; ++w)
    EXPECT_EQ(device[w], model.control()[w]) << "observable word " << w;
  vyre_jit_stats jit{};
  VYRE_OK_OR_FAIL(vyre_kernel_jit_stats(k, &jit));
  expectCleanShutdown(k, kWait);
  std::printf("[ soak ] %llu slots in %.1f s (%.0f slots/s), %llu faults, "
              "%llu mismatches, %llu swaps asked, %llu requeued, %llu "
              "hand-overs, %u relaunches, %llu over quota, %llu losses "
              "injected, %llu rebuilds, %llu slots device_lost\n",
              (unsigned long long)sent, took, sent / took,
              (unsigned long long)faults, (unsigned long long)mismatches,
              (unsigned long long)swaps, (unsigned long long)jit.requeued,
              (unsigned long long)jit.handovers, vyre_kernel_relaunches(k),
              (unsigned long long)refused, (unsigned long long)losses,
              (unsigned long long)rebuilds, (unsigned long long)lostSlots);
}
