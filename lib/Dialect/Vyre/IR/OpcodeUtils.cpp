//===- OpcodeUtils.cpp - opcode helpers --------------------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "vyre/Dialect/Vyre/IR/OpcodeUtils.h"
#include "vyre/ABI/RingABI.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir::vyre;

bool mlir::vyre::isValidOpcode(int64_t value) {
  return value >= 0 && value <= int64_t(UINT32_MAX);
}

bool mlir::vyre::isReservedOpcode(int64_t value) {
  return isValidOpcode(value) &&
         vyre_is_reserved_opcode(static_cast<uint32_t>(value));
}

std::optional<uint32_t> mlir::vyre::lookupBuiltinOpcode(llvm::StringRef name) {
  size_t count = 0;
  const vyre_builtin_info *table = vyre_builtins(&count);
  for (size_t i = 0; i < count; ++i)
    if (name == table[i].name)
      return table[i].opcode;
  return std::nullopt;
}

std::string mlir::vyre::listBuiltinNames() {
  size_t count = 0;
  const vyre_builtin_info *table = vyre_builtins(&count);
  std::string out;
  for (size_t i = 0; i < count; ++i) {
    if (i)
      out += ", ";
    out += table[i].name;
  }
  return out;
}

std::string mlir::vyre::formatOpcode(uint64_t opcode) {
  std::string out;
  llvm::raw_string_ostream os(out);
  if (opcode >= VYRE_OP_RESERVED_HIGH_FIRST)
    os << llvm::format_hex(opcode, 2);
  else
    os << opcode;
  return out;
}
