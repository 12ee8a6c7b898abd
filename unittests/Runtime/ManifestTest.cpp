//===- ManifestTest.cpp - the runtime's manifest reader ----------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "Json.h"
#include "Manifest.h"
#include "RuntimeFixture.h"

#include <fstream>

using namespace vyre;

namespace {

std::string readKernelManifest(const char *stem = "builtins_persistent") {
  std::ifstream in(test::kernelPath(stem, ".json"));
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

TEST(Manifest, ReadsWhatVyreTranslateWrites) {
  Manifest m;
  std::string error;
  ASSERT_TRUE(parseManifest(readKernelManifest(), m, error)) << error;
  EXPECT_EQ(m.kernel, "builtins");
  EXPECT_TRUE(m.persistent());
  EXPECT_EQ(m.slots, 256u);
  EXPECT_EQ(m.observables, 64u);
  EXPECT_EQ(m.controlWords, 224u);
  ASSERT_EQ(m.arms.size(), 11u);
  EXPECT_EQ(m.arms[10].opcodes[0], VYRE_OP_PACKED_SLOT);
  const ArmInfo *memcpyArm = m.armFor(VYRE_OP_MEMCPY);
  ASSERT_TRUE(memcpyArm);
  EXPECT_EQ(memcpyArm->handler, "__vyre_memcpy");
  EXPECT_EQ(m.armFor(0x1234), nullptr);
  ASSERT_EQ(m.tenants.size(), 3u);
  EXPECT_EQ(m.tenants[0], 0xFFFFFFFFu);
  const BindingInfo *dfa = m.findBinding("dfa");
  ASSERT_TRUE(dfa);
  EXPECT_EQ(dfa->binding, VYRE_BINDING_USER_BASE);
  EXPECT_EQ(dfa->elements, 512);
  EXPECT_FALSE(dfa->deviceMemory); // no io_read into it, not device_local
}

struct BadCase {
  std::string from, to, message;
};

/// Each case edits `json` once (first occurrence of `from`); the edited
/// manifest must be refused with an error containing `message`.
template <size_t N>
void expectEachRefused(const std::string &json, const BadCase (&cases)[N]) {
  for (const BadCase &c : cases) {
    std::string bad = json;
    size_t at = bad.find(c.from);
    ASSERT_NE(at, std::string::npos) << c.from;
    bad.replace(at, c.from.size(), c.to);
    Manifest m;
    std::string error;
    EXPECT_FALSE(parseManifest(bad, m, error)) << c.to;
    EXPECT_NE(error.find(c.message), std::string::npos) << error;
  }
}

std::string versionKey(uint32_t v) {
  return "\"abi_version\": " + std::to_string(v);
}

TEST(Manifest, RefusesInconsistentManifestsWithAReason) {
  const BadCase cases[] = {
      {versionKey(VYRE_ABI_VERSION), versionKey(VYRE_ABI_VERSION - 1),
       "ring ABI v" + std::to_string(VYRE_ABI_VERSION - 1) +
           " but this runtime speaks v" + std::to_string(VYRE_ABI_VERSION)},
      {"\"kind\": \"debug\"", "\"kind\": \"user\"",
       "the debug buffer (kind \"debug\") must be binding 2"},
      {"\"kind\": \"completions\"", "\"kind\": \"user\"",
       "binding completions has element type i8; only i32 and f32 exist"},
      {"\"control_words\": 224", "\"control_words\": 225",
       "does not match 160 + observables"},
      {"\"tenant_mask_words\": 1", "\"tenant_mask_words\": 2",
       "but 11 dispatch arms need 1"},
      {"\"mode\": \"persistent\"", "\"mode\": \"forever\"", "neither"},
      {"\"slots\": 256", "\"slots\": 0", "must be positive"},
      {"\"elements\": 4096", "\"elements\": 4000", "ring buffer (kind \"ring\") must be"},
      {"\"element\": \"i32\"", "\"element\": \"i64\"", "only i32 and f32"},
      // A kernel built for ABI v7's 4-byte completion words.
      {"\"element\": \"i8\"", "\"element\": \"i32\"",
       "completions buffer (kind \"completions\") must be binding 3 with 256 "
       "elements of i8"},
      {"\"memory\": \"host\"", "\"memory\": \"vram\"",
       "binding dfa has memory \"vram\"; it is \"device\" or \"host\""},
  };
  expectEachRefused(readKernelManifest(), cases);
  Manifest m;
  std::string error;
  EXPECT_FALSE(parseManifest("{\"abi_version\": 1,", m, error));
  EXPECT_NE(error.find("not valid JSON"), std::string::npos) << error;
}

// builtins_jit_deferred: ATOMIC_ADD and NOP fused (arms 2, 0), BATCH_FENCE
// and STORE_U32 deferred (arms 7, 1).
TEST(Manifest, ReadsFusedAndDeferredArms) {
  Manifest m;
  std::string error;
  std::string json = readKernelManifest("builtins_jit_deferred");
  ASSERT_TRUE(parseManifest(json, m, error)) << error;
  EXPECT_EQ(m.fusedArms, (std::vector<uint32_t>{2, 0}));
  EXPECT_EQ(m.deferredArms, (std::vector<uint32_t>{7, 1}));
  const BadCase cases[] = {
      {"\"deferred_arms\": [\n    7", "\"deferred_arms\": [\n    99",
       "deferred_arms names arm 99 but the kernel has 11 arms"},
      {"\"fused_arms\": [\n    2", "\"fused_arms\": [\n    11",
       "fused_arms names arm 11 but the kernel has 11 arms"},
      {"\"fused_arms\"", "\"unfused_arms\"",
       "deferred_arms is set but fused_arms is not"},
  };
  expectEachRefused(json, cases);
}

// The manifest against itself (issue 23): each was accepted before.
TEST(Manifest, RefusesAManifestThatDisagreesWithItself) {
  const BadCase cases[] = {
      {"\"name\": \"dfa\"", "\"name\": \"ring\"",
       "two buffers are named ring"},
      {"\"opcodes\": [\n        1\n", "\"opcodes\": [\n        0\n",
       "opcode 0 is served by both __vyre_nop and __vyre_store_u32"},
      {"\"index\": 1,", "\"index\": 5,",
       "arm __vyre_store_u32 has index 5 at position 1"},
      {"\"batches\": {}",
       "\"batches\": {\"b\": [{\"opcode\": 0, \"tenant\": 0, "
       "\"priority\": 0, \"args\": [1,2,3,4,5,6,7,8,9,10,11,12,13]}]}",
       "a work item of batch b has 13 arguments; a slot has 12"},
      {"\"slots\": 256", "\"slots\": 4000000000",
       "a ring holds at most 67108864"},
      {"\"kind\": \"user\"", "\"kind\": \"texture\"",
       "binding dfa has kind \"texture\"; a binding is the ring, control, "
       "debug, completions or a user buffer"},
      {"\"kind\": \"user\"", "\"kind\": \"debug\"",
       "the manifest has two debug bindings"},
  };
  expectEachRefused(readKernelManifest(), cases);
  // Two user buffers on one binding (io.mlir has @stage at 4, @out at 5).
  const BadCase twoOnOne[] = {
      {"\"binding\": 5,", "\"binding\": 4,",
       "bindings stage and out are both binding 4"}};
  expectEachRefused(readKernelManifest("io"), twoOnOne);
}

TEST(Json, ParsesNestingEscapesAndRejectsGarbage) {
  json::Value v;
  std::string error;
  ASSERT_TRUE(json::parse(R"({"a": [1, -2, {"b": "x\"y\u0041"}], "t": true, "n": null})",
                          v, error))
      << error;
  EXPECT_EQ(v.find("a")->array[1].number, -2);
  EXPECT_EQ(v.find("a")->array[2].find("b")->string, "x\"yA");
  EXPECT_TRUE(v.find("t")->boolean);
  EXPECT_FALSE(json::parse("[1, 2", v, error));
  EXPECT_FALSE(json::parse("{\"a\": 1.5}", v, error));
  EXPECT_NE(error.find("integers only"), std::string::npos);
  EXPECT_FALSE(json::parse("[] x", v, error));
}

} // namespace
