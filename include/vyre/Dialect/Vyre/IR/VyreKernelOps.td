//===- VyreKernelOps.td - the megakernel and what it declares ---*- tablegen -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// User level: the megakernel, its buffers, built-ins, handlers and the
// dispatch prologue (lib/Dialect/Vyre/IR/KernelOps.cpp, HandlerOps.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_DIALECT_VYRE_IR_VYREKERNELOPS_TD
#define VYRE_DIALECT_VYRE_IR_VYREKERNELOPS_TD

include "vyre/Dialect/Vyre/IR/VyreBase.td"
include "vyre/Dialect/Vyre/IR/VyreTypes.td"
include "vyre/Dialect/Vyre/IR/VyreAttrs.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"

//===----------------------------------------------------------------------===//
// Structure: megakernel, buffer, builtin, handler, yield
//===----------------------------------------------------------------------===//

def Vyre_MegakernelOp : Vyre_Op<"megakernel", [
    IsolatedFromAbove, Symbol, SymbolTable, SingleBlock, NoTerminator,
    NoRegionArguments]> {
  let summary = "a persistent interpreter: its handlers, buffers and geometry";
  let description = [{
    One kernel that, once dispatched, serves a ring of `slots` task slots
    with `workgroups` workgroups of `workgroup_size` lanes. In `persistent`
    mode the lanes loop until the host sets SHUTDOWN; in `once` mode they
    drain what is published and return.

    The body holds `vyre.buffer`, `vyre.builtin`, `vyre.handler`,
    `vyre.batch` ops, at most one `vyre.dispatch_prologue` and at most one
    `vyre.fused_batch` (then the kernel lowers to that batch's straight-line
    code, not to an interpreter). Optional attributes: `observables` (observable words
    after control word 160, default 256), `debug_records` (PRINTF records the
    debug log holds, default 1024), `tenants` (the tenant table: a
    dispatch-arm mask per tenant, one i32 word per 32 arms, so a kernel of
    up to 32 arms has one word per tenant and one of 64 arms two; default:
    tenant 0 may run every arm), `shard` (`#vyre.shard`), `profile`
    (`#vyre.profile`) and `denied_opcodes` (opcodes whose handler
    `vyre-prune-redundancy` removed because no tenant may run it: a slot
    naming one still faults TENANT_DENIED, not UNKNOWN_OPCODE) and
    `fused_arms` (set by `vyre-fuse`: this is a JIT-fused kernel that tests
    only these arms, in this order, and marks every other slot REQUEUE for
    the generic interpreter; arm numbers, and so counters and tenant masks,
    stay those of the generic kernel; persistent mode only) and
    `deferred_arms` (set by `vyre-fuse` beside `fused_arms`: arms the fused
    kernel serves itself, not at claim time but later, arm by arm: a slot
    of a deferred arm waits CLAIMED in its arm's workgroup bucket until the
    workgroup finds no new work, its deferred slots reach a quarter of its
    ring share, a bucket fills, or the dispatch ends; docs/design.md, "Deferred
    arms") and `io_entries` (entries of the IO queue of a kernel whose
    handlers use `vyre.io_read`, 1 to 4096; default 64) and
    `dependency_counters` (1 to 65536 event counters for slot-level
    dependencies: a slot the host publishes with a dependency record runs
    only once the counter it waits on reaches its target, and signals
    counters when it ends; RingABI.h, "Dependencies"; not with
    `vyre.io_read`, `fused_arms` or a `vyre.fused_batch`) and
    `device_queue` (1 to 1048576 lines of the device queue that handlers
    fill with `vyre.enqueue` and lanes serve; persistent mode only, not with
    `vyre.io_read`, `fused_arms` or a `vyre.fused_batch`; RingABI.h,
    "Device queue").

    ```mlir
    vyre.megakernel @k slots(256) workgroups(4) workgroup_size(64) mode(persistent) {
      vyre.builtin "atomic_add"
      vyre.handler @nothing opcode(16) {
      ^bb0(%slot: !vyre.slot):
        vyre.yield
      }
    }
    ```
  }];
  let arguments = (ins
      SymbolNameAttr:$sym_name,
      ConfinedAttr<I32Attr, [IntPositive]>:$slots,
      ConfinedAttr<I32Attr, [IntPositive]>:$workgroups,
      ConfinedAttr<I32Attr, [IntPositive]>:$workgroup_size,
      Vyre_ModeAttr:$mode,
      OptionalAttr<I32Attr>:$observables,
      OptionalAttr<I32Attr>:$debug_records,
      OptionalAttr<DenseI32ArrayAttr>:$tenants,
      OptionalAttr<Vyre_ShardAttr>:$shard,
      OptionalAttr<Vyre_ProfileAttr>:$profile,
      OptionalAttr<DenseI64ArrayAttr>:$denied_opcodes,
      OptionalAttr<DenseI32ArrayAttr>:$fused_arms,
      OptionalAttr<DenseI32ArrayAttr>:$deferred_arms,
      OptionalAttr<I32Attr>:$io_entries,
      OptionalAttr<I32Attr>:$dependency_counters,
      OptionalAttr<I32Attr>:$device_queue);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $sym_name `slots` `(` $slots `)` `workgroups` `(` $workgroups `)`
    `workgroup_size` `(` $workgroup_size `)` `mode` `(` $mode `)`
    attr-dict-with-keyword $body
  }];
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    /// Observable words this kernel exposes (the attribute or the ABI default).
    uint32_t getNumObservables();
    /// Dispatch arms: handlers and declared built-ins.
    uint32_t getNumArms();
    /// Words of the control buffer this kernel needs (its dependency
    /// counters included).
    uint32_t getControlWords();
    /// Dependency counters: the attribute, else 0 (no dependencies).
    uint32_t getNumDependencyCounters();
    /// The verifier's checks of `dependency_counters`.
    LogicalResult verifyDependencyCounters();
    /// Lines of the device queue: the attribute, else 0 (no vyre.enqueue).
    uint32_t getNumDeviceQueueLines();
    /// The verifier's checks of `device_queue`.
    LogicalResult verifyDeviceQueue();
    /// PRINTF records the debug log holds (the attribute or the ABI default).
    uint32_t getNumDebugRecords();
    /// True if a handler uses vyre.io_read.
    bool usesIO();
    /// Entries of the IO queue: the attribute, the ABI default for a kernel
    /// that uses IO, else 0.
    uint32_t getNumIoEntries();
    /// The tenant table, vyre_tenant_mask_words(arms) words per tenant: the
    /// attribute, or tenant 0 allowed every arm.
    llvm::SmallVector<uint32_t> getTenantTable();
    /// The handlers in dispatch order (their index is the metrics-counter
    /// and tenant-mask bit index).
    llvm::SmallVector<HandlerOp> getHandlers();
    /// The handler serving `opcode`, or null.
    HandlerOp lookupHandler(uint64_t opcode);
    /// True if `opcode` is served by a handler or a declared built-in, or
    /// was served by a handler that no tenant may run (`denied_opcodes`).
    bool servesOpcode(uint64_t opcode);
    /// True if `opcode` is in `denied_opcodes`.
    bool isDeniedOpcode(uint64_t opcode);
    /// The dispatch prologue, or null.
    DispatchPrologueOp getPrologue();
    /// The straight-line batch this kernel lowers to (vyre-fuse-batch), or
    /// null for an interpreter.
    FusedBatchOp getFusedBatch();
  }];
}

