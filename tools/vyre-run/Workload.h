//===- Workload.h - vyre-run workloads: files and generators -----*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Workload file (docs/vyre-run.md): one slot per line,
//   <op> [arg ...] [tenant=T] [priority=P] [x=N]
// where <op> is an opcode (decimal or 0x hex) or a handler / built-in name,
// args are up to 12 integers, and x=N repeats the line N times. A line
// `wait` is a fence: nothing after it is published before everything before
// it has finished (lanes run published slots in any order). '#' starts a
// comment.
//
// Generator: --gen "<op> <weight> [lo-hi ...]" picks ops by weight and each
// arg uniformly from its range, from a seeded PRNG (reproducible).
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_TOOLS_VYRERUN_WORKLOAD_H
#define VYRE_TOOLS_VYRERUN_WORKLOAD_H

#include "vyre/runtime.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace vyre::run {

/// Resolves an op token (number or handler name) to an opcode; returns
/// false with a message when it cannot.
using OpcodeResolver =
    std::function<bool(const std::string &, uint32_t &, std::string &)>;

/// The most slots one run holds (batches, workload file and --generate
/// together): 64 Mi slots take 4 GiB of slots and latencies on the host. A
/// count past it is an error that names it, not an out-of-memory abort.
constexpr uint64_t kMaxRunSlots = uint64_t(1) << 26;

/// Parses a workload file, appending to `out`; each `wait` line appends the
/// slot count so far to `fences`. On error returns false with
/// "file:line: ...". `maxSlots` bounds `out` (the fuzzer passes less than
/// a run's limit, whose 64 Mi slots take 4 GiB).
bool parseWorkload(const std::string &path, const OpcodeResolver &resolve,
                   std::vector<vyre_slot> &out, std::vector<size_t> &fences,
                   std::string &error, uint64_t maxSlots = kMaxRunSlots);

struct GeneratorOp {
  uint32_t opcode = 0;
  uint32_t weight = 1;
  std::vector<std::pair<uint32_t, uint32_t>> argRanges;
};

/// Parses one --gen spec.
bool parseGeneratorOp(const std::string &spec, const OpcodeResolver &resolve,
                      GeneratorOp &out, std::string &error);

/// `count` slots from the weighted ops, reproducible for a given seed.
std::vector<vyre_slot> generate(const std::vector<GeneratorOp> &ops,
                                uint64_t count, uint64_t seed);

/// Parses a 32-bit integer (decimal, 0x hex, or negative decimal).
bool parseWord(const std::string &text, uint32_t &out);

} // namespace vyre::run

#endif // VYRE_TOOLS_VYRERUN_WORKLOAD_H
