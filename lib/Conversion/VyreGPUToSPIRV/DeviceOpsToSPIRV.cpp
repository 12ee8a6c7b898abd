//===- DeviceOpsToSPIRV.cpp - vyre.device ops to spirv -----------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// MLIR's spirv dialect has no OpAtomicLoad/OpAtomicStore and memref ops carry
// no volatility or ordering, so the accesses whose ordering the interpreter
// relies on are vyre.device ops, lowered here:
//
//   load_volatile / store_volatile  OpLoad / OpStore with the Volatile
//                                   memory operand
//   atomic_rmw, atomic_cas          OpAtomic* at Device scope
//   fence                           OpMemoryBarrier at Device scope
//
// Orders map to UniformMemory (storage buffers) semantics: relaxed -> None,
// acquire -> Acquire, release -> Release, acq_rel -> AcquireRelease. A failed
// compare of a CAS is an Acquire (SPIR-V forbids Release there).
//
//===----------------------------------------------------------------------===//

#include "VyreGPUToSPIRV.h"
#include "vyre/Dialect/Vyre/IR/VyreOps.h"

#include "mlir/Dialect/SPIRV/IR/SPIRVOps.h"
#include "mlir/Dialect/SPIRV/Transforms/SPIRVConversion.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::vyre;

namespace {

spirv::MemorySemantics semanticsFor(MemoryOrder order) {
  spirv::MemorySemantics kind = spirv::MemorySemantics::None;
  switch (order) {
  case MemoryOrder::relaxed:
    return spirv::MemorySemantics::None;
  case MemoryOrder::acquire:
    kind = spirv::MemorySemantics::Acquire;
    break;
  case MemoryOrder::release:
    kind = spirv::MemorySemantics::Release;
    break;
  case MemoryOrder::acq_rel:
    kind = spirv::MemorySemantics::AcquireRelease;
    break;
  }
  return kind | spirv::MemorySemantics::UniformMemory;
}

spirv::MemorySemanticsAttr semanticsAttr(MLIRContext *ctx,
                                         MemoryOrder order) {
  return spirv::MemorySemanticsAttr::get(ctx, semanticsFor(order));
}

spirv::ScopeAttr deviceScope(MLIRContext *ctx) {
  return spirv::ScopeAttr::get(ctx, spirv::Scope::Device);
}

/// Common base: computes the element pointer of `memref[index]`.
template <typename OpTy>
struct DevicePattern : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  Value elementPtr(OpTy op, Value memref, Value index,
                   ConversionPatternRewriter &rewriter) const {
    const auto &converter =
        *this->template getTypeConverter<SPIRVTypeConverter>();
    return spirv::getElementPtr(converter,
                                cast<MemRefType>(op.getMemref().getType()),
                                memref, {index}, op.getLoc(), rewriter);
  }
};

struct LoadVolatileLowering : DevicePattern<DeviceLoadVolatileOp> {
  using DevicePattern::DevicePattern;
  LogicalResult
  matchAndRewrite(DeviceLoadVolatileOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value ptr = elementPtr(op, adaptor.getMemref(), adaptor.getIndex(), rewriter);
    if (!ptr)
      return rewriter.notifyMatchFailure(op, "memref has no SPIR-V pointer");
    rewriter.replaceOpWithNewOp<spirv::LoadOp>(
        op, ptr,
        spirv::MemoryAccessAttr::get(op.getContext(),
                                     spirv::MemoryAccess::Volatile),
        IntegerAttr());
    return success();
  }
};

struct StoreVolatileLowering : DevicePattern<DeviceStoreVolatileOp> {
  using DevicePattern::DevicePattern;
  LogicalResult
  matchAndRewrite(DeviceStoreVolatileOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value ptr = elementPtr(op, adaptor.getMemref(), adaptor.getIndex(), rewriter);
    if (!ptr)
      return rewriter.notifyMatchFailure(op, "memref has no SPIR-V pointer");
    rewriter.replaceOpWithNewOp<spirv::StoreOp>(
        op, ptr, adaptor.getValue(),
        spirv::MemoryAccessAttr::get(op.getContext(),
                                     spirv::MemoryAccess::Volatile),
        IntegerAttr());
    return success();
  }
};

