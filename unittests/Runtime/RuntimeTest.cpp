//===- RuntimeTest.cpp - end-to-end tests on the Vulkan device ---*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Real kernels (compiled by the build), run by libvyre_runtime on the default
// device (lavapipe in CI), checked against the CPU reference model.
//
//===----------------------------------------------------------------------===//

#include "ReferenceModel.h"
#include "RuntimeFixture.h"

#include <algorithm>
#include <cstring>
#include <fstream>

using namespace vyre;
using namespace vyre::test;

namespace {

constexpr uint32_t kObservables = 64, kDebugRecords = 32;
std::vector<uint32_t> dfaTable() {
  std::vector<uint32_t> t(512);
  for (uint32_t i = 0; i < t.size(); ++i)
    t[i] = (i * 7u + 3u) % 2u; // a two-state automaton
  return t;
}

/// The model of the builtins kernel as the host initializes it: the tenant
/// table, and the static DFA buffer's length in control[128].
ReferenceModel makeModel(std::vector<uint32_t> table) {
  ReferenceModel model(kObservables, kDebugRecords, kBuiltinArms,
                       kBuiltinTenants, table);
  model.control()[VYRE_CTRL_BUFFER_LENGTHS] = 512;
  return model;
}

/// Runs `slots` one by one (each waited for, so the order is defined) on a
/// fresh persistent builtins kernel and on the reference model; compares
/// every outcome and the whole control buffer but the heartbeat.
class BuiltinsTest : public RuntimeTest {
protected:
  void runSequential(const std::vector<vyre_slot> &slots,
                     ReferenceModel &model, vyre_kernel *k) {
    for (size_t i = 0; i < slots.size(); ++i) {
      uint32_t n = 0;
      VYRE_OK_OR_FAIL(vyre_kernel_publish(k, &slots[i], 1, kWait, &n));
      VYRE_OK_OR_FAIL(vyre_kernel_wait(k, vyre_kernel_published(k), kWait));
      std::vector<vyre_completion> done = reapAll(k);
      ASSERT_EQ(done.size(), 1u);
      ReferenceOutcome expect = model.execute(done[0].slot, slots[i]);
      EXPECT_EQ(done[0].status, expect.status) << "slot " << i;
      EXPECT_EQ(done[0].fault_code, expect.faultCode) << "slot " << i;
    }
  }
  void expectControlMatches(vyre_kernel *k, const ReferenceModel &model) {
    std::vector<uint32_t> device(model.control().size());
    VYRE_OK_OR_FAIL(vyre_kernel_read_control(k, 0, device.data(),
                                             uint32_t(device.size())));
    for (size_t w = 0; w < device.size(); ++w)
      if (!isHostOrPassWord(uint32_t(w)))
        EXPECT_EQ(device[w], model.control()[w]) << "control word " << w;
  }
};

TEST_F(BuiltinsTest, PersistentKernelServesEveryBuiltinLikeTheReference) {
  vyre_kernel *k = load("builtins_persistent");
  ASSERT_TRUE(k);
  std::vector<uint32_t> table = dfaTable();
  VYRE_OK_OR_FAIL(vyre_kernel_write_buffer(k, "dfa", 0, table.data(), 512));
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  ReferenceModel model = makeModel(table);
  vyre_slot packed;
  uint32_t ops[] = {VYRE_OP_ATOMIC_ADD, 5, 170, VYRE_OP_STORE_U32, 9, 171,
                    VYRE_OP_LOAD_U32,   171, 12};
  VYRE_OK_OR_FAIL(vyre_encode_packed(ops, 3, &packed));
  std::vector<vyre_slot> slots = {
      makeSlot(VYRE_OP_NOP),
      makeSlot(VYRE_OP_STORE_U32, {42, 160}),       // obs 0 = 42
      makeSlot(VYRE_OP_ATOMIC_ADD, {5, 161}),       // obs 1 += 5
      makeSlot(VYRE_OP_ATOMIC_ADD, {7, 161}),       // obs 1 += 7
      makeSlot(VYRE_OP_LOAD_U32, {160, 2}),         // obs 2 = obs 0
      makeSlot(VYRE_OP_COMPARE_SWAP, {200, 0, 99, 50}), // obs 40: 0 -> 99
      makeSlot(VYRE_OP_COMPARE_SWAP, {200, 0, 11, 51}), // fails, sees 99
      makeSlot(VYRE_OP_MEMCPY, {160, 180, 3}),      // obs 20..22 = obs 0..2
      makeSlot(VYRE_OP_DFA_STEP, {1, 0x41, 30}),    // obs 30 = table[321]
      makeSlot(VYRE_OP_BATCH_FENCE, {0, 1234}),     // EPOCH 1, obs 0 = 1234
      makeSlot(VYRE_OP_PRINTF, {7, 1, 2, 3}),
      packed,
  };
  runSequential(slots, model, k);
  expectControlMatches(k, model);
  std::vector<uint32_t> obs = observables(k, kObservables);
  EXPECT_EQ(obs[0], 1234u);
  EXPECT_EQ(obs[1], 12u);
  EXPECT_EQ(obs[2], 42u);
  EXPECT_EQ(obs[40], 99u); // the first CAS swapped
  EXPECT_EQ(obs[50], 0u);  // ... and saw 0
  EXPECT_EQ(obs[51], 99u); // the failed CAS saw the first one's 99
  EXPECT_EQ(obs[10], 5u); // packed ATOMIC_ADD
  EXPECT_EQ(obs[12], 9u); // packed LOAD_U32 of the packed STORE_U32
  EXPECT_EQ(obs[20], 42u);
  EXPECT_EQ(obs[30], table[321]);
  uint32_t epoch = 0;
  VYRE_OK_OR_FAIL(vyre_kernel_read_control(k, VYRE_CTRL_EPOCH, &epoch, 1));
  EXPECT_EQ(epoch, 1u);
  vyre_debug_record records[4];
  uint32_t n = 0, dropped = 0;
  VYRE_OK_OR_FAIL(vyre_kernel_read_debug_log(k, records, 4, &n, &dropped));
  ASSERT_EQ(n, 1u);
  EXPECT_EQ(records[0].format, 7u);
  EXPECT_EQ(records[0].args[2], 3u);
  expectCleanShutdown(k, kWait);
}

TEST_F(BuiltinsTest, BadSlotsFaultWithTheRightCodeAndTheKernelKeepsServing) {
  vyre_kernel *k = load("builtins_persistent");
  ASSERT_TRUE(k);
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  ReferenceModel model = makeModel(std::vector<uint32_t>(512, 0));
  vyre_slot badPacked = makeSlot(VYRE_OP_PACKED_SLOT, {4});
  vyre_slot badInner = makeSlot(VYRE_OP_PACKED_SLOT,
                                {2, VYRE_OP_ATOMIC_ADD, 1, 170, 9, 0, 0});
  std::vector<vyre_slot> slots = {
      makeSlot(77),                                        // unknown opcode
      makeSlot(VYRE_OP_ATOMIC_ADD, {1, 170}, 40),          // tenant >= 32
      makeSlot(VYRE_OP_ATOMIC_ADD, {1, 170}, 2),           // tenant 2: no arms
      makeSlot(VYRE_OP_COMPARE_SWAP, {51, 0, 1}, 1),       // tenant 1: arms 0-3
      makeSlot(VYRE_OP_STORE_U32, {1, 99999}),             // control OOB
      makeSlot(VYRE_OP_LOAD_U32, {160, 64}),               // observable OOB
      makeSlot(VYRE_OP_MEMCPY, {0, 200, 100000}),          // length OOB
      makeSlot(VYRE_OP_DFA_STEP, {5, 0, 0}),               // table OOB
      // Index arithmetic that wraps in 32 bits into bounds: state 2^24 + 1
      // (row 1 after the wrap), a source or destination range past the end.
      makeSlot(VYRE_OP_DFA_STEP, {0x1000001u, 7, 0}),
      makeSlot(VYRE_OP_MEMCPY, {0xFFFFFFF0u, 200, 32}),
      makeSlot(VYRE_OP_MEMCPY, {160, 0xFFFFFFF8u, 16}),
      badPacked, badInner,
      makeSlot(VYRE_OP_ATOMIC_ADD, {3, 170}, 1),           // still serving
  };
  runSequential(slots, model, k);
  expectControlMatches(k, model);
  // The slots' own codes were compared in runSequential; check the log too.
  vyre_fault log[VYRE_FAULT_LOG_ENTRIES];
  uint32_t n = 0;
  VYRE_OK_OR_FAIL(vyre_kernel_read_fault_log(k, log, VYRE_FAULT_LOG_ENTRIES, &n));
  ASSERT_EQ(n, 13u);
  const uint32_t codes[] = {
      VYRE_FAULT_UNKNOWN_OPCODE, VYRE_FAULT_TENANT_OUT_OF_RANGE,
      VYRE_FAULT_TENANT_DENIED,  VYRE_FAULT_TENANT_DENIED,
      VYRE_FAULT_OUT_OF_BOUNDS,  VYRE_FAULT_OUT_OF_BOUNDS,
      VYRE_FAULT_OUT_OF_BOUNDS,  VYRE_FAULT_OUT_OF_BOUNDS,
      VYRE_FAULT_OUT_OF_BOUNDS,  VYRE_FAULT_OUT_OF_BOUNDS,
      VYRE_FAULT_OUT_OF_BOUNDS,
      VYRE_FAULT_BAD_PACKED_SLOT, VYRE_FAULT_BAD_PACKED_SLOT};
  for (uint32_t i = 0; i < n; ++i)
    EXPECT_EQ(log[i].code, codes[i]) << "fault log entry " << i;
  EXPECT_EQ(observables(k, kObservables)[10], 3u);
  expectCleanShutdown(k, kWait);
}

TEST_F(BuiltinsTest, OnceModeDrainsTheRingAndCanBeRelaunched) {
  vyre_kernel *k = load("builtins_once");
  ASSERT_TRUE(k);
  for (int round = 1; round <= 2; ++round) {
    // Every priority partition filled: the whole ring is PUBLISHED.
    vyre_kernel_info info;
    VYRE_OK_OR_FAIL(vyre_kernel_get_info(k, &info));
    std::vector<vyre_slot> slots;
    for (uint32_t i = 0; i < 256; ++i) {
      slots.push_back(makeSlot(VYRE_OP_ATOMIC_ADD, {1, 160 + i % 8}));
      while (i >= info.priority_offsets[slots.back().priority + 1])
        ++slots.back().priority;
      while (i < info.priority_offsets[slots.back().priority])
        --slots.back().priority;
    }
    uint32_t n = 0;
    VYRE_OK_OR_FAIL(vyre_kernel_publish(k, slots.data(), 256, 0, &n));
    VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
    VYRE_OK_OR_FAIL(vyre_kernel_wait_idle(k, kWait));
    std::vector<vyre_completion> done = reapAll(k);
    EXPECT_EQ(done.size(), 256u);
    for (const vyre_completion &c : done)
      EXPECT_EQ(c.status, VYRE_STATUS_DONE);
    std::vector<uint32_t> obs = observables(k, 8);
    for (uint32_t i = 0; i < 8; ++i)
      EXPECT_EQ(obs[i], 32u * round) << "observable " << i;
  }
}

TEST_F(BuiltinsTest, FullRingAppliesBackpressure) {
  vyre_kernel *k = load("builtins_once");
  ASSERT_TRUE(k);
  std::vector<vyre_slot> slots(300, makeSlot(VYRE_OP_ATOMIC_ADD, {1, 160}));
  uint32_t n = 0;
  // Not running yet: the normal-priority partition fills (vyre-shard gives
  // it part of the 256-slot ring), then it stays full.
  vyre_kernel_info info;
  VYRE_OK_OR_FAIL(vyre_kernel_get_info(k, &info));
  ASSERT_EQ(info.sharded, 1);
  uint32_t normal = info.priority_offsets[VYRE_PRIORITY_NORMAL + 1] -
                    info.priority_offsets[VYRE_PRIORITY_NORMAL];
  ASSERT_LT(normal, 256u);
  ASSERT_GT(normal, 100u);
  EXPECT_EQ(vyre_kernel_publish(k, slots.data(), 300, 50, &n),
            VYRE_ERROR_RING_FULL);
  EXPECT_EQ(n, normal);
  EXPECT_NE(std::string(vyre_last_error()).find("launch it"), std::string::npos)
      << vyre_last_error();
  // The finished slots are recycled for the rest, a partition at a time.
  uint32_t sent = n;
  while (true) {
    VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
    VYRE_OK_OR_FAIL(vyre_kernel_wait_idle(k, kWait));
    if (sent == 300)
      break;
    vyre_status s = vyre_kernel_publish(k, slots.data() + sent, 300 - sent, 0, &n);
    EXPECT_TRUE(s == VYRE_OK || s == VYRE_ERROR_RING_FULL) << vyre_last_error();
    sent += n;
  }
  EXPECT_EQ(observables(k, 1)[0], 300u);
}

TEST_F(BuiltinsTest, ShutdownCompletesSlotsInFlight) {
  vyre_kernel *k = load("builtins_persistent");
  ASSERT_TRUE(k);
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  std::vector<vyre_slot> slots(200, makeSlot(VYRE_OP_ATOMIC_ADD, {2, 165}));
  uint32_t n = 0;
  VYRE_OK_OR_FAIL(vyre_kernel_publish(k, slots.data(), 200, kWait, &n));
  expectCleanShutdown(k, kWait);
  EXPECT_EQ(observables(k, 6)[5], 400u);
  uint32_t done = 0;
  VYRE_OK_OR_FAIL(vyre_kernel_read_control(k, VYRE_CTRL_DONE_COUNT, &done, 1));
  EXPECT_EQ(done, 200u);
}

TEST_F(BuiltinsTest, ShutdownOpcodeStopsThePersistentKernel) {
  vyre_kernel *k = load("builtins_persistent");
  ASSERT_TRUE(k);
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  vyre_slot stop = makeSlot(VYRE_OP_SHUTDOWN);
  uint32_t n = 0;
  VYRE_OK_OR_FAIL(vyre_kernel_publish(k, &stop, 1, kWait, &n));
  VYRE_OK_OR_FAIL(vyre_kernel_wait_idle(k, kWait));
  uint32_t word = 0;
  VYRE_OK_OR_FAIL(vyre_kernel_read_control(k, VYRE_CTRL_SHUTDOWN, &word, 1));
  EXPECT_EQ(word, 1u);
}

// A loop budget makes every workgroup return after a few passes; the
// runtime must resend the dispatch and lose nothing. (On lavapipe this is
// what keeps a persistent kernel alive past 65535 loop iterations.)
TEST_F(BuiltinsTest, PersistentKernelOutlivesItsLoopBudget) {
  vyre_kernel *k = load("builtins_persistent");
  ASSERT_TRUE(k);
  VYRE_OK_OR_FAIL(vyre_kernel_set_loop_budget(k, 20));
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  uint32_t n = 0;
  for (uint32_t round = 0; round < 50; ++round) {
    vyre_slot add = makeSlot(VYRE_OP_ATOMIC_ADD, {1, 170});
    VYRE_OK_OR_FAIL(vyre_kernel_publish(k, &add, 1, kWait, &n));
    VYRE_OK_OR_FAIL(vyre_kernel_wait(k, round + 1, kWait));
  }
  EXPECT_EQ(observables(k, 11)[10], 50u);
  EXPECT_GT(vyre_kernel_relaunches(k), 0u);
  expectCleanShutdown(k, kWait);
}

TEST_F(BuiltinsTest, DebugLogOverflowKeepsWhatFitsAndCountsTheRest) {
  vyre_kernel *k = load("builtins_once");
  ASSERT_TRUE(k);
  std::vector<vyre_slot> slots;
  for (uint32_t i = 0; i < 40; ++i)
    slots.push_back(makeSlot(VYRE_OP_PRINTF, {100 + i, i, 2 * i, 3 * i}));
  uint32_t n = 0;
  VYRE_OK_OR_FAIL(vyre_kernel_publish(k, slots.data(), 40, 0, &n));
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  VYRE_OK_OR_FAIL(vyre_kernel_wait_idle(k, kWait));
  std::vector<vyre_debug_record> records(64);
  uint32_t dropped = 0;
  VYRE_OK_OR_FAIL(vyre_kernel_read_debug_log(k, records.data(), 64, &n, &dropped));
  EXPECT_EQ(n, kDebugRecords);
  EXPECT_EQ(dropped, 40u - kDebugRecords);
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t id = records[i].format - 100;
    ASSERT_LT(id, 40u);
    EXPECT_EQ(records[i].args[1], 2 * id);
  }
}

