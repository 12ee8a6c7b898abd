//===- FusedBatchTest.cpp - interpreter vs JIT vs fused batch ----*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Random static batches of the differential workload (every built-in, most
// faults), each compiled here, at test time, into the builtins kernel twice:
// as the interpreter and, through vyre-to-spirv-batch, as straight-line
// code. The same items then run three ways on the device: published to the
// interpreter, published to the JIT-fused variant (builtins_jit, which
// requeues what it did not fuse), and as the fused batch. Every item's
// status and fault code and every control word must equal the reference
// model's, so the three equal each other.
//
//===----------------------------------------------------------------------===//

#include "RandomWorkload.h"
#include "ReferenceModel.h"
#include "RuntimeFixture.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <unistd.h>

using namespace vyre;
using namespace vyre::test;

namespace {

/// What one run left: completions in ticket order, and the control words.
struct Outcome {
  std::vector<vyre_completion> done;
  std::vector<uint32_t> control;
};

class FusedBatchTest : public RuntimeTest {
protected:
  /// The kernels' files are read at load: they go with the test.
  void TearDown() override {
    RuntimeTest::TearDown();
    for (const std::string &base : compiled)
      for (const char *ext : {".mlir", ".spv", ".json"})
        std::remove((base + ext).c_str());
    compiled.clear();
  }
  static inline std::vector<std::string> compiled;
  /// `count` random items the batch verifier accepts (every opcode served,
  /// tenants in range).
  static std::vector<vyre_slot> randomItems(uint32_t seed, uint32_t count) {
    Workload workload(seed);
    std::vector<vyre_slot> items;
    while (items.size() < count) {
      vyre_slot s = workload.next();
      bool served = std::find(kBuiltinArms.begin(), kBuiltinArms.end(),
                              s.opcode) != kBuiltinArms.end();
      if (served && s.tenant < VYRE_MAX_TENANTS)
        items.push_back(s);
    }
    return items;
  }

  /// kernels/builtins.mlir with `vyre.batch @random` holding `items`,
  /// compiled with `pipeline` to <dir>/<name>_p<pid>.spv and .json; returns
  /// that stem. The pid keeps ctest -j's processes (this test alone, and
  /// VyreRuntimeTests.OneProcess running it too) off each other's files.
  static std::string compile(const std::vector<vyre_slot> &items,
                             const std::string &name, const char *pipeline) {
    std::string stem = name + "_p" + std::to_string(getpid());
    std::ifstream in(VYRE_BUILTINS_SOURCE);
    std::stringstream src;
    src << in.rdbuf();
    std::string text = src.str();
    std::ostringstream batch;
    batch << "  vyre.batch @random {\n";
    for (const vyre_slot &s : items) {
      batch << "    vyre.work_item opcode(" << s.opcode << ") args [";
      for (unsigned a = 0; a < VYRE_SLOT_ARG_COUNT; ++a)
        batch << (a ? ", " : "") << s.args[a];
      batch << "] tenant(" << s.tenant << ") priority(" << s.priority
            << ")\n";
    }
    batch << "  }\n";
    text.insert(text.rfind('}'), batch.str());
    std::string base = kernelPath(stem, "");
    std::ofstream(base + ".mlir") << text;
    std::string cmd = std::string(VYRE_COMPILE) + " " + base + ".mlir " +
                      pipeline + " -o " + base + ".spv";
    compiled.push_back(base);
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    return stem;
  }

  /// Loads the interpreter compiled from the batch's source, with the DFA
  /// table written.
  vyre_kernel *loadInterpreter(const std::string &stem) {
    vyre_kernel *k = load(stem);
    if (k) {
      std::vector<uint32_t> table = dfaTable();
      EXPECT_EQ(vyre_kernel_write_buffer(k, "dfa", 0, table.data(), 512),
                VYRE_OK)
          << vyre_last_error();
    }
    return k;
  }

  /// The batch as the compiled kernel lists it (vyre-prune-redundancy may
  /// have dropped items): what every run executes.
  static std::vector<vyre_slot> manifestBatch(vyre_kernel *k) {
    uint32_t count = 0;
    vyre_kernel_batch(k, "random", nullptr, 0, &count);
    std::vector<vyre_slot> slots(count);
    EXPECT_EQ(vyre_kernel_batch(k, "random", slots.data(), count, &count),
              VYRE_OK)
        << vyre_last_error();
    return slots;
  }

