//===- RuntimeFixture.h - shared set-up of the end-to-end tests --*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_UNITTESTS_RUNTIME_RUNTIMEFIXTURE_H
#define VYRE_UNITTESTS_RUNTIME_RUNTIMEFIXTURE_H

#include "BuiltinsKernel.h"
#include "vyre/runtime.h"

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#define VYRE_OK_OR_FAIL(call)                                                  \
  do {                                                                         \
    vyre_status status_ = (call);                                              \
    ASSERT_EQ(status_, VYRE_OK) << #call << ": " << vyre_last_error();         \
  } while (0)

namespace vyre::test {

/// Timeout of the tests' waits, publishes and shutdowns, in ms: generous,
/// since lavapipe under validation is slow.
inline constexpr uint32_t kWait = 60000;

inline std::string kernelPath(const std::string &stem, const char *ext) {
  return std::string(VYRE_TEST_KERNEL_DIR) + "/" + stem + ext;
}

/// Control words the reference model has no part in: the heartbeat and the
/// restricted-pass count (they count passes) and what the host writes at
/// launch or for a fused batch (loop budget, canary trips, batch base,
/// doorbell, priority partition offsets).
inline bool isHostOrPassWord(uint32_t w) {
  return w == VYRE_CTRL_HEARTBEAT || w == VYRE_CTRL_LOOP_BUDGET ||
         w == VYRE_CTRL_CANARY_TRIPS || w == VYRE_CTRL_DOORBELL ||
         w == VYRE_CTRL_DOORBELL_ON || w == VYRE_CTRL_STARVATION ||
         w == VYRE_CTRL_BATCH_BASE ||
         (w >= VYRE_CTRL_SQ_TAIL && w < VYRE_CTRL_SQ_TAIL + VYRE_PRIORITY_LEVELS) ||
         (w >= VYRE_CTRL_PRIORITY_OFFSETS &&
          w < VYRE_CTRL_PRIORITY_OFFSETS + VYRE_PRIORITY_OFFSET_WORDS);
}

inline vyre_slot makeSlot(uint32_t opcode, std::vector<uint32_t> args = {},
                          uint32_t tenant = 0) {
  vyre_slot s{};
  s.opcode = opcode;
  s.tenant = tenant;
  s.priority = VYRE_PRIORITY_NORMAL;
  for (size_t i = 0; i < args.size() && i < VYRE_SLOT_ARG_COUNT; ++i)
    s.args[i] = args[i];
  return s;
}

/// Opens the default device (validation on through VYRE_VALIDATION=1 from
/// ctest) and fails any test that made the validation layer report an error.
/// Keeps `k` served until `done()` holds, pausing `pause` between tries;
/// false after `limit` or if a reap fails. On lavapipe a dispatch that
/// spent its loop budget returns and is relaunched only by the owner's
/// calls, so a test that just sleeps while it waits for the device can wait
/// forever (IoTest did, under load, in CI); a reap of nothing is such a
/// call.
inline bool serveUntil(vyre_kernel *k, const std::function<bool()> &done,
                       std::chrono::milliseconds limit,
                       std::chrono::microseconds pause) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    uint32_t n = 0;
    if (vyre_kernel_reap(k, nullptr, 0, &n) != VYRE_OK ||
        std::chrono::steady_clock::now() > deadline)
      return false;
    std::this_thread::sleep_for(pause);
  }
  return true;
}

class RuntimeTest : public ::testing::Test {
protected:
  void SetUp() override {
    VYRE_OK_OR_FAIL(vyre_runtime_create(nullptr, 0, &runtime));
  }
  void TearDown() override {
    for (vyre_kernel *k : kernels)
      vyre_kernel_destroy(k);
    if (runtime) {
      EXPECT_EQ(vyre_runtime_validation_errors(runtime), 0u)
          << "the Vulkan validation layer reported errors (see stderr)";
      vyre_runtime_destroy(runtime);
    }
  }
  vyre_kernel *load(const std::string &stem) {
    vyre_kernel *k = nullptr;
    vyre_status s = vyre_kernel_load(runtime, kernelPath(stem, ".spv").c_str(),
                                     kernelPath(stem, ".json").c_str(), &k);
    EXPECT_EQ(s, VYRE_OK) << vyre_last_error();
    if (k)
      kernels.push_back(k);
    return k;
  }
  /// vyre_kernel_add_variant with the test kernel `stem`; its status.
  vyre_status addVariant(vyre_kernel *k, const std::string &stem,
                         uint32_t &index) {
    return vyre_kernel_add_variant(k, kernelPath(stem, ".spv").c_str(),
                                   kernelPath(stem, ".json").c_str(), &index);
  }
  std::vector<uint32_t> observables(vyre_kernel *k, uint32_t count) {
    std::vector<uint32_t> out(count);
    EXPECT_EQ(vyre_kernel_read_observables(k, 0, out.data(), count), VYRE_OK)
        << vyre_last_error();
    return out;
  }
  /// Shuts a persistent kernel down and checks that no published slot was
  /// left unrun.
  void expectCleanShutdown(vyre_kernel *k, uint32_t timeoutMs = 60000) {
    uint32_t unfinished = 1;
    VYRE_OK_OR_FAIL(vyre_kernel_shutdown(k, timeoutMs, &unfinished));
    EXPECT_EQ(unfinished, 0u);
  }
  std::vector<vyre_completion> reapAll(vyre_kernel *k) {
    std::vector<vyre_completion> all, chunk(512);
    uint32_t n = 0;
    do {
      EXPECT_EQ(vyre_kernel_reap(k, chunk.data(), uint32_t(chunk.size()), &n),
                VYRE_OK);
      all.insert(all.end(), chunk.begin(), chunk.begin() + n);
    } while (n == chunk.size());
    return all;
  }

  vyre_runtime *runtime = nullptr;
  std::vector<vyre_kernel *> kernels;
};

} // namespace vyre::test

#endif // VYRE_UNITTESTS_RUNTIME_RUNTIMEFIXTURE_H
