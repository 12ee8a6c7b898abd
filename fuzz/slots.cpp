//===- slots.cpp - fuzzing the slot stream on the device --------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Any sequence of slots for the builtins test kernel, run on the Vulkan
// device (lavapipe in CI) one at a time, so that the order is the reference
// model's: each slot's status and fault code, and the observables after the
// input, must be the model's. Slots are decoded from 52-byte records: an
// opcode selector (every built-in, reserved and unknown opcodes; never
// SHUTDOWN, which ends the kernel rather than a slot), a tenant, a
// priority, a flag byte that folds arguments 0-3 into 0-255 (so that
// indices often land on real control words), then 12 argument words.
// Reads of control words the device changes on its own (counters,
// heartbeat, doorbell, loop budget) are pointed at the observables
// instead: the model cannot know their values. The kernel (VYRE_FUZZ_KERNEL,
// a path without extension; scripts/fuzz.sh points it at the test build's
// builtins_persistent) stays loaded; each input starts from zeroed
// observables and a fresh model. Device code is not instrumented, so
// libFuzzer's coverage sees only the host's side: this is a mutation
// fuzzer of slot contents more than a coverage-guided one.
//
//===----------------------------------------------------------------------===//

#include "BuiltinsKernel.h"
#include "ReferenceModel.h"
#include "vyre/runtime.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

using vyre::test::kBuiltinArms;
using vyre::test::kBuiltinTenants;
constexpr uint32_t kObservables = vyre::test::kBuiltinObservables;
constexpr uint32_t kRecordBytes = 4 + 4 * VYRE_SLOT_ARG_COUNT;
constexpr uint32_t kMaxSlots = 32;
const uint32_t kOpcodes[] = {
    VYRE_OP_NOP,        VYRE_OP_STORE_U32,   VYRE_OP_ATOMIC_ADD,
    VYRE_OP_LOAD_U32,   VYRE_OP_COMPARE_SWAP, VYRE_OP_MEMCPY,
    VYRE_OP_DFA_STEP,   VYRE_OP_BATCH_FENCE, VYRE_OP_PRINTF,
    VYRE_OP_PACKED_SLOT, 0xFFF0u /* reserved */, 8u /* reserved */,
    0x4242u /* no handler */};

[[noreturn]] void die(const std::string &what) {
  std::fprintf(stderr, "vyre-fuzz-slots: %s (%s)\n", what.c_str(),
               vyre_last_error());
  std::abort();
}

std::vector<uint32_t> dfaTable() {
  std::vector<uint32_t> t(512);
  for (uint32_t i = 0; i < t.size(); ++i)
    t[i] = 1000 + i % 8;
  return t;
}

/// A control word whose value the model knows: the tenant table, the DFA
/// buffer's length, the observables.
bool modelKnows(uint32_t word) {
  return (word >= VYRE_CTRL_TENANT_TABLE && word < VYRE_CTRL_TENANT_TABLE + 3) ||
         word == VYRE_CTRL_BUFFER_LENGTHS || word >= VYRE_CTRL_OBSERVABLES;
}

vyre_slot decode(const uint8_t *r) {
  vyre_slot s{};
  uint32_t pick = r[0] % (sizeof(kOpcodes) / sizeof(kOpcodes[0]) + 1);
  std::memcpy(s.args, r + 4, sizeof(s.args));
  s.opcode = pick < sizeof(kOpcodes) / sizeof(kOpcodes[0])
                 ? kOpcodes[pick]
                 : (s.args[11] == VYRE_OP_SHUTDOWN ? 0 : s.args[11]);
  s.tenant = r[1] % 8 < 6 ? r[1] % 3 : r[1]; // mostly the three tenants
  s.priority = r[2] % VYRE_PRIORITY_LEVELS;
  for (uint32_t a = 0; a < 4; ++a)
    if (r[3] & (1u << a))
      s.args[a] &= 0xFF;
  // Sources the model cannot know are read from the observables instead.
  bool readsA0 = s.opcode == VYRE_OP_LOAD_U32 || s.opcode == VYRE_OP_MEMCPY ||
                 s.opcode == VYRE_OP_COMPARE_SWAP;
  if (readsA0 && !modelKnows(s.args[0]))
    s.args[0] = VYRE_CTRL_OBSERVABLES + s.args[0] % kObservables;
  if (s.opcode == VYRE_OP_MEMCPY) // the whole source range
    for (uint32_t i = 0; i < s.args[2] && i < 4096; ++i)
      if (!modelKnows(s.args[0] + i)) {
        s.args[0] = VYRE_CTRL_OBSERVABLES;
        break;
      }
  return s;
}

vyre_kernel *kernel() {
  static vyre_runtime *rt = nullptr;
  static vyre_kernel *k = nullptr;
  if (k)
    return k;
  const char *stem = std::getenv("VYRE_FUZZ_KERNEL");
  if (!stem)
    die("set VYRE_FUZZ_KERNEL to the builtins_persistent kernel's path "
        "without .spv/.json");
  if (vyre_runtime_create(nullptr, 0, &rt) != VYRE_OK)
    die("no Vulkan device");
  std::string base = stem;
  if (vyre_kernel_load(rt, (base + ".spv").c_str(), (base + ".json").c_str(),
                       &k) != VYRE_OK)
    die("cannot load " + base);
  std::vector<uint32_t> table = dfaTable();
  if (vyre_kernel_write_buffer(k, "dfa", 0, table.data(), 512) != VYRE_OK ||
      vyre_kernel_launch(k) != VYRE_OK)
    die("cannot start the kernel");
  return k;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  vyre_kernel *k = kernel();
  for (uint32_t w = 0; w < kObservables; ++w)
    if (vyre_kernel_write_control(k, VYRE_CTRL_OBSERVABLES + w, 0) != VYRE_OK)
      die("cannot zero the observables");
  vyre::ReferenceModel model(kObservables, vyre::test::kBuiltinDebugRecords,
                             kBuiltinArms, kBuiltinTenants, dfaTable());
  model.control()[VYRE_CTRL_BUFFER_LENGTHS] = 512;
  size_t count = std::min<size_t>(size / kRecordBytes, kMaxSlots);
  for (size_t i = 0; i < count; ++i) {
    vyre_slot slot = decode(data + i * kRecordBytes);
    uint32_t n = 0;
    if (vyre_kernel_publish(k, &slot, 1, 60000, &n) != VYRE_OK || n != 1)
      die("publish");
    vyre_completion c{};
    do {
      if (vyre_kernel_reap(k, &c, 1, &n) != VYRE_OK)
        die("reap");
    } while (!n);
    vyre::ReferenceOutcome want = model.execute(c.slot, slot);
    if (c.status != want.status || c.fault_code != want.faultCode) {
      std::fprintf(stderr, "slot %zu (opcode %u tenant %u a0 %u a1 %u a2 %u): "
                   "device %u/%u, model %u/%u\n", i, slot.opcode, slot.tenant,
                   slot.args[0], slot.args[1], slot.args[2], c.status,
                   c.fault_code, want.status, want.faultCode);
      std::abort();
    }
  }
  std::vector<uint32_t> device(kObservables);
  if (vyre_kernel_read_observables(k, 0, device.data(), kObservables) != VYRE_OK)
    die("read_observables");
  for (uint32_t w = 0; w < kObservables; ++w)
    if (device[w] != model.control()[VYRE_CTRL_OBSERVABLES + w]) {
      std::fprintf(stderr, "observable %u: device %u, model %u\n", w,
                   device[w], model.control()[VYRE_CTRL_OBSERVABLES + w]);
      std::abort();
    }
  return 0;
}
