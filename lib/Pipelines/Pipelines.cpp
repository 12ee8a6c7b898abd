//===- Pipelines.cpp - named vyre pass pipelines -----------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "vyre/Pipelines/Pipelines.h"
#include "vyre/Conversion/Passes.h"
#include "vyre/Dialect/Vyre/Transforms/Passes.h"

#include "mlir/Dialect/SPIRV/IR/SPIRVOps.h"
#include "mlir/Dialect/SPIRV/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::vyre;

void mlir::vyre::buildVyreToSPIRVInterpreterPipeline(
    OpPassManager &pm, const InterpreterPipelineOptions &options) {
  pm.addPass(createVyreMaterializeBuiltins());
  ConvertVyreToGPUOptions toGPU;
  toGPU.spirvVersion = options.spirvVersion;
  pm.addPass(createConvertVyreToGPU(toGPU));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(createVyreConvertGPUToSPIRV());
  OpPassManager &spirvPM = pm.nest<spirv::ModuleOp>();
  spirvPM.addPass(spirv::createSPIRVLowerABIAttributesPass());
  spirvPM.addPass(createVyreSPIRVMarkCoherent());
  spirvPM.addPass(spirv::createSPIRVUpdateVCEPass());
}

void mlir::vyre::registerVyrePipelines() {
  PassPipelineRegistration<InterpreterPipelineOptions>(
      "vyre-to-spirv-interpreter",
      "Lower vyre megakernels to SPIR-V persistent interpreters",
      buildVyreToSPIRVInterpreterPipeline);
}
