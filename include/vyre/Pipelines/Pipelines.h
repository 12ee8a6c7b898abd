//===- Pipelines.h - named vyre pass pipelines -------------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_PIPELINES_PIPELINES_H
#define VYRE_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace mlir::vyre {

struct InterpreterPipelineOptions
    : public PassPipelineOptions<InterpreterPipelineOptions> {
  PassOptions::Option<std::string> spirvVersion{
      *this, "spirv-version",
      llvm::cl::desc("SPIR-V version of the default target env (v1.0-v1.3)"),
      llvm::cl::init("v1.3")};
};

/// materialize built-ins -> convert-vyre-to-gpu -> canonicalize, cse ->
/// vyre-convert-gpu-to-spirv -> spirv-lower-abi-attrs, spirv-update-vce.
void buildVyreToSPIRVInterpreterPipeline(
    OpPassManager &pm, const InterpreterPipelineOptions &options);

/// Registers every named vyre pipeline with the global registry.
void registerVyrePipelines();

} // namespace mlir::vyre

#endif // VYRE_PIPELINES_PIPELINES_H