def Vyre_BufferOp : Vyre_Op<"buffer", [Symbol, HasParent<"MegakernelOp">]> {
  let summary = "a resident user buffer that handlers may access";
  let description = [{
    Declares a storage buffer at user binding `binding` (descriptor binding
    `VYRE_BINDING_USER_BASE + binding`, set 0). The type is a rank-1 memref
    of `i32` or `f32`; a static size is recorded in the ABI manifest and
    every access is bounds-checked against the size bound at launch.

    ```mlir
    vyre.buffer @table binding(0) read_only : memref<65536xi32>
    vyre.buffer @cache binding(1) read_write device_local : memref<16384xi32>
    ```

    Where it lives: by default in host memory, which the host reads and
    writes at memory speed but the GPU reaches over the bus, and which a
    GPU does not re-read while a persistent kernel runs (so the host writes
    it only before launch). `device_local` puts it in the GPU's memory
    (DEVICE_LOCAL|HOST_VISIBLE where the device has it): GPU accesses at
    memory speed, host writes seen by a running kernel, host reads one bus
    round trip each. The destination of a `vyre.io_read` is device-local
    whether or not it says so: the host writes it while the kernel runs.
  }];
  let arguments = (ins
      SymbolNameAttr:$sym_name,
      ConfinedAttr<I32Attr, [IntNonNegative]>:$binding,
      Vyre_AccessAttr:$access,
      UnitAttr:$device_local,
      // Rank and element type are checked by the verifier, which can say
      // what to write instead (ui32 is a common first try).
      TypeAttrOf<AnyMemRef>:$type);
  let assemblyFormat = [{
    $sym_name `binding` `(` $binding `)` $access
    (`device_local` $device_local^)? `:` $type attr-dict
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// True if the buffer lives in device memory: declared `device_local`,
    /// or the destination of a vyre.io_read in its kernel.
    bool isInDeviceMemory();
    MemRefType getMemRefType() { return cast<MemRefType>(getType()); }
    Type getElementType() { return getMemRefType().getElementType(); }
    bool isReadable() { return getAccess() != Access::write_only; }
    bool isWritable() { return getAccess() != Access::read_only; }
  }];
}