  /// Waits for `count` items from ticket `first`, reaps them, reads the
  /// control words and shuts the kernel down.
  Outcome finish(vyre_kernel *k, uint64_t first, uint32_t count) {
    Outcome out;
    EXPECT_EQ(vyre_kernel_wait(k, first + count, kWait), VYRE_OK)
        << vyre_last_error();
    out.done = reapAll(k);
    std::sort(out.done.begin(), out.done.end(),
              [](auto &a, auto &b) { return a.ticket < b.ticket; });
    vyre_kernel_info info;
    EXPECT_EQ(vyre_kernel_get_info(k, &info), VYRE_OK);
    out.control.resize(info.control_words);
    EXPECT_EQ(vyre_kernel_read_control(k, 0, out.control.data(),
                                       info.control_words),
              VYRE_OK);
    expectCleanShutdown(k);
    return out;
  }

  /// Every item and control word as the reference model has them, running
  /// `items` in order with tenant table `tenants`.
  void expectModel(const Outcome &run, const std::vector<vyre_slot> &items,
                   const std::vector<uint32_t> &tenants, const char *what) {
    SCOPED_TRACE(what);
    ASSERT_EQ(run.done.size(), items.size()) << "an item was lost or run twice";
    ReferenceModel model(kObservables, kBuiltinDebugRecords, kBuiltinArms,
                         tenants, dfaTable());
    model.control()[VYRE_CTRL_BUFFER_LENGTHS] = 512;
    uint32_t mismatches = 0;
    for (size_t i = 0; i < items.size(); ++i) {
      ReferenceOutcome expect = model.execute(run.done[i].slot, items[i]);
      if (run.done[i].status != expect.status ||
          run.done[i].fault_code != expect.faultCode)
        if (++mismatches <= 10)
          ADD_FAILURE() << "item " << i << " (opcode " << items[i].opcode
                        << "): device " << run.done[i].status << "/"
                        << run.done[i].fault_code << ", reference "
                        << expect.status << "/" << expect.faultCode;
    }
    EXPECT_EQ(mismatches, 0u);
    for (uint32_t w = 0; w < kControlWords; ++w) {
      bool log = w >= VYRE_CTRL_FAULT_LOG &&
                 w < VYRE_CTRL_FAULT_LOG +
                         VYRE_FAULT_LOG_ENTRIES * VYRE_FAULT_LOG_ENTRY_WORDS;
      if (!isHostOrPassWord(w) && !log)
        EXPECT_EQ(run.control[w], model.control()[w]) << "control word " << w;
    }
  }

  /// Runs `items` published to the interpreter of `stem`, or to its
  /// JIT-fused variant if `jit`.
  Outcome runPublished(const std::string &stem,
                       const std::vector<vyre_slot> &items, bool jit) {
    vyre_kernel *k = loadInterpreter(stem);
    if (!k)
      return {};
    if (jit) {
      uint32_t fused = 0;
      EXPECT_EQ(addVariant(k, "builtins_jit", fused), VYRE_OK)
          << vyre_last_error();
      EXPECT_EQ(vyre_kernel_swap(k, fused, kWait), VYRE_OK)
          << vyre_last_error();
    }
    EXPECT_EQ(vyre_kernel_launch(k), VYRE_OK) << vyre_last_error();
    uint32_t n = 0;
    EXPECT_EQ(vyre_kernel_publish(k, items.data(), uint32_t(items.size()),
                                  kWait, &n),
              VYRE_OK)
        << vyre_last_error();
    return finish(k, 0, uint32_t(items.size()));
  }

