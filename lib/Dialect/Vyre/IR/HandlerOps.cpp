//===- HandlerOps.cpp - handlers and the dispatch prologue ------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// vyre.handler, vyre.dispatch_prologue and vyre.prologue_value: the
// regions a claimed slot runs, and their verifiers.
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
// HandlerOp
//===----------------------------------------------------------------------===//

LogicalResult HandlerOp::verify() {
  ArrayRef<int64_t> opcodes = getOpcodes();
  if (opcodes.empty())
    return emitOpError("must serve at least one opcode");
  llvm::DenseSet<int64_t> seen;
  for (int64_t opcode : opcodes) {
    if (!isValidOpcode(opcode))
      return emitOpError() << "opcode " << opcode
                           << " does not fit in 32 unsigned bits";
    if (!seen.insert(opcode).second)
      return emitOpError() << "lists opcode " << formatOpcode(opcode)
                           << " twice";
    bool reserved = isReservedOpcode(opcode);
    if (reserved && !getBuiltin()) {
      InFlightDiagnostic diag = emitOpError()
                                << "opcode " << formatOpcode(opcode)
                                << " is reserved";
      if (const char *name = vyre_builtin_name(uint32_t(opcode)))
        diag << " for the built-in \"" << name << "\"";
      diag << "; user handlers take opcodes 8 to 0xffef or 0x10000 to "
              "0x7fffffff (use vyre.builtin to request a built-in)";
      return diag;
    }
    if (!reserved && getBuiltin())
      return emitOpError() << "is marked builtin but opcode "
                           << formatOpcode(opcode)
                           << " is not a reserved opcode";
  }
  return verifyNoCalls();
}

LogicalResult HandlerOp::verifyNoCalls() {
  // Checked here, before the kernel's symbol table resolves callees, so
  // that a call to a module-level helper gets this message and not "does
  // not reference a valid function".
  LogicalResult result = success();
  getBody().walk([&](CallOpInterface call) {
    InFlightDiagnostic diag = emitOpError();
    if (auto callee = dyn_cast<SymbolRefAttr>(call.getCallableForCallee()))
      diag << "calls " << callee << "; ";
    diag << "handlers cannot call functions: each handler becomes one arm "
            "of the interpreter, with no call stack. Write the helper's body "
            "in the handler (or in each handler that needs it)";
    diag.attachNote(call.getLoc()) << "the call";
    result = failure();
    return WalkResult::interrupt();
  });
  return result;
}

/// A handler's or the dispatch prologue's body: one block (SingleBlock has
/// checked that) taking the claimed slot and ending in `Terminator`.
template <typename Terminator>
static LogicalResult verifySlotBody(Operation *op) {
  Block &block = op->getRegion(0).front();
  if (block.getNumArguments() != 1 ||
      !isa<SlotType>(block.getArgument(0).getType()))
    return op->emitOpError() << "body must take exactly one argument of type "
                                "!vyre.slot, got "
                             << block.getNumArguments() << " argument(s)";
  if (block.empty() || !isa<Terminator>(block.back()))
    return op->emitOpError() << "body must end with "
                             << Terminator::getOperationName();
  return success();
}

LogicalResult HandlerOp::verifyRegions() {
  return verifySlotBody<YieldOp>(*this);
}

//===----------------------------------------------------------------------===//
// DispatchPrologueOp, PrologueValueOp
//===----------------------------------------------------------------------===//

PrologueYieldOp DispatchPrologueOp::getYield() {
  return cast<PrologueYieldOp>(getBody().front().getTerminator());
}

LogicalResult DispatchPrologueOp::verifyRegions() {
  if (failed(verifySlotBody<PrologueYieldOp>(*this)))
    return failure();
  Block &block = getBody().front();
  // The prologue runs for every claimed slot, whatever its opcode, so
  // nothing in it may fault, access memory or loop.
  for (Operation &op : block.without_terminator()) {
    if (isa<ArgOp>(op))
      continue;
    if (isa<VyreDialect>(op.getDialect()) || op.getNumRegions() != 0 ||
        !isPure(&op))
      return op.emitOpError()
             << "is not allowed in a vyre.dispatch_prologue, which runs for "
                "every slot before dispatch and so holds only vyre.arg and "
                "pure, speculatable ops without regions";
  }
  return success();
}

LogicalResult PrologueValueOp::verify() {
  auto handler = (*this)->getParentOfType<HandlerOp>();
  if (!handler)
    return emitOpError("must be inside a vyre.handler body");
  auto kernel = handler->getParentOfType<MegakernelOp>();
  DispatchPrologueOp prologue = kernel.getPrologue();
  if (!prologue)
    return emitOpError() << "reads prologue value " << getIndex() << ", but @"
                         << kernel.getSymName()
                         << " has no vyre.dispatch_prologue";
  OperandRange values = prologue.getYield().getValues();
  if (getIndex() >= values.size())
    return emitOpError() << "reads prologue value " << getIndex()
                         << ", but the dispatch prologue of @"
                         << kernel.getSymName() << " yields " << values.size();
  Type yielded = values[getIndex()].getType();
  if (yielded != getType())
    return emitOpError() << "has type " << getType() << ", but prologue value "
                         << getIndex() << " is " << yielded;
  return success();
}
