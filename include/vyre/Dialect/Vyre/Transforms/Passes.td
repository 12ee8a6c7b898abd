//===- Passes.td - vyre dialect transforms -----------------*- tablegen -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_DIALECT_VYRE_TRANSFORMS_PASSES_TD
#define VYRE_DIALECT_VYRE_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def VyreMaterializeBuiltins : Pass<"vyre-materialize-builtins", "ModuleOp"> {
  let summary = "Replace vyre.builtin requests with the built-in handlers";
  let description = [{
    Every `vyre.builtin "name"` in a megakernel becomes a `vyre.handler
    @__vyre_<name> opcode(N) builtin` at the same position (so dispatch-arm
    order is kept), whose body implements the built-in's semantics from the
    ring ABI with ordinary vyre ops: control-buffer accesses are
    bounds-checked by the lowering like any other, MEMCPY rejects a length
    larger than the control buffer up front, and PACKED_SLOT validates every
    inner op before running any.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::scf::SCFDialect"];
}

#endif // VYRE_DIALECT_VYRE_TRANSFORMS_PASSES_TD
