//===- dialect.cpp - fuzzing the vyre dialect's parser and verifiers -*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Any text, as vyre-opt reads it: parsed with the vyre dialect and the
// upstream ones its kernels use, then verified. A diagnostic is fine; a
// crash is a bug. Inputs with `array<index` are skipped: MLIR 22's own
// parser crashes on them (docs/reliability.md), and vyre-opt refuses them
// before parsing.
//
//===----------------------------------------------------------------------===//

#include "vyre/Dialect/Vyre/IR/VyreDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"

#include <string>

using namespace mlir;

static MLIRContext &context() {
  static MLIRContext *ctx = [] {
    DialectRegistry registry;
    registry.insert<vyre::VyreDialect, arith::ArithDialect, func::FuncDialect,
                    gpu::GPUDialect, memref::MemRefDialect, scf::SCFDialect,
                    spirv::SPIRVDialect>();
    auto *c = new MLIRContext(registry);
    c->loadAllAvailableDialects();
    c->getDiagEngine().registerHandler([](Diagnostic &) { return success(); });
    return c;
  }();
  return *ctx;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  // A copy: MLIR's lexer reads up to the terminating NUL, which libFuzzer's
  // buffer does not have.
  std::string owned(reinterpret_cast<const char *>(data), size);
  StringRef text(owned.c_str(), owned.size());
  if (text.contains("array<index"))
    return 0;
  ParserConfig config(&context());
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(text, config);
  if (module)
    (void)verify(*module);
  return 0;
}
