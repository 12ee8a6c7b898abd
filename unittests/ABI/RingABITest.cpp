//===- RingABITest.cpp - invariants of the ring ABI header ------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "vyre/ABI/RingABI.h"

#include <vector>

#include <gtest/gtest.h>

#include <set>
#include <string>

extern "C" unsigned vyre_abi_check_c_view(void);

namespace {

TEST(RingABI, SlotIsOneCacheLine) {
  EXPECT_EQ(VYRE_SLOT_WORDS * 4u, VYRE_SLOT_BYTES);
  EXPECT_EQ(VYRE_SLOT_BYTES, 64u);
  EXPECT_EQ(VYRE_SLOT_WORD_ARG0 + VYRE_SLOT_ARG_COUNT, VYRE_SLOT_WORDS);
  // Header words are distinct and precede the arguments.
  std::set<unsigned> header = {VYRE_SLOT_WORD_STATUS, VYRE_SLOT_WORD_OPCODE,
                               VYRE_SLOT_WORD_TENANT, VYRE_SLOT_WORD_PRIORITY};
  EXPECT_EQ(header.size(), 4u);
  EXPECT_LT(*header.rbegin(), VYRE_SLOT_WORD_ARG0);
}

TEST(RingABI, StatusesAreDenseAndDistinct) {
  const unsigned statuses[] = {
      VYRE_STATUS_EMPTY,   VYRE_STATUS_PUBLISHED, VYRE_STATUS_CLAIMED,
      VYRE_STATUS_DONE,    VYRE_STATUS_WAIT_IO,   VYRE_STATUS_YIELD,
      VYRE_STATUS_REQUEUE, VYRE_STATUS_FAULT};
  std::set<unsigned> seen(std::begin(statuses), std::end(statuses));
  EXPECT_EQ(seen.size(), VYRE_STATUS_COUNT);
  EXPECT_EQ(*seen.rbegin(), VYRE_STATUS_COUNT - 1);
  // EMPTY must be zero so a freshly zeroed ring is empty.
  EXPECT_EQ(VYRE_STATUS_EMPTY, 0u);
}

// Every control-buffer region must fit before the next one starts.
TEST(RingABI, ControlRegionsDoNotOverlap) {
  struct Region {
    const char *name;
    unsigned begin, words;
  };
  const Region regions[] = {
      {"counters", VYRE_CTRL_SHUTDOWN, VYRE_CTRL_FAULT_LOG_CURSOR + 1},
      {"tenant table", VYRE_CTRL_TENANT_TABLE, VYRE_MAX_TENANTS},
      {"handler counters", VYRE_CTRL_HANDLER_COUNTERS, VYRE_BASE_HANDLERS},
      {"priority offsets", VYRE_CTRL_PRIORITY_OFFSETS,
       VYRE_PRIORITY_OFFSET_WORDS},
      {"starvation", VYRE_CTRL_STARVATION, 1},
      {"loop budget .. IO counters", VYRE_CTRL_LOOP_BUDGET,
       VYRE_CTRL_IO_FREED + 1 - VYRE_CTRL_LOOP_BUDGET},
      {"dependency signals", VYRE_CTRL_DEP_SIGNALS, 1},
      {"fault log", VYRE_CTRL_FAULT_LOG,
       VYRE_FAULT_LOG_ENTRIES * VYRE_FAULT_LOG_ENTRY_WORDS},
      {"buffer lengths", VYRE_CTRL_BUFFER_LENGTHS, VYRE_MAX_USER_BUFFERS},
  };
  for (size_t i = 0; i + 1 < std::size(regions); ++i)
    EXPECT_LE(regions[i].begin + regions[i].words, regions[i + 1].begin)
        << regions[i].name << " overlaps " << regions[i + 1].name;
  const Region &last = regions[std::size(regions) - 1];
  EXPECT_LE(last.begin + last.words, VYRE_CTRL_OBSERVABLES);
  EXPECT_EQ(VYRE_PRIORITY_OFFSET_WORDS, VYRE_PRIORITY_LEVELS + 1);
  EXPECT_EQ(vyre_control_words(VYRE_DEFAULT_OBSERVABLES, VYRE_BASE_HANDLERS),
            VYRE_CTRL_OBSERVABLES + VYRE_DEFAULT_OBSERVABLES);
  // The DESIGN.md layout, pinned: changing it is an ABI version bump.
  EXPECT_EQ(VYRE_CTRL_TENANT_TABLE, 8u);
  EXPECT_EQ(VYRE_CTRL_HANDLER_COUNTERS, 40u);
  EXPECT_EQ(VYRE_CTRL_PRIORITY_OFFSETS, 72u);
  EXPECT_EQ(VYRE_CTRL_STARVATION, 78u);
  EXPECT_EQ(VYRE_CTRL_FAULT_LOG, 96u);
  EXPECT_EQ(VYRE_CTRL_OBSERVABLES, 160u);
}

TEST(RingABI, TenantMasksCoverEveryHandler) {
  // Word 0 of every tenant's mask and the first 32 counters are fixed.
  EXPECT_EQ(VYRE_BASE_HANDLERS, 32u);
  EXPECT_LE(VYRE_MAX_TENANTS, VYRE_CTRL_HANDLER_COUNTERS - VYRE_CTRL_TENANT_TABLE);
  EXPECT_EQ(VYRE_MAX_TENANT_MASK_WORDS * 32u, VYRE_MAX_HANDLERS);
  EXPECT_EQ(vyre_tenant_mask_words(1), 1u);
  EXPECT_EQ(vyre_tenant_mask_words(32), 1u);
  EXPECT_EQ(vyre_tenant_mask_words(33), 2u);
  EXPECT_EQ(vyre_tenant_mask_words(VYRE_MAX_HANDLERS),
            VYRE_MAX_TENANT_MASK_WORDS);
}

// Every mask word and counter of a wide kernel has its own control word,
// after the observables, inside the buffer vyre_control_words sizes.
TEST(RingABI, WideArmWordsAreDistinctAndInBounds) {
  for (uint32_t arms : {1u, 32u, 33u, 64u, 65u, 200u, VYRE_MAX_HANDLERS}) {
    const uint32_t obs = 8, words = vyre_control_words(obs, arms);
    std::vector<int> owner(words, 0);
    auto take = [&](uint32_t word) {
      ASSERT_LT(word, words) << arms << " arms";
      EXPECT_EQ(owner[word]++, 0) << "word " << word << " used twice";
      if (word >= VYRE_CTRL_OBSERVABLES)
        EXPECT_GE(word, VYRE_CTRL_OBSERVABLES + obs) << "overlaps observables";
    };
    for (uint32_t t = 0; t < VYRE_MAX_TENANTS; ++t)
      for (uint32_t w = 0; w < vyre_tenant_mask_words(arms); ++w)
        take(vyre_tenant_mask_word(obs, arms, t, w));
    for (uint32_t h = 0; h < arms; ++h)
      take(vyre_handler_counter_word(obs, arms, h));
    // Narrow kernels keep the fixed layout; wide ones use the whole region.
    EXPECT_EQ(vyre_tenant_mask_word(obs, arms, 5, 0), VYRE_CTRL_TENANT_TABLE + 5);
    EXPECT_EQ(vyre_handler_counter_word(obs, arms, 0), VYRE_CTRL_HANDLER_COUNTERS);
    uint32_t wide = 0;
    for (uint32_t i = VYRE_CTRL_OBSERVABLES + obs; i < words; ++i)
      wide += owner[i];
    EXPECT_EQ(wide, vyre_wide_arm_words(arms)) << arms << " arms";
  }
}

TEST(RingABI, BuiltinsAreReservedAndUnique) {
  size_t count = 0;
  const vyre_builtin_info *table = vyre_builtins(&count);
  ASSERT_EQ(count, 11u);
  std::set<uint32_t> opcodes;
  std::set<std::string> names;
  for (size_t i = 0; i < count; ++i) {
    EXPECT_TRUE(vyre_is_reserved_opcode(table[i].opcode)) << table[i].name;
    EXPECT_TRUE(opcodes.insert(table[i].opcode).second) << table[i].name;
    EXPECT_TRUE(names.insert(table[i].name).second) << table[i].name;
    EXPECT_STREQ(vyre_builtin_name(table[i].opcode), table[i].name);
  }
  EXPECT_EQ(vyre_builtin_name(8), nullptr);
  EXPECT_EQ(vyre_builtin_name(0xFFF0u), nullptr);
}

TEST(RingABI, ReservedRangesMatchTheDesign) {
  for (uint32_t op = 0; op <= 7; ++op)
    EXPECT_TRUE(vyre_is_reserved_opcode(op)) << op;
  EXPECT_FALSE(vyre_is_reserved_opcode(8));
  EXPECT_FALSE(vyre_is_reserved_opcode(0xFFEF));
  EXPECT_TRUE(vyre_is_reserved_opcode(0xFFF0));
  EXPECT_TRUE(vyre_is_reserved_opcode(0xFFFF));
  EXPECT_FALSE(vyre_is_reserved_opcode(0x10000));
  EXPECT_FALSE(vyre_is_reserved_opcode(0x7FFFFFFF));
  EXPECT_TRUE(vyre_is_reserved_opcode(0x80000000u));
  EXPECT_TRUE(vyre_is_reserved_opcode(VYRE_OP_SHUTDOWN));
  EXPECT_TRUE(vyre_is_reserved_opcode(VYRE_OP_PACKED_SLOT));
}

TEST(RingABI, PackedSlotFitsInTheArguments) {
  EXPECT_LE(1u + VYRE_PACKED_MAX_OPS * VYRE_PACKED_OP_WORDS,
            VYRE_SLOT_ARG_COUNT);
}

TEST(RingABI, FaultCodesHaveNames) {
  for (uint32_t code = VYRE_FAULT_NONE; code <= VYRE_FAULT_ITERATION_LIMIT;
       ++code)
    EXPECT_STRNE(vyre_fault_name(code), "reserved") << code;
  EXPECT_STREQ(vyre_fault_name(VYRE_FAULT_USER_BASE + 5), "user");
  EXPECT_STREQ(vyre_fault_name(VYRE_FAULT_USER_BASE - 1), "reserved");
}

TEST(RingABI, BindingsAreDistinct) {
  std::set<unsigned> bindings = {VYRE_BINDING_RING, VYRE_BINDING_CONTROL,
                                 VYRE_BINDING_DEBUG,
                                 VYRE_BINDING_COMPLETIONS};
  EXPECT_EQ(bindings.size(), 4u);
  EXPECT_GT(VYRE_BINDING_USER_BASE, *bindings.rbegin());
  EXPECT_GE(VYRE_DEBUG_HEADER_WORDS, 2u);
  EXPECT_EQ(VYRE_DEBUG_RECORD_WORDS, 1u + VYRE_PRINTF_MAX_ARGS);
}

TEST(RingABI, CViewAgreesWithCppView) {
  // 11 built-ins, NOP first, PACKED_SLOT reserved: 11 + 0 + 100.
  EXPECT_EQ(vyre_abi_check_c_view(), 111u);
}

} // namespace

