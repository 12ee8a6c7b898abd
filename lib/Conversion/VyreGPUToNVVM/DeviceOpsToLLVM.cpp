//===- DeviceOpsToLLVM.cpp - vyre.device ops to LLVM at system scope ------===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// The words the vyre.device ops touch are the ring ABI's buffers, which the
// host reads and writes while the kernel runs, so every access is at system
// scope (LLVM's default syncscope ""):
//
//   load_volatile / store_volatile  atomic monotonic load / store (PTX
//                                   ld.relaxed.sys / st.relaxed.sys)
//   atomic_rmw, atomic_cas          a system-scope fence for the order
//                                   (release before, acquire after) and a
//                                   monotonic RMW: LLVM 22's NVPTX backend
//                                   drops the ordering and scope of an
//                                   ordered atomicrmw, so the order must be
//                                   a fence of its own
//   fence                           fence (PTX fence.acq_rel.sys or
//                                   fence.sc.sys)
//
//===----------------------------------------------------------------------===//

#include "VyreGPUToNVVM.h"
#include "vyre/Dialect/Vyre/IR/VyreOps.h"

#include "mlir/Conversion/LLVMCommon/Pattern.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

using namespace mlir;
using namespace mlir::vyre;

namespace {

/// The system scope: LLVM's default synchronization scope.
constexpr llvm::StringLiteral kSystemScope = "";

std::optional<LLVM::AtomicOrdering> fenceBefore(MemoryOrder order) {
  if (order == MemoryOrder::release || order == MemoryOrder::acq_rel)
    return LLVM::AtomicOrdering::release;
  return std::nullopt;
}

std::optional<LLVM::AtomicOrdering> fenceAfter(MemoryOrder order) {
  if (order == MemoryOrder::acquire || order == MemoryOrder::acq_rel)
    return LLVM::AtomicOrdering::acquire;
  return std::nullopt;
}

void fence(ConversionPatternRewriter &rewriter, Location loc,
           std::optional<LLVM::AtomicOrdering> ordering) {
  if (ordering)
    LLVM::FenceOp::create(rewriter, loc, *ordering, kSystemScope);
}

template <typename OpTy>
struct DevicePattern : ConvertOpToLLVMPattern<OpTy> {
  using ConvertOpToLLVMPattern<OpTy>::ConvertOpToLLVMPattern;

