//===- DeviceLimitsTest.cpp - sizes the device cannot run --------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// A manifest, a dispatch or a buffer the device cannot run is refused when
// it is loaded, set or launched, with the limit named (issue 23): before,
// workgroups past maxComputeWorkGroupCount and a ring past
// maxStorageBufferRange were dispatched and hung, and huge counts aborted
// with std::bad_alloc.
//
//===----------------------------------------------------------------------===//

#include "RuntimeFixture.h"

#include <fstream>
#include <regex>

using namespace vyre::test;

namespace {

class DeviceLimitsTest : public RuntimeTest {
protected:
  /// Loads `stem`'s binary with its manifest's `key` set to `value`;
  /// returns the status and leaves the message in vyre_last_error().
  vyre_status loadWith(const std::string &stem, const std::string &key,
                       const std::string &value) {
    std::ifstream in(kernelPath(stem, ".json"));
    std::string json((std::istreambuf_iterator<char>(in)), {});
    std::regex field("\"" + key + "\": [0-9]+");
    std::string edited =
        std::regex_replace(json, field, "\"" + key + "\": " + value,
                           std::regex_constants::format_first_only);
    EXPECT_NE(edited, json) << "no \"" << key << "\" in the manifest";
    // One file per test and key: ctest runs tests in parallel processes.
    std::string path = ::testing::TempDir() + "/" +
                       ::testing::UnitTest::GetInstance()
                           ->current_test_info()->name() +
                       "-" + key + ".json";
    std::ofstream(path) << edited;
    vyre_kernel *k = nullptr;
    vyre_status s = vyre_kernel_load(runtime, kernelPath(stem, ".spv").c_str(),
                                     path.c_str(), &k);
    if (k)
      kernels.push_back(k);
    return s;
  }
  static bool says(const char *what) {
    return std::string(vyre_last_error()).find(what) != std::string::npos;
  }
};

} // namespace

TEST_F(DeviceLimitsTest, AManifestPastTheDeviceIsRefusedAtLoad) {
  EXPECT_EQ(loadWith("builtins_once", "workgroups", "4000000000"),
            VYRE_ERROR_BAD_MODULE);
  EXPECT_TRUE(says("maxComputeWorkGroupCount")) << vyre_last_error();
  EXPECT_EQ(loadWith("builtins_once", "workgroup_size", "65536"),
            VYRE_ERROR_BAD_MODULE);
  EXPECT_TRUE(says("maxComputeWorkGroupSize")) << vyre_last_error();
  // A ring of 4e9 slots: refused by the ABI's bound before any allocation.
  EXPECT_EQ(loadWith("builtins_once", "slots", "4000000000"),
            VYRE_ERROR_BAD_MODULE);
  EXPECT_TRUE(says("a ring holds at most 67108864")) << vyre_last_error();
  EXPECT_EQ(loadWith("builtins_once", "debug_records", "4000000000"),
            VYRE_ERROR_BAD_MODULE);
  EXPECT_TRUE(says("past its ABI maximum")) << vyre_last_error();
}

TEST_F(DeviceLimitsTest, DispatchesAndBuffersPastTheDeviceAreRefused) {
  vyre_kernel *k = load("user_handlers");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(vyre_kernel_set_dispatch_workgroups(k, 0xFFFFFFFFu),
            VYRE_ERROR_INVALID_ARGUMENT);
  EXPECT_TRUE(says("maxComputeWorkGroupCount")) << vyre_last_error();
  EXPECT_EQ(vyre_kernel_set_buffer_length(k, "data", 0xFFFFFFFFu),
            VYRE_ERROR_INVALID_ARGUMENT);
  EXPECT_TRUE(says("maxStorageBufferRange")) << vyre_last_error();
  // The kernel still works after the refusals.
  VYRE_OK_OR_FAIL(vyre_kernel_set_buffer_length(k, "data", 16));
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  expectCleanShutdown(k, kWait);
}
