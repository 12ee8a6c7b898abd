//===- vyre-opt.cpp - vyre pass driver ---------------------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// mlir-opt for vyre: the vyre dialect plus the upstream dialects and passes
// the vyre pipelines lower through. Upstream conversion passes are registered
// one by one from their own headers: mlir/Conversion/Passes.h would pull in
// every conversion and triple this file's compile time.
//
//===----------------------------------------------------------------------===//

#include "vyre/Conversion/Passes.h"
#include "vyre/Dialect/Vyre/Transforms/Passes.h"
#include "vyre/Pipelines/Pipelines.h"
#include "vyre/Target/Bundle.h"

#include "mlir/Conversion/ArithToSPIRV/ArithToSPIRV.h"
#include "mlir/Conversion/ControlFlowToSPIRV/ControlFlowToSPIRVPass.h"
#include "mlir/Conversion/FuncToSPIRV/FuncToSPIRVPass.h"
#include "mlir/Conversion/GPUToSPIRV/GPUToSPIRVPass.h"
#include "mlir/Conversion/MemRefToSPIRV/MemRefToSPIRVPass.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Conversion/SCFToSPIRV/SCFToSPIRVPass.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/SPIRV/Transforms/Passes.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;

/// The upstream conversions the vyre pipelines use, also runnable alone.
static void registerUpstreamConversions() {
  registerPass([] { return createConvertGPUToSPIRVPass(); });
  // SCFToSPIRVPass.h declares createConvertSCFToSPIRVPass, but libMLIR 22
  // defines only the TableGen-generated createSCFToSPIRV.
  registerPass([] { return createSCFToSPIRV(); });
  registerPass([] { return createConvertArithToSPIRVPass(); });
  registerPass([] { return createConvertFuncToSPIRVPass(); });
  registerPass([] { return createConvertMemRefToSPIRVPass(); });
  registerPass([] { return createConvertControlFlowToSPIRVPass(); });
  registerPass([] { return createMapMemRefStorageClassPass(); });
  registerPass([] { return createSCFToControlFlowPass(); });
}

int main(int argc, char **argv) {
  registerTransformsPasses();
  registerGPUPasses();
  spirv::registerSPIRVPasses();
  registerUpstreamConversions();
  vyre::registerVyreTransformsPasses();
  vyre::registerVyreConversionPasses();
  vyre::registerVyrePipelines();

  DialectRegistry registry;
  vyre::registerVyrePipelineDialects(registry);
  auto [inputName, outputName] = registerAndParseCLIOptions(
      argc, argv, "vyre optimizer driver\n", registry);
  MlirOptMainConfig config = MlirOptMainConfig::createFromCLOptions();
  if (config.shouldShowDialects() || config.shouldListPasses())
    return asMainReturnCode(
        MlirOptMain(argc, argv, inputName, outputName, registry));
  // MlirOptMain(argc, argv, input, output) would open the input itself;
  // the same steps here, so the text is checked first.
  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> input = openInputFile(inputName, &error);
  if (!input) {
    llvm::errs() << error << "\n";
    return EXIT_FAILURE;
  }
  if (vyre::refuseKnownParserCrash(*input))
    return EXIT_FAILURE;
  std::unique_ptr<llvm::ToolOutputFile> output =
      openOutputFile(outputName, &error);
  if (!output) {
    llvm::errs() << error << "\n";
    return EXIT_FAILURE;
  }
  if (failed(MlirOptMain(output->os(), std::move(input), registry, config)))
    return EXIT_FAILURE;
  output->keep();
  return EXIT_SUCCESS;
}
