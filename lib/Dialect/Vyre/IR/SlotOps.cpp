//===- SlotOps.cpp - ops inside a handler body ------------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// The ops a handler body uses (arguments, buffer and control-word access,
// observe, fault, io_read, printf) and the device fence: their verifiers.
//
//===----------------------------------------------------------------------===//

#include "vyre/Dialect/Vyre/IR/VyreOps.h"
#include "vyre/ABI/RingABI.h"
#include "vyre/Dialect/Vyre/IR/OpcodeUtils.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

using namespace mlir;
using namespace mlir::vyre;

//===----------------------------------------------------------------------===//
// Handler-body ops
//===----------------------------------------------------------------------===//

/// Every handler-body op must sit (possibly nested) inside a vyre.handler,
/// or in the straight-line code vyre-fuse-batch made from handler bodies.
static LogicalResult verifyInHandler(Operation *op) {
  if (!op->getParentOfType<HandlerOp>() && !op->getParentOfType<FusedBatchOp>())
    return op->emitOpError("must be inside a vyre.handler body");
  return success();
}

/// In a fused batch, slot arguments are constants: an index that is out of
/// range there is a work item's bad argument, which the lowering's bounds
/// check turns into that item's FAULT, as the interpreter would.
static bool inFusedBatch(Operation *op) {
  return op->getParentOfType<FusedBatchOp>() != nullptr;
}

/// Constant value of an i32 index operand, if it has one.
static std::optional<int64_t> constantIndex(Value index) {
  APInt value;
  if (matchPattern(index, m_ConstantInt(&value)))
    return value.getSExtValue();
  return std::nullopt;
}

LogicalResult ArgOp::verify() {
  if (inFusedBatch(*this))
    return emitOpError("is in a vyre.fused_batch, where vyre-fuse-batch "
                       "replaces every slot argument with a constant");
  if (getIndex() >= VYRE_SLOT_ARG_COUNT)
    return emitOpError() << "argument index " << getIndex()
                         << " is out of range; a slot has "
                         << VYRE_SLOT_ARG_COUNT << " argument words (0-"
                         << VYRE_SLOT_ARG_COUNT - 1 << ")";
  // vyre.arg also reads the claimed slot in the dispatch prologue.
  if ((*this)->getParentOfType<DispatchPrologueOp>())
    return success();
  return verifyInHandler(*this);
}

/// Shared verification of ops that address a buffer or the control buffer:
/// the symbol must name a vyre.buffer of the enclosing megakernel, whose
/// element type and access mode allow the access, and a constant index must
/// be in range.
static LogicalResult verifyBufferAccess(Operation *op,
                                        SymbolTableCollection &symbols,
                                        FlatSymbolRefAttr buffer, Value index,
                                        Type elementType, bool reads,
                                        bool writes) {
  auto kernel = op->getParentOfType<MegakernelOp>();
  if (!kernel)
    return op->emitOpError("must be inside a vyre.megakernel");
  std::optional<int64_t> constIndex =
      inFusedBatch(op) ? std::nullopt : constantIndex(index);
  if (!buffer) {
    if (!elementType.isInteger(32))
      return op->emitOpError("control buffer elements are i32");
    if (constIndex && (*constIndex < 0 || *constIndex >= kernel.getControlWords()))
      return op->emitOpError()
             << "control index " << *constIndex
             << " is out of range; the control buffer of @"
             << kernel.getSymName() << " has " << kernel.getControlWords()
             << " words";
    auto handler = op->getParentOfType<HandlerOp>();
    if (writes && constIndex && handler && !handler.getBuiltin() &&
        !vyre_control_word_writable(kernel.getNumObservables(),
                                    uint32_t(*constIndex)))
      return op->emitOpError()
             << "writes control word " << *constIndex
             << ", which belongs to the ring ABI; handlers may write only "
                "the observables (control words "
             << VYRE_CTRL_OBSERVABLES << "-"
             << VYRE_CTRL_OBSERVABLES + kernel.getNumObservables() - 1
             << "), e.g. with vyre.observe";
    return success();
  }
  auto decl =
      symbols.lookupSymbolIn<BufferOp>(kernel.getOperation(), buffer.getAttr());
  if (!decl)
    return op->emitOpError() << "refers to unknown buffer " << buffer
                             << "; declare it with vyre.buffer in @"
                             << kernel.getSymName();
  if (decl.getElementType() != elementType)
    return op->emitOpError() << "accesses " << buffer << " as " << elementType
                             << " but its elements are "
                             << decl.getElementType();
  if (reads && !decl.isReadable())
    return op->emitOpError() << "reads " << buffer
                             << ", which is declared write_only";
  if (writes && !decl.isWritable())
    return op->emitOpError() << "writes " << buffer
                             << ", which is declared read_only";
  MemRefType type = decl.getMemRefType();
  if (constIndex && (*constIndex < 0 || (type.hasStaticShape() &&
                                         *constIndex >= type.getNumElements())))
    return op->emitOpError() << "index " << *constIndex
                             << " is out of range for " << buffer << " ("
                             << type << ")";
  return success();
}