TEST_F(BuiltinsTest, RebuildRecreatesTheKernelAndKeepsUserData) {
  vyre_kernel *k = load("builtins_once");
  ASSERT_TRUE(k);
  std::vector<uint32_t> table = dfaTable();
  VYRE_OK_OR_FAIL(vyre_kernel_write_buffer(k, "dfa", 0, table.data(), 512));
  VYRE_OK_OR_FAIL(vyre_kernel_rebuild(k));
  vyre_slot step = makeSlot(VYRE_OP_DFA_STEP, {0, 9, 3});
  uint32_t n = 0;
  VYRE_OK_OR_FAIL(vyre_kernel_publish(k, &step, 1, 0, &n));
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  VYRE_OK_OR_FAIL(vyre_kernel_wait_idle(k, kWait));
  EXPECT_EQ(observables(k, 4)[3], table[9]);
}

class UserHandlersTest : public RuntimeTest {};

TEST_F(UserHandlersTest, HandlersUpdateADynamicUserBuffer) {
  vyre_kernel *k = load("user_handlers");
  ASSERT_TRUE(k);
  EXPECT_EQ(vyre_kernel_launch(k), VYRE_ERROR_STATE); // length not set
  EXPECT_NE(std::string(vyre_last_error()).find("set_buffer_length"),
            std::string::npos);
  VYRE_OK_OR_FAIL(vyre_kernel_set_buffer_length(k, "data", 16));
  std::vector<uint32_t> init(16, 100);
  VYRE_OK_OR_FAIL(vyre_kernel_write_buffer(k, "data", 0, init.data(), 16));
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  // "data" is in host memory, which a GPU does not re-read while the kernel
  // runs: a write now is refused, not left unseen.
  EXPECT_EQ(vyre_kernel_write_buffer(k, "data", 0, init.data(), 1),
            VYRE_ERROR_STATE);
  EXPECT_NE(std::string(vyre_last_error()).find("device_local"),
            std::string::npos)
      << vyre_last_error();
  std::vector<vyre_slot> slots;
  for (uint32_t i = 0; i < 160; ++i)
    slots.push_back(makeSlot(16, {i % 16, 1}));
  slots.push_back(makeSlot(16, {3, 5000}));  // user fault 300
  slots.push_back(makeSlot(16, {16, 1}));    // index == length: OOB
  uint32_t n = 0;
  VYRE_OK_OR_FAIL(vyre_kernel_publish(k, slots.data(), uint32_t(slots.size()),
                                      kWait, &n));
  VYRE_OK_OR_FAIL(vyre_kernel_wait(k, slots.size(), kWait));
  vyre_slot query = makeSlot(17, {3, 7});
  VYRE_OK_OR_FAIL(vyre_kernel_publish(k, &query, 1, kWait, &n));
  VYRE_OK_OR_FAIL(vyre_kernel_wait(k, slots.size() + 1, kWait));
  std::vector<vyre_completion> done = reapAll(k);
  ASSERT_EQ(done.size(), slots.size() + 1);
  std::sort(done.begin(), done.end(),
            [](auto &a, auto &b) { return a.ticket < b.ticket; });
  EXPECT_EQ(done[160].fault_code, 300u);
  EXPECT_EQ(done[161].fault_code, VYRE_FAULT_OUT_OF_BOUNDS);
  EXPECT_EQ(done[162].status, VYRE_STATUS_DONE);
  std::vector<uint32_t> data(16);
  VYRE_OK_OR_FAIL(vyre_kernel_read_buffer(k, "data", 0, data.data(), 16));
  for (uint32_t v : data)
    EXPECT_EQ(v, 110u);
  EXPECT_EQ(observables(k, 8)[7], 220u);
  expectCleanShutdown(k, kWait);
}

