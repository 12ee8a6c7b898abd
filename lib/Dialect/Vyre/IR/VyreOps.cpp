//===- VyreOps.cpp - vyre operations: the generated ops and assembly -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// The ops ODS generates, with the custom assembly directives they use. Their
// verifiers and queries live by level: KernelOps.cpp (megakernel, buffers,
// built-ins), HandlerOps.cpp (handlers, the dispatch prologue), SlotOps.cpp
// (ops in a handler body), BatchOps.cpp (static batches).
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
// Custom assembly directives
//===----------------------------------------------------------------------===//

/// `opcode(16)` or `opcode(16, 17)`; reserved high opcodes print in hex.
static ParseResult parseOpcodeList(OpAsmParser &parser,
                                   DenseI64ArrayAttr &opcodes) {
  SmallVector<int64_t> values;
  if (parser.parseKeyword("opcode") || parser.parseCommaSeparatedList(
          OpAsmParser::Delimiter::Paren, [&]() -> ParseResult {
            int64_t value = 0;
            if (parser.parseInteger(value))
              return failure();
            values.push_back(value);
            return success();
          }))
    return failure();
  opcodes = parser.getBuilder().getDenseI64ArrayAttr(values);
  return success();
}

static void printOpcodeList(OpAsmPrinter &p, Operation *,
                            DenseI64ArrayAttr opcodes) {
  p << "opcode(";
  llvm::interleaveComma(opcodes.asArrayRef(), p,
                        [&](int64_t op) { p << formatOpcode(op); });
  p << ')';
}

/// `opcode(16)` for a single opcode.
static ParseResult parseOpcode(OpAsmParser &parser, IntegerAttr &opcode) {
  int64_t value = 0;
  if (parser.parseKeyword("opcode") || parser.parseLParen() || parser.parseInteger(value) ||
      parser.parseRParen())
    return failure();
  opcode = parser.getBuilder().getI64IntegerAttr(value);
  return success();
}

static void printOpcode(OpAsmPrinter &p, Operation *, IntegerAttr opcode) {
  p << "opcode(" << formatOpcode(opcode.getInt()) << ')';
}

/// `control` (the control buffer) or `@buffer`.
static ParseResult parseBufferRef(OpAsmParser &parser,
                                  FlatSymbolRefAttr &buffer) {
  if (succeeded(parser.parseOptionalKeyword("control"))) {
    buffer = {};
    return success();
  }
  StringAttr name;
  if (parser.parseSymbolName(name))
    return parser.emitError(parser.getCurrentLocation(),
                            "expected `control` or a buffer symbol (@name)");
  buffer = FlatSymbolRefAttr::get(name);
  return success();
}

static void printBufferRef(OpAsmPrinter &p, Operation *,
                           FlatSymbolRefAttr buffer) {
  if (buffer)
    p.printAttributeWithoutType(buffer);
  else
    p << "control";
}

#define GET_OP_CLASSES
#include "vyre/Dialect/Vyre/IR/VyreOps.cpp.inc"