LogicalResult LoadOp::verify() { return verifyInHandler(*this); }
LogicalResult StoreOp::verify() { return verifyInHandler(*this); }
LogicalResult AtomicRMWOp::verify() { return verifyInHandler(*this); }
LogicalResult AtomicCASOp::verify() { return verifyInHandler(*this); }

LogicalResult LoadOp::verifySymbolUses(SymbolTableCollection &symbols) {
  return verifyBufferAccess(*this, symbols, getBufferAttr(), getIndex(),
                            getType(), /*reads=*/true, /*writes=*/false);
}

LogicalResult StoreOp::verifySymbolUses(SymbolTableCollection &symbols) {
  return verifyBufferAccess(*this, symbols, getBufferAttr(), getIndex(),
                            getValue().getType(), /*reads=*/false,
                            /*writes=*/true);
}

LogicalResult AtomicRMWOp::verifySymbolUses(SymbolTableCollection &symbols) {
  return verifyBufferAccess(*this, symbols, getBufferAttr(), getIndex(),
                            getType(), /*reads=*/true, /*writes=*/true);
}

LogicalResult AtomicCASOp::verifySymbolUses(SymbolTableCollection &symbols) {
  return verifyBufferAccess(*this, symbols, getBufferAttr(), getIndex(),
                            getType(), /*reads=*/true, /*writes=*/true);
}

LogicalResult ObserveOp::verify() {
  if (failed(verifyInHandler(*this)))
    return failure();
  auto kernel = (*this)->getParentOfType<MegakernelOp>();
  std::optional<int64_t> index =
      inFusedBatch(*this) ? std::nullopt : constantIndex(getIndex());
  if (kernel && index &&
      (*index < 0 || *index >= int64_t(kernel.getNumObservables())))
    return emitOpError() << "observable index " << *index
                         << " is out of range; @" << kernel.getSymName()
                         << " has " << kernel.getNumObservables()
                         << " observables (raise its `observables` attribute)";
  return success();
}

LogicalResult FaultOp::verify() {
  if (failed(verifyInHandler(*this)))
    return failure();
  if (getCode() == VYRE_FAULT_NONE)
    return emitOpError("fault code 0 means `no fault`; pick a code from 256 up");
  // A fused batch holds built-in bodies too; their codes were checked in
  // the handlers they came from.
  auto handler = (*this)->getParentOfType<HandlerOp>();
  bool inBuiltin = !handler || handler.getBuiltin();
  if (getCode() < VYRE_FAULT_USER_BASE && !inBuiltin)
    return emitOpError() << "fault code " << getCode()
                         << " is reserved for the runtime; user fault codes "
                            "start at "
                         << VYRE_FAULT_USER_BASE;
  return success();
}

LogicalResult EnqueueOp::verify() {
  if (failed(verifyInHandler(*this)))
    return failure();
  if (inFusedBatch(*this))
    return emitOpError("is in a vyre.fused_batch; a static batch serves no "
                       "device queue");
  if (getArgs().size() > VYRE_SLOT_ARG_COUNT)
    return emitOpError() << "passes " << getArgs().size()
                         << " argument words; a task has at most "
                         << VYRE_SLOT_ARG_COUNT;
  auto kernel = (*this)->getParentOfType<MegakernelOp>();
  std::optional<int64_t> opcode = constantIndex(getOpcode());
  if (kernel && opcode && !kernel.servesOpcode(uint32_t(*opcode)))
    return emitOpError() << "enqueues opcode " << formatOpcode(uint32_t(*opcode))
                         << ", which no arm of @" << kernel.getSymName()
                         << " serves; the task would fault unknown_opcode";
  return success();
}

