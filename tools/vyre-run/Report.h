//===- Report.h - what vyre-run measured, as text and JSON ------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// The summary of one run, filled by vyre-run's main loop and written by
// --json with everything the text output says (docs/vyre-run.md).
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_TOOLS_VYRE_RUN_REPORT_H
#define VYRE_TOOLS_VYRE_RUN_REPORT_H

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace vyre::run {

struct Report {
  std::string device, kernel;
  bool cpu = false, persistent = false;
  uint32_t ringSlots = 0, workgroups = 0, lanes = 0, relaunches = 0;
  uint64_t slots = 0, faults = 0;
  double seconds = 0;
  /// Latency publish -> completion seen, us, without the warm-up slots.
  double p50 = 0, p90 = 0, p99 = 0, max = 0;
  /// Slots published before the first completion (the dispatch's start,
  /// the driver's first compile), left out of the latency.
  uint64_t warmup = 0;
  struct Opcode {
    uint32_t opcode;
    std::string handler;
    uint64_t done, faulted;
  };
  std::vector<Opcode> opcodes;
  struct Fault {
    uint32_t code;
    std::string name;
    uint64_t count;
  };
  std::vector<Fault> faultCodes;
  std::vector<uint32_t> observables;
  uint32_t debugRecords = 0, debugDropped = 0;
  bool jit = false, jitSwapped = false;
  uint64_t requeued = 0, handovers = 0, swaps = 0;
};

/// The report as one JSON object.
void writeJson(std::ostream &out, const Report &r);

} // namespace vyre::run

#endif // VYRE_TOOLS_VYRE_RUN_REPORT_H