def Vyre_BuiltinOp : Vyre_Op<"builtin", [HasParent<"MegakernelOp">,
    DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "requests a built-in opcode handler";
  let description = [{
    Names a built-in opcode (`nop`, `store_u32`, `atomic_add`, `load_u32`,
    `compare_swap`, `memcpy`, `dfa_step`, `batch_fence`, `printf`,
    `shutdown`, `packed_slot`) that this kernel serves. The
    `vyre-materialize-builtins` pass replaces it with the handler.

    `dfa_step` reads its transition table from a declared i32 buffer named
    with `table`: `next = table[state * 256 + (byte & 255)]`.

    ```mlir
    vyre.builtin "atomic_add"
    vyre.builtin "dfa_step" table @transitions
    ```
  }];
  let arguments = (ins StrAttr:$name, OptionalAttr<FlatSymbolRefAttr>:$table);
  let assemblyFormat = "$name (`table` $table^)? attr-dict";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The opcode of the named built-in (the verifier guarantees it exists).
    uint32_t getOpcode();
  }];
}

def Vyre_HandlerOp : Vyre_Op<"handler", [
    Symbol, HasParent<"MegakernelOp">, SingleBlock, IsolatedFromAbove]> {
  let summary = "the body run for a slot whose opcode is one of `opcodes`";
  let description = [{
    The region has one block whose single argument is the claimed
    `!vyre.slot`; it ends in `vyre.yield`. Several opcodes may share one
    handler (one dispatch arm). Handlers on reserved opcodes (0-7,
    0xFFF0-0xFFFF, high bit set) must carry `builtin`; only
    `vyre-materialize-builtins` creates those.

    ```mlir
    vyre.handler @bump opcode(16, 17) {
    ^bb0(%slot: !vyre.slot):
      %i = vyre.arg %slot[0]
      %one = arith.constant 1 : i32
      %old = vyre.atomic_rmw add %one, @counts[%i] : i32
      vyre.yield
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, DenseI64ArrayAttr:$opcodes,
                       UnitAttr:$builtin);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $sym_name custom<OpcodeList>($opcodes) (`builtin` $builtin^)?
    attr-dict-with-keyword $body
  }];
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    /// The claimed slot, the body's block argument.
    BlockArgument getSlot() { return getBody().front().getArgument(0); }
    /// A call in the body is an error that says what to do instead.
    LogicalResult verifyNoCalls();
  }];
}

def Vyre_YieldOp : Vyre_Op<"yield", [
    Pure, Terminator, ReturnLike, HasParent<"HandlerOp">]> {
  let summary = "ends a handler; the slot becomes DONE (or FAULT)";
  let description = [{
    Terminates a handler body. The lowering stores DONE with release
    semantics after the handler's writes, or FAULT if a `vyre.fault` or a
    bounds check fired.
  }];
  let assemblyFormat = "attr-dict";
}

def Vyre_DispatchPrologueOp : Vyre_Op<"dispatch_prologue", [
    HasParent<"MegakernelOp">, SingleBlock, IsolatedFromAbove]> {
  let summary = "per-slot values computed once, before the opcode switch";
  let description = [{
    Computations every dispatch arm shares, run once per claimed slot before
    the interpreter picks the arm (`vyre-prune-redundancy` hoists them here
    from the handlers). The block's single argument is the claimed slot; the
    body holds only `vyre.arg` and pure, speculatable ops without regions
    (they run for every slot, whatever its opcode, so they must not fault or
    touch memory), and ends in `vyre.prologue_yield`. Handlers read the
    yielded values with `vyre.prologue_value`. At most one per megakernel.

    ```mlir
    vyre.dispatch_prologue {
    ^bb0(%slot: !vyre.slot):
      %a0 = vyre.arg %slot[0]
      %c4 = arith.constant 4 : i32
      %i = arith.muli %a0, %c4 : i32
      vyre.prologue_yield %i : i32
    }
    ```
  }];
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "attr-dict-with-keyword $body";
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    /// The claimed slot, the body's block argument.
    BlockArgument getSlot() { return getBody().front().getArgument(0); }
    /// The terminator, whose operands are the values handlers may read.
    PrologueYieldOp getYield();
  }];
}

def Vyre_PrologueYieldOp : Vyre_Op<"prologue_yield", [
    Pure, Terminator, ReturnLike, HasParent<"DispatchPrologueOp">]> {
  let summary = "the values a dispatch prologue hands to every arm";
  let arguments = (ins Variadic<AnyTypeOf<[I1, I32, F32]>>:$values);
  let assemblyFormat = "($values^ `:` type($values))? attr-dict";
}

def Vyre_PrologueValueOp : Vyre_Op<"prologue_value", [Pure]> {
  let summary = "reads value `index` of the megakernel's dispatch prologue";
  let description = [{
    Inside a handler: the prologue's `index`-th yielded value, computed
    once for the claimed slot before dispatch.

    ```mlir
    %i = vyre.prologue_value %slot[0] : i32
    ```
  }];
  let arguments = (ins Vyre_SlotType:$slot,
                       ConfinedAttr<I32Attr, [IntNonNegative]>:$index);
  let results = (outs AnyTypeOf<[I1, I32, F32]>:$result);
  let assemblyFormat = "$slot `[` $index `]` attr-dict `:` type($result)";
  let hasVerifier = 1;
}

#endif // VYRE_DIALECT_VYRE_IR_VYREKERNELOPS_TD
