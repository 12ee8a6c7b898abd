//===- VyreGPUToNVVM.cpp - gpu.module with vyre ops to NVVM ------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Upstream's convert-gpu-to-nvvm cannot see the vyre.device ops, so this
// pass runs upstream's pattern sets (GPU to NVVM, arith, cf and memref to
// LLVM) together with vyre's in one full conversion per gpu.module, after
// SCF is lowered to cf. The neutral level's address spaces map as NVVM's
// do (global 1, workgroup 3 -- the attributions become `.shared` globals --
// private 0). No CUDA executor runs the result yet: it is checked as PTX
// text (test/Conversion/VyreGPUToNVVM).
//
//===----------------------------------------------------------------------===//

#include "VyreGPUToNVVM.h"
#include "vyre/Conversion/Passes.h"

#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/GPUCommon/GPUCommonPass.h"
#include "mlir/Conversion/GPUToNVVM/GPUToNVVMPass.h"
#include "mlir/Conversion/LLVMCommon/ConversionTarget.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::vyre {
#define GEN_PASS_DEF_VYRECONVERTGPUTONVVM
#include "vyre/Conversion/Passes.h.inc"
} // namespace mlir::vyre

using namespace mlir;
using namespace mlir::vyre;

namespace {

/// The bindings stay in argument order (no executor reads them yet); the
/// attributes themselves have no LLVM translation.
void dropBindings(gpu::GPUModuleOp module) {
  module.walk([](gpu::GPUFuncOp func) {
    for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
      func.removeArgAttr(i, kBindingAttrName);
  });
}

LogicalResult lowerControlFlow(gpu::GPUModuleOp module) {
  RewritePatternSet patterns(module.getContext());
  populateSCFToControlFlowConversionPatterns(patterns);
  ConversionTarget target(*module.getContext());
  target.addIllegalDialect<scf::SCFDialect>();
  target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
  return applyPartialConversion(module, target, std::move(patterns));
}

struct VyreConvertGPUToNVVMPass
    : mlir::vyre::impl::VyreConvertGPUToNVVMBase<VyreConvertGPUToNVVMPass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    SmallVector<gpu::GPUModuleOp> gpuModules(
        getOperation().getOps<gpu::GPUModuleOp>());
    for (gpu::GPUModuleOp module : gpuModules) {
      dropBindings(module);
      if (failed(lowerControlFlow(module)))
        return signalPassFailure();
      LowerToLLVMOptions options(context);
      LLVMTypeConverter converter(context, options);
      configureGpuToNVVMTypeConverter(converter);
      RewritePatternSet patterns(context);
      populateGpuToNVVMConversionPatterns(converter, patterns);
      arith::populateArithToLLVMConversionPatterns(converter, patterns);
      cf::populateControlFlowToLLVMConversionPatterns(converter, patterns);
      populateFinalizeMemRefToLLVMConversionPatterns(converter, patterns);
      populateVyreDeviceToLLVMPatterns(converter, patterns);
      LLVMConversionTarget target(*context);
      configureGpuToNVVMConversionLegality(target);
      if (failed(applyPartialConversion(module, target, std::move(patterns))))
        return signalPassFailure();
    }
  }
};

} // namespace
