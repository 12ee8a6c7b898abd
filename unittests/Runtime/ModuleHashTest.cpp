//===- ModuleHashTest.cpp - a manifest bound to its binary -------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// The module hash (RingABI.h) ties a manifest to the binary vyre-translate
// wrote it for (issue 23): an edit that keeps the manifest consistent with
// itself, or a manifest beside another build's binary, is refused at load
// instead of describing sizes the binary does not have.
//
//===----------------------------------------------------------------------===//

#include "RuntimeFixture.h"

#include <fstream>

using namespace vyre::test;

namespace {

class ModuleHashTest : public RuntimeTest {
protected:
  std::string manifestText(const std::string &stem) {
    std::ifstream in(kernelPath(stem, ".json"));
    return std::string((std::istreambuf_iterator<char>(in)), {});
  }
  /// Loads `spvStem`'s binary with `json` as its manifest.
  vyre_status loadWith(const std::string &spvStem, const std::string &json) {
    // One file per test: ctest runs them in parallel processes.
    std::string path = ::testing::TempDir() + "/" +
                       ::testing::UnitTest::GetInstance()
                           ->current_test_info()->name() +
                       ".json";
    std::ofstream(path) << json;
    vyre_kernel *k = nullptr;
    vyre_status s = vyre_kernel_load(
        runtime, kernelPath(spvStem, ".spv").c_str(), path.c_str(), &k);
    if (k)
      kernels.push_back(k);
    return s;
  }
  static bool says(const char *what) {
    return std::string(vyre_last_error()).find(what) != std::string::npos;
  }
};

} // namespace

TEST_F(ModuleHashTest, TheManifestVyreTranslateWroteLoads) {
  VYRE_OK_OR_FAIL(loadWith("builtins_persistent",
                           manifestText("builtins_persistent")));
}

TEST_F(ModuleHashTest, AnEditThatKeepsTheManifestConsistentIsRefused) {
  // Tenant 1's mask 15 -> 7: a manifest the reader accepts, not the one
  // the binary was built with.
  std::string json = manifestText("builtins_persistent");
  size_t at = json.find("\n    15,");
  ASSERT_NE(at, std::string::npos);
  json.replace(at, 8, "\n    7,");
  EXPECT_EQ(loadWith("builtins_persistent", json), VYRE_ERROR_BAD_MODULE);
  EXPECT_TRUE(says("does not describe this binary")) << vyre_last_error();
}

TEST_F(ModuleHashTest, AManifestBesideAnotherBinaryIsRefused) {
  EXPECT_EQ(loadWith("builtins_once", manifestText("builtins_persistent")),
            VYRE_ERROR_BAD_MODULE);
  EXPECT_TRUE(says("it was edited, or it belongs to another build"))
      << vyre_last_error();
}

TEST_F(ModuleHashTest, AManifestWithoutAHashIsRefused) {
  std::string json = manifestText("builtins_persistent");
  size_t at = json.find("  \"module_hash\"");
  ASSERT_NE(at, std::string::npos);
  json.erase(at, json.find('\n', at) + 1 - at);
  EXPECT_EQ(loadWith("builtins_persistent", json), VYRE_ERROR_BAD_MODULE);
  EXPECT_TRUE(says("has no module_hash")) << vyre_last_error();
}
