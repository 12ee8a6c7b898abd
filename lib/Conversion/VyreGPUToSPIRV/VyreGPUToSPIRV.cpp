//===- VyreGPUToSPIRV.cpp - gpu.module with vyre ops to spirv ----*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Upstream's convert-gpu-to-spirv cannot see the vyre.device ops, so this
// pass runs the same upstream pattern sets (GPU, SCF, arith, memref, func)
// together with vyre's in one full conversion per gpu.module. Unlike
// upstream, it converts the gpu.module in place: vyre kernels are launched by
// the vyre runtime, never by gpu.launch_func, so no host copy is kept.
//
//===----------------------------------------------------------------------===//

#include "VyreGPUToSPIRV.h"
#include "vyre/Conversion/Passes.h"

#include "mlir/Conversion/ArithToSPIRV/ArithToSPIRV.h"
#include "mlir/Conversion/FuncToSPIRV/FuncToSPIRV.h"
#include "mlir/Conversion/GPUToSPIRV/GPUToSPIRV.h"
#include "mlir/Conversion/MemRefToSPIRV/MemRefToSPIRV.h"
#include "mlir/Conversion/SCFToSPIRV/SCFToSPIRV.h"
#include "mlir/Dialect/SPIRV/IR/TargetAndABI.h"
#include "mlir/Dialect/SPIRV/Transforms/SPIRVConversion.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::vyre {
#define GEN_PASS_DEF_VYRECONVERTGPUTOSPIRV
#include "vyre/Conversion/Passes.h.inc"
} // namespace mlir::vyre

using namespace mlir;
using namespace mlir::vyre;

namespace {

/// MLIR 22's SCF-to-SPIR-V lowering hands a scf.for's results out of the loop
/// through Function variables that it stores only inside the loop body and
/// never initializes, so a loop that runs zero times yields an undefined
/// value instead of its init operands (seen on an H100: the zero-trip canary
/// loop faulted every lane but one). Select the init value explicitly when
/// the loop cannot run; the lowering tests `lb < ub` signed, so do we.
void guardZeroTripLoopResults(Operation *root) {
  SmallVector<scf::ForOp> loops;
  root->walk([&](scf::ForOp loop) {
    if (loop.getNumResults())
      loops.push_back(loop);
  });
  for (scf::ForOp loop : loops) {
    OpBuilder b(loop->getContext());
    b.setInsertionPointAfter(loop);
    Location loc = loop.getLoc();
    Value runs = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt,
                                       loop.getLowerBound(),
                                       loop.getUpperBound());
    for (auto [result, init] :
         llvm::zip(loop.getResults(), loop.getInitArgs())) {
      auto safe = arith::SelectOp::create(b, loc, runs, result, init);
      result.replaceAllUsesExcept(safe, safe);
    }
  }
}

struct VyreConvertGPUToSPIRVPass
    : mlir::vyre::impl::VyreConvertGPUToSPIRVBase<VyreConvertGPUToSPIRVPass> {
  /// Names the spirv.module that upstream's conversion made of gpu.module
  /// `kernel` (it calls it `__spv__<name>`, its own convention, known only
  /// here) with kSpirvKernelAttrName, for vyre-translate.
  void markKernel(StringAttr kernel) {
    std::string upstreamName = ("__spv__" + kernel.getValue()).str();
    getOperation()->walk([&](spirv::ModuleOp m) {
      if (m.getSymName() == upstreamName)
        m->setAttr(kSpirvKernelAttrName, kernel);
    });
  }

  void runOnOperation() override {
    MLIRContext *context = &getContext();
    SmallVector<gpu::GPUModuleOp> gpuModules(
        getOperation().getOps<gpu::GPUModuleOp>());
    for (gpu::GPUModuleOp gpuModule : gpuModules) {
      guardZeroTripLoopResults(gpuModule);
      spirv::TargetEnvAttr targetAttr =
          spirv::lookupTargetEnvOrDefault(gpuModule);

      std::unique_ptr<ConversionTarget> target =
          SPIRVConversionTarget::get(targetAttr);
      SPIRVTypeConverter typeConverter(targetAttr);

      RewritePatternSet patterns(context);
      populateGPUToSPIRVPatterns(typeConverter, patterns);
      ScfToSPIRVContext scfContext;
      populateSCFToSPIRVPatterns(typeConverter, scfContext, patterns);
      arith::populateArithToSPIRVPatterns(typeConverter, patterns);
      populateMemRefToSPIRVPatterns(typeConverter, patterns);
      populateFuncToSPIRVPatterns(typeConverter, patterns);
      populateVyreDeviceToSPIRVPatterns(typeConverter, patterns);

      StringAttr kernel = gpuModule.getSymNameAttr();
      if (failed(applyFullConversion(gpuModule, *target, std::move(patterns))))
        return signalPassFailure();
      markKernel(kernel);
    }
  }
};
} // namespace