TEST_F(UserHandlersTest, WatchdogReportsAHungKernelInsteadOfWaitingForever) {
  vyre_kernel *k = load("user_handlers");
  ASSERT_TRUE(k);
  VYRE_OK_OR_FAIL(vyre_kernel_set_buffer_length(k, "data", 4));
  // One workgroup: the stuck lane stalls the whole kernel's heartbeat.
  VYRE_OK_OR_FAIL(vyre_kernel_set_dispatch_workgroups(k, 1));
  // Idle passes take well under a millisecond; the stuck handler stalls the
  // heartbeat for far longer (on lavapipe about 0.25 s on the 2-core dev
  // machine until the device's loop bound stops it; on a GPU until
  // released).
  VYRE_OK_OR_FAIL(vyre_kernel_set_watchdog(k, 30));
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  // Spins while control[160] == 0, counting in observable 1.
  vyre_slot spin = makeSlot(18, {VYRE_CTRL_OBSERVABLES, 0, 1});
  uint32_t n = 0;
  VYRE_OK_OR_FAIL(vyre_kernel_publish(k, &spin, 1, kWait, &n));
  EXPECT_EQ(vyre_kernel_wait(k, 1, kWait), VYRE_ERROR_HUNG);
  EXPECT_NE(std::string(vyre_last_error()).find("heartbeat"), std::string::npos)
      << vyre_last_error();
  // Release the handler through the control word it polls; the kernel
  // finishes the slot and keeps serving.
  VYRE_OK_OR_FAIL(vyre_kernel_write_control(k, VYRE_CTRL_OBSERVABLES, 1));
  VYRE_OK_OR_FAIL(vyre_kernel_set_watchdog(k, 5000));
  VYRE_OK_OR_FAIL(vyre_kernel_wait(k, 1, kWait));
  vyre_slot add = makeSlot(16, {0, 4});
  VYRE_OK_OR_FAIL(vyre_kernel_publish(k, &add, 1, kWait, &n));
  VYRE_OK_OR_FAIL(vyre_kernel_wait(k, 2, kWait));
  // Every word outside the observables is the runtime's: the counters,
  // the loop budget and canary, queue bounds and tails, the IO counters,
  // the tenant table and handler counters, reserved words, the lengths.
  for (uint32_t word :
       {uint32_t(VYRE_CTRL_DONE_COUNT), uint32_t(VYRE_CTRL_TENANT_TABLE),
        uint32_t(VYRE_CTRL_HANDLER_COUNTERS), uint32_t(VYRE_CTRL_PRIORITY_OFFSETS),
        uint32_t(VYRE_CTRL_LOOP_BUDGET), uint32_t(VYRE_CTRL_CANARY_TRIPS),
        uint32_t(VYRE_CTRL_SQ_TAIL), uint32_t(VYRE_CTRL_IO_FREED), 90u,
        uint32_t(VYRE_CTRL_BUFFER_LENGTHS), 150u}) {
    EXPECT_EQ(vyre_kernel_write_control(k, word, 0), VYRE_ERROR_INVALID_ARGUMENT)
        << "control word " << word;
    EXPECT_NE(std::string(vyre_last_error()).find("belongs to the runtime"),
              std::string::npos) << vyre_last_error();
  }
  expectCleanShutdown(k, kWait);
  uint32_t data = 0;
  VYRE_OK_OR_FAIL(vyre_kernel_read_buffer(k, "data", 0, &data, 1));
  EXPECT_EQ(data, 4u);
}

