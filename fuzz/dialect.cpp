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

#include "FuzzContext.h"

#include "mlir/IR/Verifier.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (mlir::OwningOpRef<mlir::ModuleOp> module = vyre::fuzz::parse(data, size))
    (void)mlir::verify(*module);
  return 0;
}
