//===- vyre-translate.cpp - SPIR-V binary and ABI manifest -------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// mlir-translate for vyre. On the output of vyre-to-spirv-interpreter:
//   vyre-translate --vyre-to-spirv    k.mlir -o k.spv   (SPIR-V binary)
//   vyre-translate --vyre-to-manifest k.mlir -o k.json  (ABI manifest)
// A module with several kernels needs --vyre-kernel=NAME. vyre-compile
// runs the pipeline and writes both at once (include/vyre/Target/Bundle.h).
//
//===----------------------------------------------------------------------===//

#include "vyre/Dialect/Vyre/IR/VyreDialect.h"
#include "vyre/Target/Bundle.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVDialect.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/CommandLine.h"

using namespace mlir;

static llvm::cl::opt<std::string>
    kernelName("vyre-kernel",
               llvm::cl::desc("kernel to emit when the module has several"),
               llvm::cl::init(""));

static LogicalResult emitSPIRV(Operation *op, raw_ostream &os) {
  FailureOr<mlir::vyre::KernelBundle> bundle =
      mlir::vyre::buildKernelBundle(op, kernelName);
  if (failed(bundle))
    return failure();
  os.write(reinterpret_cast<const char *>(bundle->binary.data()),
           bundle->binary.size() * sizeof(uint32_t));
  return success();
}

static LogicalResult emitManifest(Operation *op, raw_ostream &os) {
  FailureOr<mlir::vyre::KernelBundle> bundle =
      mlir::vyre::buildKernelBundle(op, kernelName);
  if (failed(bundle))
    return failure();
  os << bundle->manifest;
  return success();
}

static void registerDialects(DialectRegistry &registry) {
  registry.insert<mlir::vyre::VyreDialect, spirv::SPIRVDialect, gpu::GPUDialect,
                  arith::ArithDialect, memref::MemRefDialect,
                  scf::SCFDialect, func::FuncDialect>();
}

int main(int argc, char **argv) {
  TranslateFromMLIRRegistration toSPIRV(
      "vyre-to-spirv", "serialize a lowered vyre kernel to a SPIR-V binary",
      emitSPIRV, registerDialects);
  TranslateFromMLIRRegistration toManifest(
      "vyre-to-manifest", "print a lowered vyre kernel's ABI manifest (JSON)",
      emitManifest, registerDialects);
  return failed(mlirTranslateMain(argc, argv, "vyre translation driver"));
}