// lavapipe stops any shader invocation after 65535 loop iterations. A
// handler cut short that way must not end DONE with a wrong result: the
// canary loop turns it into FAULT iteration_limit, and the kernel, relaunched,
// keeps serving.
TEST_F(UserHandlersTest, HandlerStoppedByTheDeviceLoopBoundFaults) {
  if (!vyre_runtime_is_cpu(runtime))
    GTEST_SKIP() << "only CPU devices (lavapipe) bound shader loops";
  vyre_kernel *k = load("user_handlers");
  ASSERT_TRUE(k);
  VYRE_OK_OR_FAIL(vyre_kernel_set_buffer_length(k, "data", 4));
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  std::vector<vyre_slot> slots = {makeSlot(18, {VYRE_CTRL_OBSERVABLES, 0, 1}),
                                  makeSlot(16, {2, 9})};
  uint32_t n = 0;
  VYRE_OK_OR_FAIL(vyre_kernel_publish(k, slots.data(), 2, kWait, &n));
  VYRE_OK_OR_FAIL(vyre_kernel_wait(k, 2, kWait));
  std::vector<vyre_completion> done = reapAll(k);
  ASSERT_EQ(done.size(), 2u);
  std::sort(done.begin(), done.end(),
            [](auto &a, auto &b) { return a.ticket < b.ticket; });
  EXPECT_EQ(done[0].status, VYRE_STATUS_FAULT);
  EXPECT_EQ(done[0].fault_code, VYRE_FAULT_ITERATION_LIMIT);
  EXPECT_EQ(done[1].status, VYRE_STATUS_DONE);
  expectCleanShutdown(k, kWait);
}

