//===- Cli.h - vyre-run's errors and output files ---------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// How vyre-run fails (one line on stderr, exit 2, the runtime's C calls
// spelled as vyre-run's flags) and the small helpers its parts share.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_TOOLS_VYRE_RUN_CLI_H
#define VYRE_TOOLS_VYRE_RUN_CLI_H

#include "vyre/runtime.h"

#include <cstdint>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace vyre::run {

[[noreturn]] void die(const std::string &message);
/// The runtime's message with the C calls it names as vyre-run's flags.
std::string inFlags(std::string message);
/// die() with `what` and the runtime's message unless `s` is VYRE_OK.
void check(vyre_status s, const char *what);
/// An output file opened before any work runs, so that a path that cannot
/// be written fails at once, with the reason, not after the run.
std::unique_ptr<std::ofstream> openOutput(const std::string &path,
                                          const char *what, const char *flag);
/// Closes an output file; a failed write (a full disk) is an error, never
/// a file reported written.
void closeOutput(std::ofstream &file, const std::string &path,
                 const char *what);
/// A --buffer file's words (.u32/.bin: little-endian; else integers).
std::vector<uint32_t> readWords(const std::string &path);
/// Elements of user buffer `name`; dies naming the buffers if it has none
/// of that name.
uint32_t bufferElements(vyre_kernel *k, const std::string &name);
/// The p-th percentile of `v` (reordered).
double percentile(std::vector<double> &v, double p);

} // namespace vyre::run

#endif // VYRE_TOOLS_VYRE_RUN_CLI_H
