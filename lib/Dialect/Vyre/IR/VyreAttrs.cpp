//===- VyreAttrs.cpp - vyre attributes ---------------------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "vyre/Dialect/Vyre/IR/OpcodeUtils.h"
#include "vyre/Dialect/Vyre/IR/VyreDialect.h"
#include "vyre/ABI/RingABI.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::vyre;

FailureOr<SmallVector<int32_t>> mlir::vyre::parseOffsetList(AsmParser &parser) {
  SmallVector<int32_t> offsets;
  if (parser.parseCommaSeparatedList(AsmParser::Delimiter::Square,
                                     [&]() -> ParseResult {
                                       int32_t offset = 0;
                                       if (parser.parseInteger(offset))
                                         return failure();
                                       offsets.push_back(offset);
                                       return success();
                                     }))
    return failure();
  return offsets;
}

void mlir::vyre::printOffsetList(AsmPrinter &printer,
                                 ArrayRef<int32_t> offsets) {
  printer << '[';
  llvm::interleaveComma(offsets, printer);
  printer << ']';
}

#define GET_ATTRDEF_CLASSES
#include "vyre/Dialect/Vyre/IR/VyreOpsAttrs.cpp.inc"

void VyreDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "vyre/Dialect/Vyre/IR/VyreOpsAttrs.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// ProfileAttr: #vyre.profile<{opcode: count, ...}>
//===----------------------------------------------------------------------===//

Attribute ProfileAttr::parse(AsmParser &parser, Type) {
  SmallVector<int64_t> opcodes, counts;
  auto parseEntry = [&]() -> ParseResult {
    int64_t opcode = 0, count = 0;
    if (parser.parseInteger(opcode) || parser.parseColon() ||
        parser.parseInteger(count))
      return failure();
    opcodes.push_back(opcode);
    counts.push_back(count);
    return success();
  };
  if (parser.parseLess() ||
      parser.parseCommaSeparatedList(AsmParser::Delimiter::Braces,
                                     parseEntry) ||
      parser.parseGreater())
    return {};
  return ProfileAttr::getChecked(
      [&] { return parser.emitError(parser.getNameLoc()); },
      parser.getContext(), opcodes, counts);
}

void ProfileAttr::print(AsmPrinter &printer) const {
  printer << "<{";
  for (auto [i, opcode] : llvm::enumerate(getOpcodes())) {
    if (i)
      printer << ", ";
    printer << formatOpcode(opcode) << ": " << getCounts()[i];
  }
  printer << "}>";
}

LogicalResult
ProfileAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                    ArrayRef<int64_t> opcodes, ArrayRef<int64_t> counts) {
  if (opcodes.size() != counts.size())
    return emitError() << "profile has " << opcodes.size() << " opcodes but "
                       << counts.size() << " counts";
  llvm::DenseSet<int64_t> seen;
  for (auto [opcode, count] : llvm::zip(opcodes, counts)) {
    if (!isValidOpcode(opcode))
      return emitError() << "profile opcode " << opcode
                         << " does not fit in 32 unsigned bits";
    if (!seen.insert(opcode).second)
      return emitError() << "profile lists opcode " << formatOpcode(opcode)
                         << " twice";
    if (count < 0)
      return emitError() << "profile count for opcode "
                         << formatOpcode(opcode) << " is negative (" << count
                         << ")";
  }
  return success();
}

int64_t ProfileAttr::getCount(int64_t opcode) const {
  for (auto [op, count] : llvm::zip(getOpcodes(), getCounts()))
    if (op == opcode)
      return count;
  return 0;
}

int64_t ProfileAttr::getCount(ArrayRef<int64_t> opcodes) const {
  int64_t total = 0;
  for (int64_t opcode : opcodes)
    total += getCount(opcode);
  return total;
}

int64_t ProfileAttr::getTotal() const {
  int64_t total = 0;
  for (int64_t count : getCounts())
    total += count;
  return total;
}

//===----------------------------------------------------------------------===//
// ShardAttr
//===----------------------------------------------------------------------===//

LogicalResult ShardAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                ShardStrategy, ArrayRef<int32_t> partitions,
                                int32_t starvationBound) {
  if (starvationBound < 0)
    return emitError() << "starvation_bound must be 0 (never skip the lower "
                          "partitions) or positive, got "
                       << starvationBound;
  if (partitions.empty())
    return success();
  if (partitions.size() != VYRE_PRIORITY_OFFSET_WORDS)
    return emitError() << "partitions must hold "
                       << VYRE_PRIORITY_OFFSET_WORDS << " offsets ("
                       << VYRE_PRIORITY_LEVELS
                       << " partition starts and the slot count), got "
                       << partitions.size();
  if (partitions.front() != 0)
    return emitError() << "the first priority partition must start at slot "
                          "0, got "
                       << partitions.front();
  for (size_t i = 1; i < partitions.size(); ++i)
    if (partitions[i] < partitions[i - 1])
      return emitError() << "partition offsets must not decrease: offset " << i
                         << " (" << partitions[i] << ") < offset " << i - 1
                         << " (" << partitions[i - 1] << ")";
  return success();
}
