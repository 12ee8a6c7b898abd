//===- vyre-compile.cpp - .mlir to a loadable kernel in one step --*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// The compile recipe in one place, as iree-compile is IREE's:
//
//   vyre-compile k.mlir [PIPELINE] [--vyre-kernel=NAME] -o k.spv
//
// runs a vyre pipeline (vyre-opt's pipeline flags, e.g.
// --vyre-to-spirv-jit="budget=4"; default --vyre-to-spirv-interpreter),
// writes the kernel's SPIR-V binary and its manifest (k.json, or
// --manifest=FILE) together, and validates the binary with spirv-val for
// Vulkan 1.1 (--no-validate skips it). Nothing is written unless every step
// succeeds.
//
//===----------------------------------------------------------------------===//

#include "vyre/Conversion/Passes.h"
#include "vyre/Dialect/Vyre/Transforms/Passes.h"
#include "vyre/Pipelines/Pipelines.h"
#include "vyre/Target/Bundle.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;
namespace cl = llvm::cl;

static cl::opt<std::string> inputName(cl::Positional, cl::desc("<input .mlir>"),
                                      cl::init("-"));
static cl::opt<std::string> outputName("o", cl::desc("the SPIR-V binary"),
                                       cl::value_desc("FILE.spv"),
                                       cl::Required);
static cl::opt<std::string>
    manifestName("manifest",
                 cl::desc("the manifest (default: the binary's path with "
                          ".json for .spv)"),
                 cl::value_desc("FILE.json"), cl::init(""));
static cl::opt<std::string>
    kernelName("vyre-kernel",
               cl::desc("kernel to emit when the module has several"),
               cl::init(""));
static cl::opt<std::string>
    loweredName("keep-lowered",
                cl::desc("also write the lowered module (spirv.module) here"),
                cl::init(""));
static cl::opt<bool> noValidate("no-validate",
                                cl::desc("skip spirv-val on the binary"),
                                cl::init(false));

namespace {

int fail(const Twine &message) {
  llvm::errs() << "vyre-compile: " << message << "\n";
  return EXIT_FAILURE;
}

/// Writes `text` to `path`, or says why not.
bool writeFile(StringRef path, StringRef text) {
  std::string error;
  std::unique_ptr<llvm::ToolOutputFile> out = openOutputFile(path, &error);
  if (!out) {
    fail("cannot write " + path + ": " + error);
    return false;
  }
  out->os() << text;
  out->keep();
  return true;
}

/// spirv-val --target-env vulkan1.1 on `path`; false (said why) if it fails.
bool validate(StringRef path) {
  llvm::ErrorOr<std::string> tool = llvm::sys::findProgramByName("spirv-val");
  if (!tool) {
    fail("spirv-val not found on PATH; install spirv-tools (scripts/setup.sh "
         "does) or pass --no-validate");
    return false;
  }
  StringRef args[] = {*tool, "--target-env", "vulkan1.1", path};
  if (llvm::sys::ExecuteAndWait(*tool, args) != 0) {
    fail("spirv-val rejected " + path + " (its message is above)");
    return false;
  }
  return true;
}

std::string manifestPath() {
  if (!manifestName.empty())
    return manifestName;
  SmallString<256> path(outputName);
  llvm::sys::path::replace_extension(path, ".json");
  return std::string(path);
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  registerTransformsPasses();
  vyre::registerVyreTransformsPasses();
  vyre::registerVyreConversionPasses();
  vyre::registerVyrePipelines();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  registerAsmPrinterCLOptions();
  PassPipelineCLParser pipeline("", "the vyre pipeline to run");
  cl::ParseCommandLineOptions(argc, argv,
                              "vyre compiler: a .mlir kernel to its SPIR-V "
                              "binary and manifest\n");

  DialectRegistry registry;
  vyre::registerVyrePipelineDialects(registry);
  MLIRContext context(registry);
  // A diagnostic names its line; the op dump that MLIR adds would bury it.
  context.printOpOnDiagnostic(false);
  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> input = openInputFile(inputName, &error);
  if (!input)
    return fail(error);
  if (vyre::refuseKnownParserCrash(*input))
    return EXIT_FAILURE;
  llvm::SourceMgr sources;
  sources.AddNewSourceBuffer(std::move(input), llvm::SMLoc());
  SourceMgrDiagnosticHandler diagnostics(sources, &context);
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sources, &context);
  if (!module)
    return EXIT_FAILURE;

  PassManager pm(&context);
  if (failed(applyPassManagerCLOptions(pm)))
    return EXIT_FAILURE;
  if (pipeline.hasAnyOccurrences()) {
    auto report = [](const Twine &message) {
      return emitError(UnknownLoc(), message);
    };
    if (failed(pipeline.addToPipeline(pm, report)))
      return EXIT_FAILURE;
  } else {
    vyre::buildVyreToSPIRVInterpreterPipeline(
        pm, vyre::InterpreterPipelineOptions());
  }
  if (failed(pm.run(*module)))
    return EXIT_FAILURE;
  FailureOr<vyre::KernelBundle> bundle =
      vyre::buildKernelBundle(*module, kernelName);
  if (failed(bundle))
    return EXIT_FAILURE;

  StringRef binary(reinterpret_cast<const char *>(bundle->binary.data()),
                   bundle->binary.size() * sizeof(uint32_t));
  if (!writeFile(outputName, binary))
    return EXIT_FAILURE;
  if (!noValidate && !validate(outputName)) {
    llvm::sys::fs::remove(outputName);
    return EXIT_FAILURE;
  }
  if (!writeFile(manifestPath(), bundle->manifest))
    return EXIT_FAILURE;
  if (!loweredName.empty()) {
    std::string text;
    llvm::raw_string_ostream os(text);
    module->print(os);
    if (!writeFile(loweredName, text))
      return EXIT_FAILURE;
  }
  return EXIT_SUCCESS;
}
