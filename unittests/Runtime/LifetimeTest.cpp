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