LogicalResult IoReadOp::verify() {
  if (failed(verifyInHandler(*this)))
    return failure();
  if (inFusedBatch(*this))
    return emitOpError("is in a vyre.fused_batch; a static batch runs on one "
                       "lane to the end and cannot wait for the host, so "
                       "read the data before the batch");
  auto kernel = (*this)->getParentOfType<MegakernelOp>();
  if (kernel && kernel.getMode() != Mode::persistent)
    return emitOpError()
           << "needs a persistent kernel, but @" << kernel.getSymName()
           << " is mode(once): a once dispatch ends when its ring is "
              "drained, before the host could answer the request";
  if (kernel && kernel.getFusedArms())
    return emitOpError("is in a JIT-fused kernel; vyre-fuse does not fuse "
                       "handlers that wait for IO yet (they stay in the "
                       "generic interpreter)");
  if (Operation *loop = (*this)->getParentOfType<LoopLikeOpInterface>())
    return emitOpError() << "is inside a loop (" << loop->getName()
                         << "); a handler run makes at most one request, so "
                            "ask once and let the slot run again";
  auto handler = (*this)->getParentOfType<HandlerOp>();
  unsigned reads = 0;
  handler.walk([&](IoReadOp) { ++reads; });
  if (reads > 1)
    return emitOpError() << "is one of " << reads << " in handler @"
                         << handler.getSymName()
                         << "; a handler makes at most one request per run "
                            "(split dependent reads over slots)";
  if (std::optional<int64_t> bytes = constantIndex(getBytes());
      bytes && (*bytes <= 0 || *bytes % 4 != 0))
    return emitOpError() << "reads " << *bytes
                         << " bytes; a request reads a positive multiple of "
                            "4 bytes (whole buffer elements)";
  return success();
}

LogicalResult IoReadOp::verifySymbolUses(SymbolTableCollection &symbols) {
  auto kernel = (*this)->getParentOfType<MegakernelOp>();
  if (!kernel)
    return emitOpError("must be inside a vyre.megakernel");
  auto decl = symbols.lookupSymbolIn<BufferOp>(kernel.getOperation(),
                                               getBufferAttr().getAttr());
  if (!decl)
    return emitOpError() << "reads into unknown buffer " << getBufferAttr()
                         << "; declare it with vyre.buffer in @"
                         << kernel.getSymName();
  if (decl.getElementType().getIntOrFloatBitWidth() != 32)
    return emitOpError() << "reads into " << getBufferAttr()
                         << ", whose elements are " << decl.getElementType()
                         << "; the host writes whole 4-byte elements (i32 or "
                            "f32)";
  MemRefType type = decl.getMemRefType();
  std::optional<int64_t> index = constantIndex(getIndex());
  std::optional<int64_t> bytes = constantIndex(getBytes());
  if (index && type.hasStaticShape() &&
      (*index < 0 ||
       *index + (bytes ? *bytes / 4 : 1) > type.getNumElements()))
    return emitOpError() << "writes elements from " << *index
                         << (bytes ? " to " + std::to_string(*index + *bytes / 4 - 1)
                                   : std::string())
                         << " of " << getBufferAttr() << " (" << type
                         << "), past its end";
  return success();
}

LogicalResult PrintfOp::verify() {
  if (getArgs().size() > VYRE_PRINTF_MAX_ARGS)
    return emitOpError() << "has " << getArgs().size()
                         << " arguments; a debug-log record holds at most "
                         << VYRE_PRINTF_MAX_ARGS;
  return verifyInHandler(*this);
}

//===----------------------------------------------------------------------===//
// Device memory ops
//===----------------------------------------------------------------------===//

LogicalResult DeviceFenceOp::verify() {
  if (getOrder() == MemoryOrder::relaxed)
    return emitOpError("a relaxed fence orders nothing; use acquire, release "
                       "or acq_rel");
  return success();
}
