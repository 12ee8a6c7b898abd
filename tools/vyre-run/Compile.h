//===- Compile.h - vyre-run's compile of a .mlir kernel ---------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// vyre-compile (the binary, the manifest, spirv-val in one step), found
// next to vyre-run or on PATH; a failing compile ends the run with its
// message.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_TOOLS_VYRE_RUN_COMPILE_H
#define VYRE_TOOLS_VYRE_RUN_COMPILE_H

#include <string>

namespace vyre::run {

struct Compiled {
  std::string spv, manifest;
};

/// `source` through `pipeline` (a vyre-opt flag) into DIR/STEM.{spirv.mlir,
/// spv,json}.
Compiled compileKernel(const char *argv0, const std::string &source,
                       const std::string &dir, const std::string &stem,
                       const std::string &pipeline);

} // namespace vyre::run

#endif // VYRE_TOOLS_VYRE_RUN_COMPILE_H