struct AtomicRMWLowering : DevicePattern<DeviceAtomicRMWOp> {
  using DevicePattern::DevicePattern;

  template <typename SpirvOp>
  Value create(ConversionPatternRewriter &rewriter, DeviceAtomicRMWOp op,
               Value ptr, Value value) const {
    MLIRContext *ctx = op.getContext();
    return SpirvOp::create(rewriter, op.getLoc(), value.getType(), ptr,
                           deviceScope(ctx), semanticsAttr(ctx, op.getOrder()),
                           value);
  }

  LogicalResult
  matchAndRewrite(DeviceAtomicRMWOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value ptr = elementPtr(op, adaptor.getMemref(), adaptor.getIndex(), rewriter);
    if (!ptr)
      return rewriter.notifyMatchFailure(op, "memref has no SPIR-V pointer");
    Value v = adaptor.getValue();
    Value result;
    switch (op.getKind()) {
    case AtomicKind::Add:
      result = create<spirv::AtomicIAddOp>(rewriter, op, ptr, v);
      break;
    case AtomicKind::Sub:
      result = create<spirv::AtomicISubOp>(rewriter, op, ptr, v);
      break;
    case AtomicKind::And:
      result = create<spirv::AtomicAndOp>(rewriter, op, ptr, v);
      break;
    case AtomicKind::Or:
      result = create<spirv::AtomicOrOp>(rewriter, op, ptr, v);
      break;
    case AtomicKind::Xor:
      result = create<spirv::AtomicXorOp>(rewriter, op, ptr, v);
      break;
    case AtomicKind::SMax:
      result = create<spirv::AtomicSMaxOp>(rewriter, op, ptr, v);
      break;
    case AtomicKind::SMin:
      result = create<spirv::AtomicSMinOp>(rewriter, op, ptr, v);
      break;
    case AtomicKind::UMax:
      result = create<spirv::AtomicUMaxOp>(rewriter, op, ptr, v);
      break;
    case AtomicKind::UMin:
      result = create<spirv::AtomicUMinOp>(rewriter, op, ptr, v);
      break;
    case AtomicKind::Exchange:
      result = create<spirv::AtomicExchangeOp>(rewriter, op, ptr, v);
      break;
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct AtomicCASLowering : DevicePattern<DeviceAtomicCASOp> {
  using DevicePattern::DevicePattern;
  LogicalResult
  matchAndRewrite(DeviceAtomicCASOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value ptr = elementPtr(op, adaptor.getMemref(), adaptor.getIndex(), rewriter);
    if (!ptr)
      return rewriter.notifyMatchFailure(op, "memref has no SPIR-V pointer");
    MLIRContext *ctx = op.getContext();
    MemoryOrder unequal = (op.getOrder() == MemoryOrder::relaxed ||
                           op.getOrder() == MemoryOrder::release)
                              ? MemoryOrder::relaxed
                              : MemoryOrder::acquire;
    rewriter.replaceOpWithNewOp<spirv::AtomicCompareExchangeOp>(
        op, adaptor.getExpected().getType(), ptr, deviceScope(ctx),
        semanticsAttr(ctx, op.getOrder()), semanticsAttr(ctx, unequal),
        adaptor.getDesired(), adaptor.getExpected());
    return success();
  }
};

struct FenceLowering : OpConversionPattern<DeviceFenceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(DeviceFenceOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    MLIRContext *ctx = op.getContext();
    rewriter.replaceOpWithNewOp<spirv::MemoryBarrierOp>(
        op, deviceScope(ctx), semanticsAttr(ctx, op.getOrder()));
    return success();
  }
};

} // namespace

void mlir::vyre::populateVyreDeviceToSPIRVPatterns(
    const SPIRVTypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<LoadVolatileLowering, StoreVolatileLowering, AtomicRMWLowering,
               AtomicCASLowering, FenceLowering>(converter,
                                                 patterns.getContext());
}
