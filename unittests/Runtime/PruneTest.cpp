//===- PruneTest.cpp - batch pruning: the rules and the runtime API ------===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// The rules (common/prune/BatchPruner.h) are checked against the CPU
// reference model on random batches: a pruned batch, run in publish order,
// must leave every control word the full batch leaves, except the counters
// of slots run. The runtime's vyre_kernel_prune_batch is checked on the
// device's kernel, with its live tenant masks.
//
//===----------------------------------------------------------------------===//

#include "BatchPruner.h"
#include "ReferenceModel.h"
#include "RuntimeFixture.h"

#include <algorithm>
#include <random>

using namespace vyre;
using namespace vyre::test;

namespace {

constexpr uint32_t kObservables = 64;
constexpr uint32_t kObs = VYRE_CTRL_OBSERVABLES;

/// Random slots over 16 observables, so stores and loads collide often.
vyre_slot randomSlot(std::mt19937 &rng) {
  auto below = [&](uint32_t n) { return uint32_t(rng() % n); };
  auto word = [&] { return kObs + below(16); };
  uint32_t pick = below(100);
  if (pick < 10)
    return makeSlot(VYRE_OP_NOP);
  if (pick < 40)
    return makeSlot(VYRE_OP_STORE_U32, {below(4), word()});
  if (pick < 60)
    return makeSlot(VYRE_OP_LOAD_U32, {word(), below(16)});
  if (pick < 63) // an ABI word as the source (it moves with each fault)
    return makeSlot(VYRE_OP_LOAD_U32, {VYRE_CTRL_FAULT_COUNT, below(16)});
  if (pick < 70)
    return makeSlot(VYRE_OP_ATOMIC_ADD, {1 + below(3), word()});
  if (pick < 74)
    return makeSlot(VYRE_OP_COMPARE_SWAP, {word(), below(4), below(4), below(16)});
  if (pick < 78)
    return makeSlot(VYRE_OP_MEMCPY, {word(), word(), 1 + below(2)});
  if (pick < 80)
    return makeSlot(VYRE_OP_DFA_STEP, {0, below(256), below(16)});
  if (pick < 82)
    return makeSlot(VYRE_OP_BATCH_FENCE, {0, below(4)});
  if (pick < 85)
    return makeSlot(VYRE_OP_STORE_U32, {1, kObs + kObservables + below(8)});
  if (pick < 89)
    return makeSlot(VYRE_OP_STORE_U32, {below(4), word()}, 1);
  if (pick < 92)
    return makeSlot(VYRE_OP_LOAD_U32, {word(), below(16)}, 1); // denied
  if (pick < 95)
    return makeSlot(VYRE_OP_STORE_U32, {below(4), word()}, 2); // denied
  if (pick < 97)
    return makeSlot(0x1234); // unknown opcode
  return makeSlot(VYRE_OP_PRINTF, {below(4), 1, 2, 3});
}

prune::KernelFacts referenceFacts() {
  prune::KernelFacts facts;
  facts.observables = kObservables;
  facts.controlWords = vyre_control_words(kObservables, kBuiltinArms.size());
  facts.runsBuiltin = [](uint32_t opcode, uint32_t tenant) {
    auto arm = std::find(kBuiltinArms.begin(), kBuiltinArms.end(), opcode);
    if (arm == kBuiltinArms.end() || tenant >= kBuiltinTenants.size())
      return false;
    uint32_t index = uint32_t(arm - kBuiltinArms.begin());
    return ((kBuiltinTenants[tenant] >> index) & 1u) != 0;
  };
  return facts;
}

std::vector<prune::BatchItem> toItems(const std::vector<vyre_slot> &slots) {
  std::vector<prune::BatchItem> items(slots.size());
  for (size_t i = 0; i < slots.size(); ++i) {
    items[i].opcode = slots[i].opcode;
    items[i].tenant = slots[i].tenant;
    std::copy(slots[i].args, slots[i].args + VYRE_SLOT_ARG_COUNT,
              items[i].args.begin());
  }
  return items;
}

/// Counters of slots run: the only words pruning may change.
bool countsRuns(uint32_t word) {
  return word == VYRE_CTRL_DONE_COUNT ||
         (word >= VYRE_CTRL_HANDLER_COUNTERS &&
          word < VYRE_CTRL_HANDLER_COUNTERS + VYRE_BASE_HANDLERS);
}

TEST(BatchPruner, PrunedBatchesLeaveTheReferenceModelInTheSameState) {
  std::vector<uint32_t> table(512);
  for (uint32_t i = 0; i < table.size(); ++i)
    table[i] = i % 5;
  prune::KernelFacts facts = referenceFacts();
  uint32_t totals[4] = {0, 0, 0, 0};
  for (uint32_t seed = 1; seed <= 300; ++seed) {
    std::mt19937 rng(seed);
    std::vector<vyre_slot> slots(400);
    for (vyre_slot &s : slots)
      s = randomSlot(rng);
    prune::PruneResult result = prune::pruneBatch(toItems(slots), facts);
    ASSERT_EQ(result.verdicts.size(), slots.size());

    ReferenceModel full(kObservables, kBuiltinDebugRecords, kBuiltinArms,
                        kBuiltinTenants, table);
    ReferenceModel pruned(kObservables, kBuiltinDebugRecords, kBuiltinArms,
                          kBuiltinTenants, table);
    // Both read FAULT_COUNT, which counts only faults: pruned slots never
    // fault, so it agrees. Slot indices are the batch positions on both
    // sides, so the fault logs agree too.
    for (uint32_t i = 0; i < slots.size(); ++i) {
      ReferenceOutcome a = full.execute(i, slots[i]);
      ++totals[uint8_t(result.verdicts[i])];
      if (!result.keeps(i)) {
        EXPECT_EQ(a.status, VYRE_STATUS_DONE) << "seed " << seed << " slot "
                                              << i << " pruned but faults";
        continue;
      }
      ReferenceOutcome b = pruned.execute(i, slots[i]);
      ASSERT_EQ(a.status, b.status) << "seed " << seed << " slot " << i;
      ASSERT_EQ(a.faultCode, b.faultCode) << "seed " << seed << " slot " << i;
    }
    for (uint32_t w = 0; w < full.control().size(); ++w)
      if (!countsRuns(w))
        ASSERT_EQ(full.control()[w], pruned.control()[w])
            << "seed " << seed << ", control word " << w;
    ASSERT_EQ(full.debugAppended(), pruned.debugAppended());
  }
  // Every rule fired, and most slots were kept.
  EXPECT_GT(totals[VYRE_PRUNE_NO_EFFECT], 1000u);
  EXPECT_GT(totals[VYRE_PRUNE_DUPLICATE], 300u);
  EXPECT_GT(totals[VYRE_PRUNE_OVERWRITTEN], 1000u);
  EXPECT_GT(totals[VYRE_PRUNE_KEPT], 60000u);
  std::printf("[ info ] 120000 slots: %u kept, %u without effect, %u "
              "duplicate, %u overwritten\n",
              totals[0], totals[1], totals[2], totals[3]);
}

TEST(BatchPruner, BarriersAndAtomicsStopPruning) {
  prune::KernelFacts facts = referenceFacts();
  auto verdicts = [&](std::vector<vyre_slot> slots) {
    std::vector<uint8_t> out;
    for (prune::Verdict v : prune::pruneBatch(toItems(slots), facts).verdicts)
      out.push_back(uint8_t(v));
    return out;
  };
  using V = std::vector<uint8_t>;
  const uint8_t K = VYRE_PRUNE_KEPT, N = VYRE_PRUNE_NO_EFFECT,
                D = VYRE_PRUNE_DUPLICATE, O = VYRE_PRUNE_OVERWRITTEN;
  // A store overwritten unread, then repeated: both rules.
  EXPECT_EQ(verdicts({makeSlot(VYRE_OP_STORE_U32, {1, 170}),
                      makeSlot(VYRE_OP_STORE_U32, {2, 170}),
                      makeSlot(VYRE_OP_STORE_U32, {2, 170}),
                      makeSlot(VYRE_OP_NOP)}),
            (V{O, K, D, N}));
  // An atomic on the word reads it: the first store is not dead.
  EXPECT_EQ(verdicts({makeSlot(VYRE_OP_STORE_U32, {1, 170}),
                      makeSlot(VYRE_OP_ATOMIC_ADD, {1, 170}),
                      makeSlot(VYRE_OP_STORE_U32, {2, 170})}),
            (V{K, K, K}));
  // A BATCH_FENCE (and any slot the pruner cannot see through) is a
  // barrier: no duplicate across it, no overwrite across it.
  EXPECT_EQ(verdicts({makeSlot(VYRE_OP_STORE_U32, {2, 170}),
                      makeSlot(VYRE_OP_BATCH_FENCE, {0, 9}),
                      makeSlot(VYRE_OP_STORE_U32, {2, 170}),
                      makeSlot(0x1234),
                      makeSlot(VYRE_OP_STORE_U32, {3, 170})}),
            (V{K, K, K, K, K}));
  // A copy repeats only while its source is unchanged (observable 5 is
  // read between the copies, so the first is not overwritten unread).
  EXPECT_EQ(verdicts({makeSlot(VYRE_OP_LOAD_U32, {180, 5}),
                      makeSlot(VYRE_OP_LOAD_U32, {180, 5}),
                      makeSlot(VYRE_OP_LOAD_U32, {kObs + 5, 6}),
                      makeSlot(VYRE_OP_STORE_U32, {7, 180}),
                      makeSlot(VYRE_OP_LOAD_U32, {180, 5})}),
            (V{K, D, K, K, K}));
  // The ABI's own words are never written by slots: such a store faults and
  // stays; a write past the observables too.
  EXPECT_EQ(verdicts({makeSlot(VYRE_OP_STORE_U32, {~0u, VYRE_CTRL_TENANT_TABLE}),
                      makeSlot(VYRE_OP_STORE_U32, {~0u, VYRE_CTRL_TENANT_TABLE}),
                      makeSlot(VYRE_OP_STORE_U32, {1, kObs + kObservables}),
                      makeSlot(VYRE_OP_STORE_U32, {1, kObs + kObservables})}),
            (V{K, K, K, K}));
}

class PruneRuntimeTest : public RuntimeTest {};

TEST_F(PruneRuntimeTest, PrunesWithTheKernelsLiveTenantMasks) {
  vyre_kernel *k = load("builtins_persistent");
  ASSERT_TRUE(k);
  std::vector<vyre_slot> slots = {
      makeSlot(VYRE_OP_STORE_U32, {1, 170}, 1),
      makeSlot(VYRE_OP_STORE_U32, {2, 170}, 1),
      makeSlot(VYRE_OP_NOP, {}, 1),
      makeSlot(VYRE_OP_LOAD_U32, {170, 3}),
  };
  std::vector<vyre_slot> copy = slots;
  std::vector<uint8_t> verdicts(slots.size());
  uint32_t kept = 0;
  VYRE_OK_OR_FAIL(vyre_kernel_prune_batch(k, copy.data(), copy.size(), &kept,
                                          verdicts.data()));
  EXPECT_EQ(verdicts, (std::vector<uint8_t>{VYRE_PRUNE_OVERWRITTEN,
                                            VYRE_PRUNE_KEPT,
                                            VYRE_PRUNE_NO_EFFECT,
                                            VYRE_PRUNE_KEPT}));
  ASSERT_EQ(kept, 2u);
  EXPECT_EQ(copy[0].args[0], 2u); // compacted in order
  EXPECT_EQ(copy[1].opcode, VYRE_OP_LOAD_U32);

  // Tenant 1 loses its arms: its slots would fault, so none is pruned.
  VYRE_OK_OR_FAIL(vyre_kernel_set_tenant_mask(k, 1, 0));
  copy = slots;
  VYRE_OK_OR_FAIL(vyre_kernel_prune_batch(k, copy.data(), copy.size(), &kept,
                                          nullptr));
  EXPECT_EQ(kept, 4u);

  // The pruned batch computes what the whole one does.
  VYRE_OK_OR_FAIL(vyre_kernel_set_tenant_mask(k, 1, 15));
  copy = slots;
  VYRE_OK_OR_FAIL(vyre_kernel_prune_batch(k, copy.data(), copy.size(), &kept,
                                          nullptr));
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  for (uint32_t i = 0; i < kept; ++i) { // in order: one at a time
    uint32_t n = 0;
    VYRE_OK_OR_FAIL(vyre_kernel_publish(k, &copy[i], 1, 60000, &n));
    VYRE_OK_OR_FAIL(vyre_kernel_wait(k, i + 1, 60000));
  }
  EXPECT_EQ(observables(k, 11)[10], 2u);
  EXPECT_EQ(observables(k, 4)[3], 2u);
  expectCleanShutdown(k, 60000);

  EXPECT_EQ(vyre_kernel_prune_batch(k, nullptr, 1, &kept, nullptr),
            VYRE_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(vyre_kernel_prune_batch(nullptr, copy.data(), 1, &kept, nullptr),
            VYRE_ERROR_INVALID_ARGUMENT);
}

} // namespace
