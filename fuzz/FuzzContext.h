//===- FuzzContext.h - the MLIR context the MLIR fuzzers share ---*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// One context for a fuzzer's whole run, with the dialects vyre-opt loads
// and every diagnostic swallowed (a refused input is not a finding), and
// the parse step both MLIR fuzzers start with.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_FUZZ_FUZZCONTEXT_H
#define VYRE_FUZZ_FUZZCONTEXT_H

#include "vyre/Dialect/Vyre/IR/VyreDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <string>

namespace vyre::fuzz {

inline mlir::MLIRContext &context() {
  static mlir::MLIRContext *ctx = [] {
    mlir::DialectRegistry registry;
    registry.insert<mlir::vyre::VyreDialect, mlir::arith::ArithDialect,
                    mlir::cf::ControlFlowDialect, mlir::func::FuncDialect,
                    mlir::gpu::GPUDialect, mlir::memref::MemRefDialect,
                    mlir::scf::SCFDialect, mlir::spirv::SPIRVDialect>();
    auto *c = new mlir::MLIRContext(registry);
    c->loadAllAvailableDialects();
    c->getDiagEngine().registerHandler(
        [](mlir::Diagnostic &) { return mlir::success(); });
    return c;
  }();
  return *ctx;
}

/// The input as a module, or null. A copy: MLIR's lexer reads up to the
/// terminating NUL, which libFuzzer's buffer does not have. Texts with
/// `array<index` are skipped: MLIR 22's own parser crashes on them
/// (docs/reliability.md), and vyre-opt refuses them before parsing.
inline mlir::OwningOpRef<mlir::ModuleOp> parse(const uint8_t *data,
                                               size_t size) {
  std::string owned(reinterpret_cast<const char *>(data), size);
  llvm::StringRef text(owned.c_str(), owned.size());
  if (text.contains("array<index"))
    return nullptr;
  mlir::ParserConfig config(&context());
  return mlir::parseSourceString<mlir::ModuleOp>(text, config);
}

} // namespace vyre::fuzz

#endif // VYRE_FUZZ_FUZZCONTEXT_H