// The dependency plane follows the ring's lines; the counters follow
// everything else in the control buffer, and the flag is no tag or IO bit.
TEST(RingABI, DependencyWordsFollowTheirRegions) {
  EXPECT_EQ(vyre_ring_words(64, 0, 0), 64u * VYRE_SLOT_WORDS);
  EXPECT_EQ(vyre_ring_words(64, 1, 0),
            64u * (VYRE_SLOT_WORDS + VYRE_DEP_RECORD_WORDS));
  EXPECT_EQ(vyre_dependency_record_word(64, 0), 64u * VYRE_SLOT_WORDS);
  EXPECT_EQ(vyre_dependency_record_word(64, 63) + VYRE_DEP_RECORD_WORDS,
            vyre_ring_words(64, 1, 0));
  EXPECT_EQ(vyre_dependency_counter_word(16, 40, 0),
            vyre_control_words(16, 40));
  EXPECT_EQ(VYRE_DEP_WORD_SIGNAL0 + VYRE_DEP_MAX_SIGNALS,
            VYRE_DEP_RECORD_WORDS);
  EXPECT_EQ(VYRE_DEP_POISONED & VYRE_DEP_COUNT_MASK, 0u);
  for (unsigned other : {VYRE_STATUS_MASK, VYRE_STATUS_LAP_EVEN,
                         VYRE_STATUS_LAP_ODD, VYRE_STATUS_RESUMED,
                         VYRE_STATUS_IO_FAILED})
    EXPECT_EQ(VYRE_STATUS_DEPENDENT & other, 0u);
  EXPECT_STREQ(vyre_fault_name(VYRE_FAULT_DEPENDENCY_FAILED),
               "dependency_failed");
}

