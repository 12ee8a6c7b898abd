//===- LifetimeTest.cpp - many runtimes and kernels in one process --------===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// On the H200 the 31st vyre_runtime_create of a process failed with "no
// Vulkan 1.1 driver found": every vkCreateInstance loaded NVIDIA's driver
// again and its static TLS was never given back (DriverAnchor.h). A process
// that serves for a long time (a test binary, a Python session, a service
// that rebuilds its runtime) must be able to create and destroy as many as
// it likes, without file descriptors or threads piling up.
//
//===----------------------------------------------------------------------===//

#include "RuntimeFixture.h"

#include <dirent.h>

using namespace vyre::test;

namespace {

/// Open file descriptors of this process (Linux), or -1 elsewhere.
int openDescriptors() {
  DIR *dir = opendir("/proc/self/fd");
  if (!dir)
    return -1;
  int n = 0;
  while (readdir(dir))
    ++n;
  closedir(dir);
  return n;
}

/// One runtime, one kernel, and every `runEvery`-th time one slot through
/// it; all destroyed again. Returns false (with a gtest failure) on error.
bool createUseDestroy(int iteration, bool run) {
  vyre_runtime *rt = nullptr;
  vyre_status s = vyre_runtime_create(nullptr, 0, &rt);
  EXPECT_EQ(s, VYRE_OK) << "runtime " << iteration << ": " << vyre_last_error();
  if (s != VYRE_OK)
    return false;
  vyre_kernel *k = nullptr;
  s = vyre_kernel_load(rt, kernelPath("builtins_once", ".spv").c_str(),
                       kernelPath("builtins_once", ".json").c_str(), &k);
  EXPECT_EQ(s, VYRE_OK) << "kernel " << iteration << ": " << vyre_last_error();
  bool good = s == VYRE_OK;
  if (good && run) {
    vyre_slot slot = makeSlot(VYRE_OP_NOP);
    uint32_t n = 0;
    vyre_completion c{};
    good = vyre_kernel_publish(k, &slot, 1, kWait, &n) == VYRE_OK &&
           vyre_kernel_launch(k) == VYRE_OK &&
           vyre_kernel_wait(k, 1, kWait) == VYRE_OK &&
           vyre_kernel_reap(k, &c, 1, &n) == VYRE_OK && n == 1 &&
           c.status == VYRE_STATUS_DONE;
    EXPECT_TRUE(good) << "slot through kernel " << iteration << ": "
                      << vyre_last_error();
  }
  vyre_kernel_destroy(k);
  vyre_runtime_destroy(rt);
  return good;
}

TEST(LifetimeTest, AThousandRuntimesAndKernelsComeAndGo) {
  constexpr int kRounds = 1000, kRunEvery = 50;
  int before = -1;
  for (int i = 0; i < kRounds; ++i) {
    if (!createUseDestroy(i, i % kRunEvery == 0))
      return;
    if (i == 9) // after the drivers' own one-time descriptors
      before = openDescriptors();
  }
  int after = openDescriptors();
  EXPECT_EQ(after, before) << "file descriptors grew from " << before
                           << " to " << after << " over " << kRounds - 10
                           << " runtimes";
}

} // namespace

namespace {

class KernelLifetimeTest : public RuntimeTest {};

/// Kernels, variants, failed loads and rebuilds on one runtime, a thousand
/// times. Every Vulkan object they made must be gone: with VYRE_VALIDATION=1
/// (ctest sets it) the validation layer's object tracker reports each object
/// of a device still alive when the device is destroyed, which the last
/// rebuild does, and the fixture fails on any validation error.
TEST_F(KernelLifetimeTest, AThousandKernelsVariantsAndRebuildsLeaveNoVulkanObject) {
  constexpr int kRounds = 1000;
  int failedLoads = 0, rebuilds = 0;
  for (int i = 0; i < kRounds; ++i) {
    bool failLoad = i % 100 == 7;
    if (failLoad) // one of the kernel's buffers cannot be had
      VYRE_OK_OR_FAIL(vyre_runtime_inject_fault(runtime, VYRE_INJECT_ALLOCATION, 3));
    // Every tenth a persistent kernel with a JIT variant, launched and
    // shut down; the others once kernels.
    bool persistent = i % 10 == 5;
    const char *stem = persistent ? "builtins_persistent" : "builtins_once";
    vyre_kernel *k = nullptr;
    vyre_status s = vyre_kernel_load(runtime, kernelPath(stem, ".spv").c_str(),
                                     kernelPath(stem, ".json").c_str(), &k);
    if (failLoad) {
      ASSERT_EQ(s, VYRE_ERROR_VULKAN) << vyre_last_error();
      ++failedLoads;
      continue;
    }
    ASSERT_EQ(s, VYRE_OK) << "kernel " << i << ": " << vyre_last_error();
    if (persistent) {
      uint32_t variant = 0;
      EXPECT_EQ(addVariant(k, "builtins_jit", variant), VYRE_OK) << vyre_last_error();
      EXPECT_EQ(vyre_kernel_launch(k), VYRE_OK) << vyre_last_error();
      expectCleanShutdown(k);
    }
    if (i % 50 == 0) {
      vyre_slot slot = makeSlot(VYRE_OP_ATOMIC_ADD, {1, VYRE_CTRL_OBSERVABLES});
      uint32_t n = 0;
      EXPECT_EQ(vyre_kernel_publish(k, &slot, 1, kWait, &n), VYRE_OK);
      if (i % 250 == 0) { // lost before it ran; the rebuild keeps it
        VYRE_OK_OR_FAIL(vyre_runtime_inject_fault(runtime, VYRE_INJECT_DEVICE_LOST, 0));
        EXPECT_EQ(vyre_kernel_launch(k), VYRE_ERROR_DEVICE_LOST);
        VYRE_OK_OR_FAIL(vyre_kernel_rebuild(k));
        ++rebuilds;
      }
      EXPECT_EQ(vyre_kernel_launch(k), VYRE_OK) << vyre_last_error();
      EXPECT_EQ(vyre_kernel_wait_idle(k, kWait), VYRE_OK) << vyre_last_error();
      EXPECT_EQ(observables(k, 1)[0], 1u) << "kernel " << i;
    }
    vyre_kernel_destroy(k);
  }
  EXPECT_EQ(failedLoads, 10);
  EXPECT_EQ(rebuilds, 4);
  // A last rebuild destroys the device: what any round left behind is
  // reported now.
  vyre_kernel *last = load("builtins_once");
  ASSERT_TRUE(last);
  VYRE_OK_OR_FAIL(vyre_kernel_rebuild(last));
  EXPECT_EQ(vyre_runtime_validation_errors(runtime), 0u);
}

} // namespace
