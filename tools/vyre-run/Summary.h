//===- Summary.h - what one vyre-run run found, printed ---------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// After the run (Runner): the Report assembled from the completions and the
// kernel, the text summary, the kernel's state (observables, debug log,
// --dump-buffer), the trace and JIT lines, and the --expect-* checks.
// Report.h writes the same Report as --json.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_TOOLS_VYRE_RUN_SUMMARY_H
#define VYRE_TOOLS_VYRE_RUN_SUMMARY_H

#include "Options.h"
#include "Report.h"
#include "Runner.h"
#include "vyre/runtime.h"

#include <ostream>

namespace vyre::run {

/// The run's counts, latency (without the warm-up slots unless
/// --with-warmup) and the kernel's facts and JIT counts.
Report summarize(vyre_runtime *rt, vyre_kernel *k, const vyre_kernel_info &info,
                 const Options &opt, const Runner &run);

/// Device, kernel, throughput, latency, the per-opcode table and faults.
void printSummary(const Report &r);

/// Prints the observables (the non-zero ones, or the first --observables),
/// the debug log and the --dump-buffer buffers, and keeps the observables
/// and the debug log's counts in `r` (the checks, --json).
void printKernelState(vyre_kernel *k, const vyre_kernel_info &info,
                      const Options &opt, Report &r);

/// The --trace file of the run, closed; says where it is.
void writeRunTrace(std::ofstream &out, vyre_kernel *k,
                   const vyre_kernel_info &info, const Options &opt,
                   const Runner &run);

/// What --jit did: profile, compile, swap, the rates before and after.
void printJit(const Report &r, const Runner &run);

/// The --expect-observable and --expect-faults checks: 0 if all hold.
int checkExpectations(const Options &opt, const Report &r);

} // namespace vyre::run

#endif // VYRE_TOOLS_VYRE_RUN_SUMMARY_H
