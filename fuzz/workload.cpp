//===- workload.cpp - fuzzing vyre-run's workload reader ---------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Any workload file: parsed into at most kMaxRunSlots slots with fences in
// order, or refused with "file:line: ..."; never a crash or an abort.
//
//===----------------------------------------------------------------------===//

#include "Workload.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <unistd.h>

using namespace vyre::run;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static std::string path = "/tmp/vyre-fuzz-workload-" +
                            std::to_string(getpid()) + ".txt";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char *>(data), std::streamsize(size));
  }
  // Names "a" .. "z" are handlers 16 .. 41; anything else is unknown.
  OpcodeResolver resolve = [](const std::string &name, uint32_t &opcode,
                              std::string &message) {
    if (name.size() == 1 && name[0] >= 'a' && name[0] <= 'z') {
      opcode = 16 + uint32_t(name[0] - 'a');
      return true;
    }
    message = "no handler named \"" + name + "\"";
    return false;
  };
  std::vector<vyre_slot> slots;
  std::vector<size_t> fences;
  std::string error;
  // A run's limit (64 Mi slots) is 4 GiB of slots, past libFuzzer's memory
  // limit: the same check, at 1 Mi.
  constexpr uint64_t kFuzzMaxSlots = uint64_t(1) << 20;
  if (parseWorkload(path, resolve, slots, fences, error, kFuzzMaxSlots)) {
    if (slots.size() > kFuzzMaxSlots)
      std::abort();
    for (size_t i = 1; i < fences.size(); ++i)
      if (fences[i] < fences[i - 1] || fences[i] > slots.size())
        std::abort();
  } else if (error.find(':') == std::string::npos) {
    std::fprintf(stderr, "an error without its place: %s\n", error.c_str());
    std::abort();
  }
  return 0;
}
