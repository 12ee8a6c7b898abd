//===- ConvertVyreToGPU.cpp - megakernel to gpu.func, the pass ---*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// The pass driver: each vyre.megakernel becomes a gpu.module holding one
// kernel gpu.func whose arguments are the ABI's buffers; its body is the
// interpreter (InterpreterLoop) or, for a kernel holding a
// vyre.fused_batch, the batch's straight-line code (BatchLowering.cpp).
//
//===----------------------------------------------------------------------===//

#include "InterpreterLoop.h"
#include "vyre/Conversion/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"

namespace mlir::vyre {
#define GEN_PASS_DEF_CONVERTVYRETOGPU
#include "vyre/Conversion/Passes.h.inc"
} // namespace mlir::vyre

using namespace mlir;
using namespace mlir::vyre;
using namespace mlir::vyre::detail;

namespace {

struct ConvertVyreToGPUPass
    : mlir::vyre::impl::ConvertVyreToGPUBase<ConvertVyreToGPUPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<MegakernelOp> kernels(module.getOps<MegakernelOp>());
    if (kernels.empty())
      return;
    module->setAttr(gpu::GPUDialect::getContainerModuleAttrName(),
                    UnitAttr::get(&getContext()));
    for (MegakernelOp kernel : kernels)
      if (failed(lowerKernel(kernel)))
        return signalPassFailure();
  }

  LogicalResult lowerKernel(MegakernelOp kernel) {
    if (failed(checkMaterialized(kernel, getArgument())))
      return failure();
    MLIRContext *context = &getContext();
    OpBuilder b(kernel);
    Location loc = kernel.getLoc();
    SmallVector<HandlerOp> arms = kernel.getHandlers();

    // Arguments: ring, control, debug, completions, then user buffers by
    // binding, in global memory: no target's storage class yet.
    auto storage = gpu::AddressSpaceAttr::get(context,
                                              gpu::AddressSpace::Global);
    auto bufferType = [&](Type element) {
      return MemRefType::get({ShapedType::kDynamic}, element,
                             MemRefLayoutAttrInterface{}, storage);
    };
    SmallVector<BufferOp> users(kernel.getBody().front().getOps<BufferOp>());
    llvm::sort(users, [](BufferOp l, BufferOp r) {
      return l.getBinding() < r.getBinding();
    });
    // The completion plane is one byte per slot (ABI v8).
    SmallVector<Type> argTypes = {
        bufferType(b.getI32Type()), bufferType(b.getI32Type()),
        bufferType(b.getI32Type()), bufferType(b.getI8Type())};
    SmallVector<uint32_t> bindings = {VYRE_BINDING_RING, VYRE_BINDING_CONTROL,
                                      VYRE_BINDING_DEBUG,
                                      VYRE_BINDING_COMPLETIONS};
    for (BufferOp user : users) {
      argTypes.push_back(bufferType(user.getElementType()));
      bindings.push_back(VYRE_BINDING_USER_BASE + user.getBinding());
    }

    auto gpuModule = gpu::GPUModuleOp::create(b, loc, kernel.getSymName());
    b.setInsertionPointToStart(gpuModule.getBody());
    auto func = gpu::GPUFuncOp::create(b, loc, kernel.getSymName(),
                                       b.getFunctionType(argTypes, {}));
    func->setAttr(gpu::GPUDialect::getKernelFuncAttrName(), b.getUnitAttr());
    // A fused batch runs on one lane; an interpreter on full workgroups.
    FusedBatchOp fusedBatch = kernel.getFusedBatch();
    int32_t size = fusedBatch ? 1 : kernel.getWorkgroupSize();
    func.setKnownBlockSize(ArrayRef<int32_t>{size, 1, 1});
    for (auto [i, binding] : llvm::enumerate(bindings))
      func.setArgAttr(i, kBindingAttrName,
                      b.getI32IntegerAttr(int32_t(binding)));

    KernelContext ctx(kernel, b, func);
    ctx.ring = func.getArgument(0);
    ctx.control = func.getArgument(1);
    ctx.debug = func.getArgument(2);
    ctx.completions = func.getArgument(3);
    for (auto [i, user] : llvm::enumerate(users))
      ctx.buffers[user.getSymName()] = {func.getArgument(4 + i), Value(), user};

    if (fusedBatch ? failed(buildFusedBatch(ctx, func, fusedBatch))
                   : failed(InterpreterLoop(ctx, arms).build(func)))
      return failure();
    kernel.erase();
    return success();
  }
};

} // namespace