// The device queue's lines follow the dependency plane (or the ring's lines
// in a kernel without counters); its control words sit in what v10 kept
// reserved, before the fault log.
TEST(RingABI, DeviceQueueFollowsThePlanes) {
  EXPECT_EQ(vyre_device_queue_word(64, 0, 0), 64u * VYRE_SLOT_WORDS);
  EXPECT_EQ(vyre_device_queue_word(64, 1, 0), vyre_ring_words(64, 1, 0));
  EXPECT_EQ(vyre_ring_words(64, 1, 8),
            vyre_ring_words(64, 1, 0) + 8u * VYRE_SLOT_WORDS);
  EXPECT_EQ(vyre_device_queue_word(64, 0, 3) + VYRE_SLOT_WORDS,
            vyre_ring_words(64, 0, 4));
  for (unsigned word : {VYRE_CTRL_DQ_CURSOR, VYRE_CTRL_DQ_PENDING,
                        VYRE_CTRL_DQ_DONE, VYRE_CTRL_DQ_FAULTS,
                        VYRE_CTRL_DQ_FULL, VYRE_CTRL_DQ_ENQUEUED}) {
    EXPECT_GT(word, VYRE_CTRL_DEP_SIGNALS);
    EXPECT_LT(word, VYRE_CTRL_FAULT_LOG);
  }
  EXPECT_STREQ(vyre_fault_name(VYRE_FAULT_QUEUE_FULL), "queue_full");
}
