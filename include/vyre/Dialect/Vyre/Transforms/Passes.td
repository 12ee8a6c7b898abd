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

def VyreShard : Pass<"vyre-shard", "ModuleOp"> {
  let summary = "Divide the ring among workgroups and into priority partitions";
  let description = [{
    Gives every megakernel without a `#vyre.shard` one (an explicit
    attribute is the user's choice and is kept):

    * `strategy`: `strided` (slot s belongs to lane s mod lanes) or
      `contiguous` (workgroup w owns one contiguous block of the ring, its
      lanes strided within it). `auto` applies a simple cost rule:
      contiguous when the normal partition holds fewer slots than the
      kernel has lanes and there is more than one workgroup, strided
      otherwise. The rule is not yet backed by a benchmark (issue 6).
    * five priority partitions (critical, high, normal, low, idle) sized by
      `priority-weights`, each at least one slot unless its weight is 0 (a
      priority the kernel does not take); the host publishes a slot into
      the partition of its priority word, and every lane walks its share of
      the ring in slot order, critical first.
    * `starvation-bound`: recorded in the manifest. Every pass scans every
      partition, so a slot waits at most one pass whatever its priority;
      passes that skip the lower partitions under load are not built yet
      (see docs/design.md).

    The geometry goes into the ABI manifest (`shard_strategy`,
    `priority_offsets`, `starvation_bound`).
  }];
  let options = [
    Option<"strategy", "strategy", "std::string", "\"auto\"",
           "contiguous, strided, or auto (the cost rule above)">,
    ListOption<"priorityWeights", "priority-weights", "unsigned",
               "relative sizes of the critical, high, normal, low and idle "
               "partitions (default 1,2,8,2,1)">,
    Option<"priorities", "priorities", "bool", "true",
           "lay out five priority partitions (false: every priority shares "
           "the ring)">,
    Option<"starvationBound", "starvation-bound", "int32_t", "16",
           "passes a lane may skip the lower partitions in a row">
  ];
}

#endif // VYRE_DIALECT_VYRE_TRANSFORMS_PASSES_TD
