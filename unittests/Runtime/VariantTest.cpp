//===- VariantTest.cpp - JIT variants, swaps and requeues ---------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// builtins_jit is builtins_persistent compiled by vyre-to-spirv-jit with a
// profile that fuses STORE_U32, ATOMIC_ADD and LOAD_U32; every other opcode
// comes back REQUEUE and must be served by the generic kernel.
// (DifferentialTest.cpp runs 100,000 slots across swaps against the model.)
//
//===----------------------------------------------------------------------===//

#include "RuntimeFixture.h"

#include <algorithm>
#include <string>

using namespace vyre::test;

namespace {

constexpr uint32_t kObs = VYRE_CTRL_OBSERVABLES;

class VariantTest : public RuntimeTest {
protected:
  vyre_kernel *loadWithJit(uint32_t &fused) {
    vyre_kernel *k = load("builtins_persistent");
    if (!k)
      return nullptr;
    EXPECT_EQ(addVariant(k, "builtins_jit", fused), VYRE_OK)
        << vyre_last_error();
    return k;
  }
  /// `n` slots cycling through five kinds: ATOMIC_ADD 2 into observable 1,
  /// BATCH_FENCE tagging observable 0 with 99, `third`, an unknown opcode
  /// (4242), and a STORE_U32 from tenant 2, which may run nothing.
  std::vector<vyre_slot> fiveWayMix(uint32_t n, vyre_slot third) {
    std::vector<vyre_slot> slots;
    for (uint32_t i = 0; i < n; ++i) {
      switch (i % 5) {
      case 0: slots.push_back(makeSlot(VYRE_OP_ATOMIC_ADD, {2, kObs + 1})); break;
      case 1: slots.push_back(makeSlot(VYRE_OP_BATCH_FENCE, {0, 99})); break;
      case 2: slots.push_back(third); break;
      case 3: slots.push_back(makeSlot(4242)); break;
      default: slots.push_back(makeSlot(VYRE_OP_STORE_U32, {1, kObs + 2}, 2));
      }
    }
    return slots;
  }
  /// Publishes every slot, waits for all, reaps them sorted by ticket.
  std::vector<vyre_completion>
  publishAndReapAll(vyre_kernel *k, const std::vector<vyre_slot> &slots) {
    uint32_t sent = 0;
    while (sent < slots.size()) {
      uint32_t n = 0;
      vyre_status s = vyre_kernel_publish(k, slots.data() + sent,
                                          uint32_t(slots.size()) - sent,
                                          kWait, &n);
      EXPECT_EQ(s, VYRE_OK) << vyre_last_error();
      if (s != VYRE_OK)
        return {};
      sent += n;
    }
    EXPECT_EQ(vyre_kernel_wait(k, slots.size(), kWait), VYRE_OK)
        << vyre_last_error();
    std::vector<vyre_completion> done = reapAll(k);
    std::sort(done.begin(), done.end(),
              [](auto &a, auto &b) { return a.ticket < b.ticket; });
    return done;
  }
};

TEST_F(VariantTest, AFusedKernelDoesNotLoadAlone) {
  vyre_kernel *k = nullptr;
  EXPECT_EQ(vyre_kernel_load(runtime, kernelPath("builtins_jit", ".spv").c_str(),
                             kernelPath("builtins_jit", ".json").c_str(), &k),
            VYRE_ERROR_BAD_MODULE);
  EXPECT_EQ(k, nullptr);
  EXPECT_NE(std::string(vyre_last_error()).find("vyre_kernel_add_variant"),
            std::string::npos)
      << vyre_last_error();
}

TEST_F(VariantTest, AVariantMustShareTheLayout) {
  vyre_kernel *k = load("builtins_persistent");
  ASSERT_TRUE(k);
  uint32_t index = 0;
  EXPECT_EQ(addVariant(k, "user_handlers", index), VYRE_ERROR_BAD_MODULE);
  EXPECT_NE(std::string(vyre_last_error()).find("cannot share"),
            std::string::npos)
      << vyre_last_error();
  EXPECT_EQ(vyre_kernel_swap(k, 1, kWait), VYRE_ERROR_INVALID_ARGUMENT);
  vyre_kernel *once = load("builtins_once");
  ASSERT_TRUE(once);
  EXPECT_EQ(addVariant(once, "builtins_jit", index), VYRE_ERROR_STATE);
}

// builtins_jit_deferred fuses ATOMIC_ADD and NOP and defers STORE_U32 and
// BATCH_FENCE: those are served by the fused kernel itself, after the
// claim; only the unknown opcode is requeued.
TEST_F(VariantTest, DeferredArmsServeEverySlot) {
  vyre_kernel *k = load("builtins_persistent");
  ASSERT_TRUE(k);
  uint32_t deferred = 0;
  ASSERT_EQ(addVariant(k, "builtins_jit_deferred", deferred), VYRE_OK)
      << vyre_last_error();
  VYRE_OK_OR_FAIL(vyre_kernel_swap(k, deferred, kWait));
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  std::vector<vyre_slot> slots =
      fiveWayMix(20000, makeSlot(VYRE_OP_STORE_U32, {7, kObs + 3}));
  std::vector<vyre_completion> done = publishAndReapAll(k, slots);
  ASSERT_EQ(done.size(), slots.size());
  for (uint32_t i = 0; i < slots.size(); ++i) {
    ASSERT_EQ(done[i].ticket, i);
    uint32_t wantCode = i % 5 == 3   ? VYRE_FAULT_UNKNOWN_OPCODE
                        : i % 5 == 4 ? VYRE_FAULT_TENANT_DENIED
                                     : 0u;
    EXPECT_EQ(done[i].fault_code, wantCode) << "ticket " << i;
  }
  std::vector<uint32_t> obs = observables(k, 4);
  EXPECT_EQ(obs[0], 99u);          // BATCH_FENCE tag (deferred)
  EXPECT_EQ(obs[1], 4000u * 2);    // ATOMIC_ADDs (fused)
  EXPECT_EQ(obs[2], 0u);           // tenant 2 stored nothing (deferred)
  EXPECT_EQ(obs[3], 7u);           // STORE_U32 (deferred)
  vyre_jit_stats stats;
  VYRE_OK_OR_FAIL(vyre_kernel_jit_stats(k, &stats));
  EXPECT_LE(stats.requeued, 4000u) << "only the unknown opcode is requeued";
  expectCleanShutdown(k);
}

// Launched fused from the start: every slot of an opcode it did not fuse
// is requeued, handed to the generic kernel and completes once, with its
// ticket; results are those of the generic kernel alone.
TEST_F(VariantTest, RequeuedSlotsAllComplete) {
  uint32_t fused = 0;
  vyre_kernel *k = loadWithJit(fused);
  ASSERT_TRUE(k);
  VYRE_OK_OR_FAIL(vyre_kernel_swap(k, fused, kWait)); // before launch
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  // 3000 slots: ATOMIC_ADD (fused) into observable 1, BATCH_FENCE
  // (requeued) tagging observable 0, NOP (requeued), an unknown opcode
  // (requeued, then UNKNOWN_OPCODE from the generic kernel) and a
  // STORE_U32 from tenant 2, which may run nothing (fused: TENANT_DENIED
  // in the fused kernel itself).
  std::vector<vyre_slot> slots = fiveWayMix(3000, makeSlot(VYRE_OP_NOP));
  std::vector<vyre_completion> done = publishAndReapAll(k, slots);
  ASSERT_EQ(done.size(), slots.size());
  for (uint32_t i = 0; i < slots.size(); ++i) {
    ASSERT_EQ(done[i].ticket, i);
    uint32_t wantStatus = (i % 5 == 3 || i % 5 == 4) ? VYRE_STATUS_FAULT
                                                     : VYRE_STATUS_DONE;
    uint32_t wantCode = i % 5 == 3   ? VYRE_FAULT_UNKNOWN_OPCODE
                        : i % 5 == 4 ? VYRE_FAULT_TENANT_DENIED
                                     : 0u;
    EXPECT_EQ(done[i].status, wantStatus) << "ticket " << i;
    EXPECT_EQ(done[i].fault_code, wantCode) << "ticket " << i;
  }
  std::vector<uint32_t> obs = observables(k, 3);
  EXPECT_EQ(obs[0], 99u);       // BATCH_FENCE tag, from the generic kernel
  EXPECT_EQ(obs[1], 600u * 2);  // 600 ATOMIC_ADDs, fused
  EXPECT_EQ(obs[2], 0u);        // tenant 2 stored nothing
  uint32_t control[2];
  VYRE_OK_OR_FAIL(vyre_kernel_read_control(k, VYRE_CTRL_DONE_COUNT, control, 2));
  EXPECT_EQ(control[0], 1800u); // each slot counted once
  EXPECT_EQ(control[1], 1200u);
  vyre_jit_stats stats;
  VYRE_OK_OR_FAIL(vyre_kernel_jit_stats(k, &stats));
  EXPECT_EQ(stats.variants, 1u);
  // Fence, NOP and unknown slots are requeued when the fused kernel meets
  // them; those published while the generic kernel serves a hand-over are
  // run by it directly.
  EXPECT_GT(stats.requeued, 0u);
  EXPECT_LE(stats.requeued, 1800u);
  EXPECT_GT(stats.handovers, 0u);
  expectCleanShutdown(k);
  VYRE_OK_OR_FAIL(vyre_kernel_jit_stats(k, &stats));
  EXPECT_EQ(stats.active, fused) << "after shutdown the fused kernel is next";
}

// A small threshold hands over often; the age limit alone also hands over
// a lone requeued slot while fused work keeps coming.
TEST_F(VariantTest, RequeuePolicyOptions) {
  uint32_t fused = 0;
  vyre_kernel *k = loadWithJit(fused);
  ASSERT_TRUE(k);
  EXPECT_EQ(vyre_kernel_set_requeue_policy(k, 0, 0), VYRE_ERROR_INVALID_ARGUMENT);
  VYRE_OK_OR_FAIL(vyre_kernel_set_requeue_policy(k, 1, 0));
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  VYRE_OK_OR_FAIL(vyre_kernel_swap(k, fused, kWait)); // while running
  std::vector<vyre_slot> slots;
  for (uint32_t i = 0; i < 400; ++i)
    slots.push_back(i % 4 ? makeSlot(VYRE_OP_ATOMIC_ADD, {1, kObs + 3})
                          : makeSlot(VYRE_OP_NOP));
  uint32_t n = 0;
  VYRE_OK_OR_FAIL(vyre_kernel_publish(k, slots.data(), 400, kWait, &n));
  VYRE_OK_OR_FAIL(vyre_kernel_wait(k, 400, kWait));
  EXPECT_EQ(observables(k, 4)[3], 300u);
  vyre_jit_stats stats;
  VYRE_OK_OR_FAIL(vyre_kernel_jit_stats(k, &stats));
  EXPECT_GT(stats.requeued, 0u);
  EXPECT_LE(stats.requeued, 100u);
  EXPECT_GE(stats.handovers, 1u);
  expectCleanShutdown(k);
}

} // namespace