TEST_F(RuntimeTest, BadModulesAreRefusedWithAReason) {
  vyre_kernel *k = nullptr;
  EXPECT_EQ(vyre_kernel_load(runtime, "/nonexistent.spv",
                             kernelPath("builtins_once", ".json").c_str(), &k),
            VYRE_ERROR_BAD_MODULE);
  EXPECT_NE(std::string(vyre_last_error()).find("cannot read"), std::string::npos);
  // A manifest for another ABI version.
  std::ifstream in(kernelPath("builtins_once", ".json"));
  std::string json((std::istreambuf_iterator<char>(in)), {});
  size_t at = json.find("\"abi_version\": " + std::to_string(VYRE_ABI_VERSION));
  ASSERT_NE(at, std::string::npos);
  json.replace(at, 16, "\"abi_version\": 99");
  std::string path = ::testing::TempDir() + "/abi99.json";
  std::ofstream(path) << json;
  EXPECT_EQ(vyre_kernel_load(runtime, kernelPath("builtins_once", ".spv").c_str(),
                             path.c_str(), &k),
            VYRE_ERROR_BAD_MODULE);
  EXPECT_NE(std::string(vyre_last_error()).find("ring ABI v99"), std::string::npos)
      << vyre_last_error();
  // The manifest given as the binary.
  EXPECT_EQ(vyre_kernel_load(runtime, kernelPath("builtins_once", ".json").c_str(),
                             kernelPath("builtins_once", ".json").c_str(), &k),
            VYRE_ERROR_BAD_MODULE);
  EXPECT_NE(std::string(vyre_last_error()).find("SPIR-V"), std::string::npos);
}

TEST(PackedEncoder, RejectsWhatTheDeviceWouldFault) {
  vyre_slot out;
  uint32_t four[12] = {};
  EXPECT_EQ(vyre_encode_packed(four, 4, &out), VYRE_ERROR_INVALID_ARGUMENT);
  uint32_t bad[3] = {VYRE_OP_MEMCPY, 0, 0};
  EXPECT_EQ(vyre_encode_packed(bad, 1, &out), VYRE_ERROR_INVALID_ARGUMENT);
  EXPECT_NE(std::string(vyre_last_error()).find("only NOP"), std::string::npos);
  uint32_t good[6] = {VYRE_OP_STORE_U32, 1, 2, VYRE_OP_NOP, 0, 0};
  ASSERT_EQ(vyre_encode_packed(good, 2, &out), VYRE_OK);
  EXPECT_EQ(out.opcode, VYRE_OP_PACKED_SLOT);
  EXPECT_EQ(out.args[0], 2u);
  EXPECT_EQ(out.args[3], 2u);
}

} // namespace
