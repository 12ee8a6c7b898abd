//===- ProfileTest.cpp - vyre_kernel_save_profile, on the device --*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "Json.h"
#include "RuntimeFixture.h"

#include <cstdio>
#include <fstream>
#include <sstream>

using namespace vyre;
using namespace vyre::test;

namespace {

class ProfileTest : public RuntimeTest {};

// The file names every arm with its opcodes and the count its counter
// holds: what vyre-attach-profile reads back (test/e2e/profile-loop.test).
TEST_F(ProfileTest, SaveProfileWritesEveryArmsCount) {
  vyre_kernel *k = load("builtins_once");
  ASSERT_TRUE(k);
  std::vector<vyre_slot> slots(5, makeSlot(VYRE_OP_ATOMIC_ADD, {1, 160}));
  slots.push_back(makeSlot(VYRE_OP_NOP));
  slots.push_back(makeSlot(VYRE_OP_NOP));
  uint32_t n = 0;
  VYRE_OK_OR_FAIL(vyre_kernel_publish(k, slots.data(), uint32_t(slots.size()),
                                      0, &n));
  VYRE_OK_OR_FAIL(vyre_kernel_launch(k));
  VYRE_OK_OR_FAIL(vyre_kernel_wait_idle(k, kWait));
  ASSERT_EQ(reapAll(k).size(), slots.size());

  std::string path = ::testing::TempDir() + "/vyre-profile-test.json";
  VYRE_OK_OR_FAIL(vyre_kernel_save_profile(k, path.c_str()));
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  json::Value v;
  std::string error;
  ASSERT_TRUE(json::parse(text.str(), v, error)) << error;
  ASSERT_TRUE(v.find("vyre_profile"));
  EXPECT_EQ(v.find("vyre_profile")->number, int64_t(VYRE_PROFILE_FORMAT));
  EXPECT_EQ(v.find("kernel")->string, "builtins");
  EXPECT_EQ(v.find("abi_version")->number, int64_t(VYRE_ABI_VERSION));
  const json::Value *arms = v.find("arms");
  ASSERT_TRUE(arms);
  ASSERT_EQ(arms->array.size(), kBuiltinArms.size());
  for (size_t a = 0; a < kBuiltinArms.size(); ++a) {
    const json::Value &arm = arms->array[a];
    ASSERT_EQ(arm.find("opcodes")->array.size(), 1u);
    uint32_t opcode = uint32_t(arm.find("opcodes")->array[0].number);
    EXPECT_EQ(opcode, kBuiltinArms[a]);
    int64_t want = opcode == VYRE_OP_ATOMIC_ADD ? 5
                   : opcode == VYRE_OP_NOP      ? 2
                                                : 0;
    EXPECT_EQ(arm.find("count")->number, want) << "opcode " << opcode;
    EXPECT_TRUE(arm.find("builtin")->boolean);
  }
  std::remove(path.c_str());
}

TEST_F(ProfileTest, AnUnwritablePathIsRefusedWithAReason) {
  vyre_kernel *k = load("builtins_once");
  ASSERT_TRUE(k);
  EXPECT_EQ(vyre_kernel_save_profile(k, nullptr), VYRE_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(vyre_kernel_save_profile(k, "/nonexistent-dir/p.json"),
            VYRE_ERROR_INVALID_ARGUMENT);
  EXPECT_NE(std::string(vyre_last_error()).find("cannot write the profile"),
            std::string::npos)
      << vyre_last_error();
}

} // namespace
