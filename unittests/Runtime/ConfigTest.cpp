//===- ConfigTest.cpp - the environment, read once and checked ---*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// readConfig over a table instead of the process environment: defaults,
// every setting read, and each bad value refused with a message that names
// the variable and its value; and vyre_runtime_create refusing a bad value
// of the real environment before it opens any device.
//
//===----------------------------------------------------------------------===//

#include "Config.h"
#include "vyre/runtime.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>

using vyre::Config;

namespace {

struct Env {
  std::map<std::string, std::string> vars;
  const char *operator()(const char *name) const {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  }
};

TEST(ConfigTest, DefaultsWithAnEmptyEnvironment) {
  Config c;
  std::string error;
  ASSERT_TRUE(vyre::readConfig(Env{}, c, error)) << error;
  EXPECT_FALSE(c.validation);
  EXPECT_EQ(c.device, "");
  EXPECT_FALSE(c.workgroups);
  EXPECT_FALSE(c.cpuThreads);
  EXPECT_FALSE(c.loopBudget);
  EXPECT_TRUE(c.doorbell);
  EXPECT_EQ(c.ring, Placement::DevicePolled);
  EXPECT_EQ(c.control, Placement::DevicePolled);
}

TEST(ConfigTest, ReadsEverySetting) {
  Env env{{{"VYRE_VALIDATION", "1"},
           {"VYRE_DEVICE", "llvmpipe"},
           {"VYRE_WORKGROUPS", "264"},
           {"LP_NUM_THREADS", "0"},
           {"VYRE_LOOP_BUDGET", "0"},
           {"VYRE_DOORBELL", "0"},
           {"VYRE_RING_MEMORY", "host"},
           {"VYRE_CONTROL_MEMORY", "device"}}};
  Config c;
  std::string error;
  ASSERT_TRUE(vyre::readConfig(env, c, error)) << error;
  EXPECT_TRUE(c.validation);
  EXPECT_EQ(c.device, "llvmpipe");
  EXPECT_EQ(c.workgroups, 264u);
  EXPECT_EQ(c.cpuThreads, 0u);
  EXPECT_EQ(c.loopBudget, 0u); // set to "no budget", not unset
  EXPECT_FALSE(c.doorbell);
  EXPECT_EQ(c.ring, Placement::HostPolled);
  EXPECT_EQ(c.control, Placement::DevicePolled);
}

TEST(ConfigTest, RefusesBadValuesByName) {
  const std::pair<const char *, const char *> bad[] = {
      {"VYRE_WORKGROUPS", "0"},        {"VYRE_WORKGROUPS", "12abc"},
      {"VYRE_WORKGROUPS", "-1"},       {"VYRE_LOOP_BUDGET", "4294967296"},
      {"LP_NUM_THREADS", "many"},      {"VYRE_DOORBELL", "off"},
      {"VYRE_RING_MEMORY", "vram"},    {"VYRE_CONTROL_MEMORY", "Host"}};
  for (auto [name, value] : bad) {
    Config c;
    c.device = "kept";
    std::string error;
    EXPECT_FALSE(vyre::readConfig(Env{{{name, value}}}, c, error))
        << name << "=" << value;
    EXPECT_NE(error.find(std::string(name) + "='" + value + "'"),
              std::string::npos)
        << error;
    EXPECT_EQ(c.device, "kept") << "a refused read changed the config";
  }
}

TEST(ConfigTest, EmptyValuesCountAsUnset) {
  Env env{{{"VYRE_WORKGROUPS", ""}, {"VYRE_DOORBELL", ""},
           {"VYRE_RING_MEMORY", ""}, {"VYRE_VALIDATION", ""}}};
  Config c;
  std::string error;
  ASSERT_TRUE(vyre::readConfig(env, c, error)) << error;
  EXPECT_FALSE(c.workgroups);
  EXPECT_TRUE(c.doorbell);
  EXPECT_FALSE(c.validation);
}

TEST(ConfigTest, RuntimeCreationRefusesABadEnvironment) {
  const char *saved = std::getenv("VYRE_LOOP_BUDGET");
  std::string old = saved ? saved : "";
  setenv("VYRE_LOOP_BUDGET", "lots", 1);
  vyre_runtime *rt = nullptr;
  vyre_status s = vyre_runtime_create(nullptr, 0, &rt);
  std::string message = vyre_last_error();
  if (saved)
    setenv("VYRE_LOOP_BUDGET", old.c_str(), 1);
  else
    unsetenv("VYRE_LOOP_BUDGET");
  EXPECT_EQ(s, VYRE_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(rt, nullptr);
  EXPECT_NE(message.find("VYRE_LOOP_BUDGET='lots'"), std::string::npos)
      << message;
}

// A selector that matches no device, an index past the last and a number
// too long for any index: each an error that lists the devices, no throw.
TEST(ConfigTest, RuntimeCreationRefusesADeviceThatIsNotThere) {
  for (const char *selector :
       {"no such device", "4096", "99999999999999999999999"}) {
    vyre_runtime *rt = nullptr;
    EXPECT_EQ(vyre_runtime_create(selector, 0, &rt), VYRE_ERROR_NO_DEVICE)
        << selector;
    EXPECT_EQ(rt, nullptr);
    std::string message = vyre_last_error();
    EXPECT_NE(message.find("no Vulkan device matches"), std::string::npos)
        << message;
    EXPECT_NE(message.find("0: "), std::string::npos) << message;
  }
}

} // namespace
