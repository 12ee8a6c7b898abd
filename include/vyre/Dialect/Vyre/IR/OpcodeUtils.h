//===- OpcodeUtils.h - opcode helpers shared by vyre passes ------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Thin C++ views of the C ring ABI (vyre/ABI/RingABI.h) for MLIR code: opcode
// range checks on the 64-bit values attributes carry, and built-in lookup by
// name. The numbers themselves live only in the ABI header.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_DIALECT_VYRE_IR_OPCODEUTILS_H
#define VYRE_DIALECT_VYRE_IR_OPCODEUTILS_H

#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <optional>
#include <string>

namespace mlir::vyre {

/// True if `value` is a valid opcode: it fits in 32 unsigned bits.
bool isValidOpcode(int64_t value);

/// True if `value` is a valid opcode reserved for built-ins.
bool isReservedOpcode(int64_t value);

/// The opcode of built-in `name`, or nullopt if there is no such built-in.
std::optional<uint32_t> lookupBuiltinOpcode(llvm::StringRef name);

/// Comma-separated list of built-in names, for diagnostics.
std::string listBuiltinNames();

/// Formats an opcode the way the assembly prints it (hex from 0xFFF0 up).
std::string formatOpcode(uint64_t opcode);

} // namespace mlir::vyre

#endif // VYRE_DIALECT_VYRE_IR_OPCODEUTILS_H
