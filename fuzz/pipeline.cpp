//===- pipeline.cpp - fuzzing the vyre-to-spirv-interpreter pipeline ------===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Any text that parses and verifies goes through the default pipeline
// (vyre-to-spirv-interpreter, what bench/compile.sh and vyre-run run): it
// lowers to SPIR-V or fails with a diagnostic; a crash is a bug. Texts with
// `array<index` are skipped (MLIR 22's parser crashes on them; see
// docs/reliability.md), as in the dialect fuzzer.
//
//===----------------------------------------------------------------------===//

#include "FuzzContext.h"
#include "vyre/Pipelines/Pipelines.h"

#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mlir::OwningOpRef<mlir::ModuleOp> module = vyre::fuzz::parse(data, size);
  if (!module || mlir::failed(mlir::verify(*module)))
    return 0;
  mlir::PassManager pm(&vyre::fuzz::context());
  mlir::vyre::buildVyreToSPIRVInterpreterPipeline(pm, {});
  (void)pm.run(*module);
  return 0;
}
