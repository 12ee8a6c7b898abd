//===- Options.h - vyre-run's command line ----------------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// The flags (docs/vyre-run.md) and their checks: a bad flag is an error
// that names it, before any work.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_TOOLS_VYRE_RUN_OPTIONS_H
#define VYRE_TOOLS_VYRE_RUN_OPTIONS_H

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace vyre::run {

extern const char *kUsage;

struct Options {
  std::string kernel, workload, trace, json, device, profileOut;
  std::vector<std::string> batches, gens;
  std::vector<std::pair<std::string, std::string>> buffers, lengths;
  std::vector<std::pair<std::string, uint32_t>> dumps;
  std::vector<std::pair<uint32_t, uint32_t>> expectObservables;
  long long expectFaults = -1;
  uint64_t generate = 0, seed = 1;
  int progress = -1; // -1 auto
  int observables = -1;
  bool validation = false;
  bool prune = false;
  std::string pipeline;
  bool jit = false, jitSync = false;
  long long jitAfter = -1;
  std::string jitPipeline;
  std::string queueCapacities;
  std::vector<std::pair<std::string, std::string>> tenantMasks, quotas;
  int priority = -1;
  bool withWarmup = false;
};

/// The options of `argv`; exits (die) on a bad one, prints --help,
/// --version and --list-devices and exits 0.
Options parseArgs(int argc, char **argv);

} // namespace vyre::run

#endif // VYRE_TOOLS_VYRE_RUN_OPTIONS_H