  /// Runs the fused batch `batchStem` beside the interpreter `stem`, after
  /// `beforeRun` (tenant-table changes); its JIT stats in `stats`.
  Outcome runFused(const std::string &stem, const std::string &batchStem,
                   uint32_t count, vyre_jit_stats &stats,
                   const std::function<void(vyre_kernel *)> &beforeRun = {}) {
    vyre_kernel *k = loadInterpreter(stem);
    if (!k)
      return {};
    uint32_t batch = 0;
    EXPECT_EQ(addVariant(k, batchStem, batch), VYRE_OK) << vyre_last_error();
    EXPECT_EQ(vyre_kernel_launch(k), VYRE_OK) << vyre_last_error();
    if (beforeRun)
      beforeRun(k);
    uint64_t first = ~0ull;
    EXPECT_EQ(vyre_kernel_run_batch(k, batch, kWait, &first), VYRE_OK)
        << vyre_last_error();
    EXPECT_EQ(first, 0u);
    EXPECT_EQ(vyre_kernel_jit_stats(k, &stats), VYRE_OK);
    return finish(k, first, count);
  }
};

TEST_F(FusedBatchTest, InterpreterJitAndFusedBatchMatchTheModel) {
  for (uint32_t seed : {1u, 2u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::vector<vyre_slot> random = randomItems(seed, 200);
    std::string stem = compile(random, "fused_batch_interp_" + std::to_string(seed),
                               "--vyre-to-spirv-interpreter");
    std::string batchStem = compile(random, "fused_batch_" + std::to_string(seed),
                                    "--vyre-to-spirv-batch");
    vyre_kernel *probe = load(stem);
    ASSERT_TRUE(probe);
    std::vector<vyre_slot> items = manifestBatch(probe);
    ASSERT_GT(items.size(), 150u);

    expectModel(runPublished(stem, items, false), items, kBuiltinTenants,
                "interpreter");
    expectModel(runPublished(stem, items, true), items, kBuiltinTenants,
                "JIT-fused");
    vyre_jit_stats stats{};
    expectModel(runFused(stem, batchStem, uint32_t(items.size()), stats),
                items, kBuiltinTenants, "fused batch");
    // Every built-in's loops have constant trip counts here: the batch
    // kernel ran every item itself.
    EXPECT_EQ(stats.requeued, 0u);
  }
}

// The batch was compiled for tenant 1 running arms 0-3 only; widen its mask
// and the kernel's guard fails: every item goes to the interpreter, which
// applies the new table, and the results are the model's under it.
TEST_F(FusedBatchTest, ChangedTenantTableRequeuesTheWholeBatch) {
  std::vector<vyre_slot> random = randomItems(4, 120);
  std::string stem =
      compile(random, "fused_batch_interp_4", "--vyre-to-spirv-interpreter");
  std::string batchStem = compile(random, "fused_batch_4", "--vyre-to-spirv-batch");
  vyre_kernel *probe = load(stem);
  ASSERT_TRUE(probe);
  std::vector<vyre_slot> items = manifestBatch(probe);
  vyre_jit_stats stats{};
  Outcome run = runFused(stem, batchStem,
                         uint32_t(items.size()), stats, [](vyre_kernel *k) {
                           ASSERT_EQ(vyre_kernel_set_tenant_mask(k, 1, ~0u),
                                     VYRE_OK);
                         });
  EXPECT_EQ(stats.requeued, items.size());
  // The generic kernel was the one running: the requeued items went
  // straight to it, with no swap.
  EXPECT_EQ(stats.handovers, 0u);
  expectModel(run, items, {0xFFFFFFFFu, 0xFFFFFFFFu, 0u},
              "fused batch, tenant 1 widened");
}

TEST_F(FusedBatchTest, MisuseIsRefused) {
  vyre_kernel *k = load("builtins_persistent");
  ASSERT_TRUE(k);
  EXPECT_EQ(vyre_kernel_run_batch(k, 0, kWait, nullptr),
            VYRE_ERROR_INVALID_ARGUMENT);
  EXPECT_NE(std::string(vyre_last_error()).find("is not a fused batch"),
            std::string::npos)
      << vyre_last_error();
  uint32_t jit = 0;
  VYRE_OK_OR_FAIL(addVariant(k, "builtins_jit", jit));
  EXPECT_EQ(vyre_kernel_run_batch(k, jit, kWait, nullptr),
            VYRE_ERROR_INVALID_ARGUMENT);
  std::vector<vyre_slot> random = randomItems(5, 8);
  std::string batchStem = compile(random, "fused_batch_5", "--vyre-to-spirv-batch");
  uint32_t batch = 0;
  VYRE_OK_OR_FAIL(addVariant(k, batchStem, batch));
  EXPECT_EQ(vyre_kernel_swap(k, batch, kWait), VYRE_ERROR_INVALID_ARGUMENT);
  EXPECT_NE(std::string(vyre_last_error()).find("cannot serve the ring"),
            std::string::npos)
      << vyre_last_error();
}

} // namespace