  Value elementPtr(OpTy op, Value memref, Value index,
                   ConversionPatternRewriter &rewriter) const {
    return this->getStridedElementPtr(
        rewriter, op.getLoc(), cast<MemRefType>(op.getMemref().getType()),
        memref, {index});
  }
  static unsigned alignment(Type type) {
    return type.getIntOrFloatBitWidth() / 8;
  }
};

struct LoadVolatileLowering : DevicePattern<DeviceLoadVolatileOp> {
  using DevicePattern::DevicePattern;
  LogicalResult
  matchAndRewrite(DeviceLoadVolatileOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value ptr = elementPtr(op, adaptor.getMemref(), adaptor.getIndex(),
                           rewriter);
    Type type = op.getType();
    rewriter.replaceOpWithNewOp<LLVM::LoadOp>(
        op, type, ptr, alignment(type), /*isVolatile=*/false,
        /*isNonTemporal=*/false, /*isInvariant=*/false,
        /*isInvariantGroup=*/false, LLVM::AtomicOrdering::monotonic,
        kSystemScope);
    return success();
  }
};

struct StoreVolatileLowering : DevicePattern<DeviceStoreVolatileOp> {
  using DevicePattern::DevicePattern;
  LogicalResult
  matchAndRewrite(DeviceStoreVolatileOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value ptr = elementPtr(op, adaptor.getMemref(), adaptor.getIndex(),
                           rewriter);
    Value value = adaptor.getValue();
    rewriter.replaceOpWithNewOp<LLVM::StoreOp>(
        op, value, ptr, alignment(value.getType()), /*isVolatile=*/false,
        /*isNonTemporal=*/false, /*isInvariantGroup=*/false,
        LLVM::AtomicOrdering::monotonic, kSystemScope);
    return success();
  }
};

LLVM::AtomicBinOp binOpFor(AtomicKind kind) {
  switch (kind) {
  case AtomicKind::Add:
    return LLVM::AtomicBinOp::add;
  case AtomicKind::Sub:
    return LLVM::AtomicBinOp::sub;
  case AtomicKind::And:
    return LLVM::AtomicBinOp::_and;
  case AtomicKind::Or:
    return LLVM::AtomicBinOp::_or;
  case AtomicKind::Xor:
    return LLVM::AtomicBinOp::_xor;
  case AtomicKind::SMax:
    return LLVM::AtomicBinOp::max;
  case AtomicKind::SMin:
    return LLVM::AtomicBinOp::min;
  case AtomicKind::UMax:
    return LLVM::AtomicBinOp::umax;
  case AtomicKind::UMin:
    return LLVM::AtomicBinOp::umin;
  case AtomicKind::Exchange:
    return LLVM::AtomicBinOp::xchg;
  }
  llvm_unreachable("every vyre atomic kind has an LLVM one");
}

struct AtomicRMWLowering : DevicePattern<DeviceAtomicRMWOp> {
  using DevicePattern::DevicePattern;
  LogicalResult
  matchAndRewrite(DeviceAtomicRMWOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value ptr = elementPtr(op, adaptor.getMemref(), adaptor.getIndex(),
                           rewriter);
    fence(rewriter, loc, fenceBefore(op.getOrder()));
    auto rmw = LLVM::AtomicRMWOp::create(
        rewriter, loc, binOpFor(op.getKind()), ptr, adaptor.getValue(),
        LLVM::AtomicOrdering::monotonic, kSystemScope,
        alignment(op.getType()));
    fence(rewriter, loc, fenceAfter(op.getOrder()));
    rewriter.replaceOp(op, rmw.getRes());
    return success();
  }
};

struct AtomicCASLowering : DevicePattern<DeviceAtomicCASOp> {
  using DevicePattern::DevicePattern;
  LogicalResult
  matchAndRewrite(DeviceAtomicCASOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value ptr = elementPtr(op, adaptor.getMemref(), adaptor.getIndex(),
                           rewriter);
    fence(rewriter, loc, fenceBefore(op.getOrder()));
    auto cas = LLVM::AtomicCmpXchgOp::create(
        rewriter, loc, ptr, adaptor.getExpected(), adaptor.getDesired(),
        LLVM::AtomicOrdering::monotonic, LLVM::AtomicOrdering::monotonic,
        kSystemScope, alignment(op.getType()));
    fence(rewriter, loc, fenceAfter(op.getOrder()));
    rewriter.replaceOpWithNewOp<LLVM::ExtractValueOp>(op, cas.getRes(),
                                                      ArrayRef<int64_t>{0});
    return success();
  }
};

struct FenceLowering : ConvertOpToLLVMPattern<DeviceFenceOp> {
  using ConvertOpToLLVMPattern::ConvertOpToLLVMPattern;
  LogicalResult
  matchAndRewrite(DeviceFenceOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    LLVM::AtomicOrdering ordering = LLVM::AtomicOrdering::acq_rel;
    if (op.getOrder() == MemoryOrder::acquire)
      ordering = LLVM::AtomicOrdering::acquire;
    else if (op.getOrder() == MemoryOrder::release)
      ordering = LLVM::AtomicOrdering::release;
    rewriter.replaceOpWithNewOp<LLVM::FenceOp>(op, ordering, kSystemScope);
    return success();
  }
};

} // namespace

void mlir::vyre::populateVyreDeviceToLLVMPatterns(
    const LLVMTypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<LoadVolatileLowering, StoreVolatileLowering, AtomicRMWLowering,
               AtomicCASLowering, FenceLowering>(converter);
}
