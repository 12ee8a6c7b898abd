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

def VyreAttachProfile : Pass<"vyre-attach-profile", "ModuleOp"> {
  let summary = "Read a runtime profile file into the kernel's #vyre.profile";
  let description = [{
    Reads the JSON profile the runtime writes (`vyre_kernel_save_profile`,
    `vyre-run --profile-out`, Python `Kernel.save_profile`; format
    VYRE_PROFILE_FORMAT, docs/runtime.md) and sets the `profile` attribute
    of the megakernel it names, replacing any profile already there. Each
    arm's count goes to the first opcode it lists: an arm has one counter
    for all its opcodes, and the consumers (dispatch order, `vyre-fuse`)
    sum counts per arm. Counts are matched by opcode, not arm number, so a
    profile taken from a kernel whose handlers were merged or dropped still
    applies to its source.

    Errors: an unreadable file, malformed JSON, another format version, a
    profile naming a kernel the module does not have. An opcode the kernel
    does not serve is reported as a warning and ignored.
  }];
  let options = [
    Option<"file", "file", "std::string", "\"\"",
           "the profile file (JSON) to read">
  ];
}

def VyreFuse : Pass<"vyre-fuse", "ModuleOp"> {
  let summary = "Choose the arms of a JIT-fused kernel from a profile";
  let description = [{
    Turns each megakernel into a JIT-fused kernel: from its `#vyre.profile`
    (vyre-attach-profile), chooses the subset S of dispatch arms to keep
    and records it, hottest first, in `fused_arms`. The lowering then tests
    only those arms, with their bodies inlined, and marks a slot of any
    other opcode REQUEUE; the runtime serves requeued slots with the
    generic interpreter (vyre_kernel_add_variant, docs/runtime.md, "JIT
    variants"). Arm numbers do not change, so counters, tenant masks and
    the manifest's arms stay those of the generic kernel.

    The model (docs/passes.md, "vyre-fuse"): with c(a) the profile's count
    for arm a (summed over its opcodes) and size(a) the operations in its
    body, the expected cost of serving the profiled workload is

      fused(S) = sum over a in S of c(a) * rank_S(a) * test-cost
               + sum over a not in S of c(a) * (|S| * test-cost + requeue-cost)

    where rank_S(a) is 1 for the hottest arm of S, 2 for the next, and so
    on (each arm costs one opcode test more than the one before it), and a
    requeued slot costs all |S| tests and a requeue. The generic
    interpreter's cost is sum over a of c(a) * (its arm position + 1) *
    test-cost. The pass picks the S with the least fused(S), so the largest
    saving, subject to sum over a in S of size(a) <= budget, exactly (a
    dynamic program over arms by falling count, budget used and arms
    chosen). Arms never executed are not fused.

    Deferred arms (`defer-budget`): of the executed arms left out, by
    falling count, those whose bodies fit the budget together are recorded
    in `deferred_arms`. The fused kernel does not requeue their slots: a
    lane that claims one appends it to its arm's bucket in workgroup memory
    and claims on; when lane 0 decides, the workgroup serves the buckets
    laid end to end, consecutive lanes taking consecutive entries, so a
    warp's lanes mostly run the same arm (docs/design.md, "Deferred
    arms"). This is
    what pays on a GPU: a warp whose lanes claimed a hot slot each no
    longer waits for the few that claimed cold ones, and the cold slots
    run without a hand-over.

    Errors: a kernel without a profile or whose profile counts nothing, a
    once-mode kernel, and a budget no executed arm fits in.
  }];
  let options = [
    Option<"budget", "budget", "unsigned", "256",
           "code-size budget: the most operations (counted in the handler "
           "bodies, nested ones included) the fused arms may hold">,
    Option<"testCost", "test-cost", "unsigned", "1",
           "cost units of one opcode test in the dispatch chain">,
    Option<"requeueCost", "requeue-cost", "unsigned", "64",
           "cost units of a requeue: the REQUEUE status, the host's "
           "hand-over and the generic interpreter's claim and dispatch">,
    Option<"deferBudget", "defer-budget", "unsigned", "0",
           "the most operations the deferred arms may hold: executed arms "
           "left out of the fused set, by falling count, that the fused "
           "kernel serves itself in opcode-uniform rounds instead of "
           "requeuing them (0: requeue every unfused arm)">,
    Option<"report", "report", "bool", "false",
           "emit a remark per kernel with the chosen arms and the model's "
           "costs">
  ];
}

def VyreFuseBatch : Pass<"vyre-fuse-batch", "ModuleOp"> {
  let summary = "Compile a static vyre.batch into straight-line code";
  let description = [{
    Static batch fusion: adds to each megakernel a `vyre.fused_batch` made
    from the `vyre.batch` named `batch` (or its only one). For each work
    item, in batch order, it resolves at compile time what the interpreter
    resolves per slot: the dispatch arm of its opcode (none: a FAULT
    UNKNOWN_OPCODE, or TENANT_DENIED for a pruned handler's opcode) and its
    tenant's mask bit for that arm, as the kernel's tenant table has it
    (denied: FAULT TENANT_DENIED); then it inlines the dispatch prologue and
    the handler body with every `vyre.arg` replaced by the item's argument
    as a constant, and closes the item with `vyre.item_end`. Constant
    folding runs on each item as it is added, and canonicalize and CSE run
    over the whole straight-line block afterwards (the pipeline does), so
    they simplify across items. The mask bits assumed are recorded in
    `assumes`; the kernel checks them before it runs anything and requeues
    the whole batch to the generic interpreter if the table has changed.

    A handler loop must have a constant trip count once the item's
    arguments are in (a device may bound loop iterations, lavapipe at 65535
    per invocation, and a one-lane kernel has no loop budget to fall back
    on), and all items' loops together may run at most `max-loop-trips`
    iterations; an item whose loops break either rule is requeued
    (`vyre.item_requeue`), and its slot is served by the interpreter.

    The megakernel then lowers to a one-lane kernel that runs the batch
    once (convert-vyre-to-gpu; the runtime runs it with
    vyre_kernel_run_batch). Its handlers stay, unlowered, so the manifest's
    arms, counters and tenant masks are those of the generic kernel.

    Errors: no batch (or several and no `batch`), an unknown batch name, an
    empty batch or one larger than the ring, a kernel that is already
    fused.
  }];
  let options = [
    Option<"batch", "batch", "std::string", "\"\"",
           "the vyre.batch to compile (default: the kernel's only one)">,
    Option<"maxLoopTrips", "max-loop-trips", "uint64_t", "16384",
           "loop iterations the whole batch may run; items past it are "
           "requeued">
  ];
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
    * `starvation-bound`: while a workgroup's last pass served critical or
      high slots, its next pass walks only the critical and high
      partitions, so lanes come back to them sooner under a flood; after
      `starvation-bound` such passes in a row a full pass follows, so a
      normal, low or idle slot waits at most bound + 1 passes. 0: every
      pass walks every partition. Control word 78 counts the restricted
      passes.

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
           "passes in a row that may skip the normal, low and idle "
           "partitions (0: never skip)">
  ];
}

// The four pruning transforms, each a pass; `vyre-prune-redundancy` is the
// pipeline of the four, in this order, with an option per pass
// (lib/Pipelines). Each works on dispatch arms, so built-ins must be
// materialized first (`vyre-materialize-builtins`). Statistics count what
// each removed; Debian's release MLIR compiles pass statistics out
// (NDEBUG), so `report=true` also states the counts as a remark per
// megakernel (per batch for vyre-prune-batches). docs/passes.md has the
// proofs' outline.

def VyreDropDeniedHandlers
    : Pass<"vyre-drop-denied-handlers", "ModuleOp"> {
  let summary = "Remove handlers no tenant of the tenant table may run";
  let description = [{
    A handler that no tenant of the megakernel's `tenants` table may run is
    removed, with a remark; its opcodes go to the kernel's
    `denied_opcodes`, so a slot naming one still faults TENANT_DENIED. The
    table is then final: a mask the host widens at run time cannot bring
    the handler back (leave this pass out for that). A kernel without a
    `tenants` attribute is left as it is (tenant 0 may run every arm).
  }];
  let options = [
    Option<"report", "report", "bool", "false",
           "emit a remark with the count per megakernel">
  ];
  let statistics = [
    Statistic<"numDropped", "dropped-handlers",
              "Handlers no tenant may run, removed">
  ];
}

def VyreMergeEqualHandlers
    : Pass<"vyre-merge-equal-handlers", "ModuleOp"> {
  let summary = "Merge handlers with structurally equal bodies into one arm";
  let description = [{
    Handlers whose bodies are structurally equal (same ops, attributes and
    dataflow; locations ignored), whose `builtin` flags agree and whose
    tenant-table columns are equal become one arm serving all their
    opcodes (the first one's name and position). The tenant table is
    rewritten for the new arm numbering. The merged arm has one execution
    counter for all its opcodes.
  }];
  let options = [
    Option<"report", "report", "bool", "false",
           "emit a remark with the count per megakernel">
  ];
  let statistics = [
    Statistic<"numMerged", "merged-handlers",
              "Handlers merged into an equal one">
  ];
}

def VyreHoistCommon : Pass<"vyre-hoist-common", "ModuleOp"> {
  let summary = "Hoist computations every dispatch arm performs above the "
                "opcode switch";
  let description = [{
    Computations every arm performs (`vyre.arg` reads and pure,
    speculatable ops at the top of each handler body, equal up to value
    numbering) move into the kernel's `vyre.dispatch_prologue`, run once
    per slot before the opcode switch; the arms read the results with
    `vyre.prologue_value`. Under SIMD divergence each arm a group takes
    repeats its copy of shared work; hoisted, it runs once.
  }];
  let options = [
    Option<"report", "report", "bool", "false",
           "emit a remark with the count per megakernel">
  ];
  let statistics = [
    Statistic<"numHoisted", "hoisted-computations",
              "Computations every arm performs, hoisted above the switch">
  ];
}

def VyrePruneBatches : Pass<"vyre-prune-batches", "ModuleOp"> {
  let summary = "Drop vyre.batch work items whose effect is subsumed";
  let description = [{
    In every `vyre.batch`, work items whose effect is subsumed are dropped
    with the rules the runtime's vyre_kernel_prune_batch applies
    (common/prune/BatchPruner.h): NOPs, STORE_U32/LOAD_U32 items that
    rewrite the value their destination already holds, and those whose
    destination a later item overwrites before anything reads it. Atomics,
    MEMCPY, user handlers, user buffers and items that could fault are
    never dropped and nothing is pruned across the ones the analysis
    cannot see through.
  }];
  let options = [
    Option<"report", "report", "bool", "false",
           "emit a remark with the counts per batch">
  ];
  let statistics = [
    Statistic<"numNoEffect", "pruned-no-effect",
              "Batch items without effect (NOP), dropped">,
    Statistic<"numDuplicate", "pruned-duplicate",
              "Batch items rewriting the value already there, dropped">,
    Statistic<"numOverwritten", "pruned-overwritten",
              "Batch items overwritten before any read, dropped">
  ];
}

#endif // VYRE_DIALECT_VYRE_TRANSFORMS_PASSES_TD
