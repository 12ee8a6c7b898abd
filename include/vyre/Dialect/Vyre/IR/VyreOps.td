//===- VyreOps.td - vyre operations ------------------------*- tablegen -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_DIALECT_VYRE_IR_VYREOPS_TD
#define VYRE_DIALECT_VYRE_IR_VYREOPS_TD

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
    handlers use `vyre.io_read`, 1 to 4096; default 64).

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
      OptionalAttr<I32Attr>:$io_entries);
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
    /// Words of the control buffer this kernel needs.
    uint32_t getControlWords();
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

//===----------------------------------------------------------------------===//
// Handler-body ops
//===----------------------------------------------------------------------===//

class Vyre_HandlerBodyOp<string mnemonic, list<Trait> traits = []>
    : Vyre_Op<mnemonic, traits> {
  // Body ops may sit in nested regions (scf.if, scf.for) inside a handler.
  let hasVerifier = 1;
}

def Vyre_ArgOp : Vyre_HandlerBodyOp<"arg", [Pure]> {
  let summary = "reads argument word `index` (0-11) of the claimed slot";
  let description = [{
    ```mlir
    %a0 = vyre.arg %slot[0]
    ```
  }];
  let arguments = (ins Vyre_SlotType:$slot,
                       ConfinedAttr<I32Attr, [IntNonNegative]>:$index);
  let results = (outs I32:$result);
  let assemblyFormat = "$slot `[` $index `]` attr-dict";
}

// Loads, stores and atomics address either a declared `vyre.buffer`
// (`@name[%i]`) or the control buffer (`control[%i]`). Indices are i32 and
// are bounds-checked by the lowering: an out-of-range access does nothing
// and the slot ends as FAULT with VYRE_FAULT_OUT_OF_BOUNDS.
class Vyre_MemoryOp<string mnemonic, list<Trait> traits = []>
    : Vyre_HandlerBodyOp<mnemonic,
                         traits # [DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  code memoryExtraDecl = [{
    /// True when the op addresses the control buffer.
    bool isControl() { return !getBufferAttr(); }
  }];
}

def Vyre_LoadOp : Vyre_MemoryOp<"load"> {
  let summary = "reads one element of a buffer or of the control buffer";
  let description = [{
    ```mlir
    %v = vyre.load @table[%i] : i32
    %w = vyre.load control[%j] : i32
    ```
  }];
  let arguments = (ins OptionalAttr<FlatSymbolRefAttr>:$buffer, I32:$index);
  let results = (outs AnyTypeOf<[I32, F32]>:$result);
  let assemblyFormat = [{
    custom<BufferRef>($buffer) `[` $index `]` attr-dict `:` type($result)
  }];
  let extraClassDeclaration = memoryExtraDecl;
}

def Vyre_StoreOp : Vyre_MemoryOp<"store"> {
  let summary = "writes one element of a buffer or of the control buffer";
  let description = [{
    ```mlir
    vyre.store %v, @table[%i] : i32
    ```
  }];
  let arguments = (ins AnyTypeOf<[I32, F32]>:$value,
                       OptionalAttr<FlatSymbolRefAttr>:$buffer, I32:$index);
  let assemblyFormat = [{
    $value `,` custom<BufferRef>($buffer) `[` $index `]` attr-dict `:`
    type($value)
  }];
  let extraClassDeclaration = memoryExtraDecl;
}

def Vyre_AtomicRMWOp : Vyre_MemoryOp<"atomic_rmw"> {
  let summary = "atomic read-modify-write of an i32 element; returns the old value";
  let description = [{
    ```mlir
    %old = vyre.atomic_rmw add %one, @counts[%i] : i32
    ```
  }];
  let arguments = (ins Vyre_AtomicKindAttr:$kind, I32:$value,
                       OptionalAttr<FlatSymbolRefAttr>:$buffer, I32:$index);
  let results = (outs I32:$result);
  let assemblyFormat = [{
    $kind $value `,` custom<BufferRef>($buffer) `[` $index `]` attr-dict `:`
    type($result)
  }];
  let extraClassDeclaration = memoryExtraDecl;
}

def Vyre_AtomicCASOp : Vyre_MemoryOp<"atomic_cas"> {
  let summary = "atomic compare-and-swap of an i32 element; returns the old value";
  let description = [{
    Stores `desired` if the element equals `expected`; returns the value
    found either way.

    ```mlir
    %prev = vyre.atomic_cas @table[%i], %expected, %desired : i32
    ```
  }];
  let arguments = (ins OptionalAttr<FlatSymbolRefAttr>:$buffer, I32:$index,
                       I32:$expected, I32:$desired);
  let results = (outs I32:$result);
  let assemblyFormat = [{
    custom<BufferRef>($buffer) `[` $index `]` `,` $expected `,` $desired
    attr-dict `:` type($result)
  }];
  let extraClassDeclaration = memoryExtraDecl;
}

def Vyre_ObserveOp : Vyre_HandlerBodyOp<"observe"> {
  let summary = "publishes a word to observable `index` (control[160 + index])";
  let description = [{
    Observables are the results the host reads back. The index is
    bounds-checked against the megakernel's `observables`.

    ```mlir
    vyre.observe %v at [%i]
    ```
  }];
  let arguments = (ins I32:$value, I32:$index);
  let assemblyFormat = "$value `at` ` ` `[` $index `]` attr-dict";
}

def Vyre_FaultOp : Vyre_HandlerBodyOp<"fault"> {
  let summary = "marks the claimed slot FAULT with a user fault code";
  let description = [{
    Records `code` for the slot. User handlers use codes from
    VYRE_FAULT_USER_BASE (256) up; lower codes belong to the runtime and are
    allowed only in `builtin` handlers. The handler keeps running to its
    `vyre.yield`; the slot then ends as FAULT instead of DONE and the code
    is logged. The first fault of a slot wins.

    ```mlir
    scf.if %bad { vyre.fault code(300) }
    ```
  }];
  let arguments = (ins ConfinedAttr<I32Attr, [IntNonNegative]>:$code);
  let assemblyFormat = "`code` `(` $code `)` attr-dict";
}

def Vyre_PrintfOp : Vyre_HandlerBodyOp<"printf"> {
  let summary = "appends a record (format id and up to 3 words) to the debug log";
  let description = [{
    The host decodes records by format id (an i32 value, usually a
    constant). Records past the log's capacity are dropped and counted.

    ```mlir
    vyre.printf %fmt(%a, %b)
    ```
  }];
  let arguments = (ins I32:$format, Variadic<I32>:$args);
  let assemblyFormat = "$format `(` $args `)` attr-dict";
}

def Vyre_IoReadOp : Vyre_HandlerBodyOp<"io_read",
    [DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "asks the host for `bytes` bytes of a source; true once they are in the buffer";
  let description = [{
    GPU-initiated IO in the LOAD_MISS pattern. On a slot's first run the op
    returns false and records a request: `bytes` bytes (a multiple of 4) at
    byte `offset` (with `offset_high` the upper 32 bits, for sources over
    4 GiB) of host source `source`, to be written into `buffer` from
    element `index` on. When the handler yields, the request goes to the
    host and the slot waits (WAIT_IO); its lane goes on serving other
    slots, and nothing spins. Once the host has written the bytes, the slot
    runs again from the start and the op returns true: the data is in the
    buffer. If the host could not serve it (no such source, a short read,
    an error), the slot ends FAULT `io_error` instead, and the host's IO
    error log says why.

    Side effects before the op happen again on the second run; a handler
    should act only once the op returns true (or its own check finds the
    data resident, and it never asks). One `vyre.io_read` per handler, not
    inside a loop; persistent kernels only (a once dispatch ends when its
    ring is drained, before a request could come back). A destination
    range past the buffer's end faults `out_of_bounds` and asks nothing.

    ```mlir
    %ready = vyre.io_read source(%src) offset(%off) bytes(%n) into @cache[%i]
    scf.if %ready { ... use @cache[%i] ... }
    ```
  }];
  let arguments = (ins I32:$source, I32:$offset, Optional<I32>:$offset_high,
                       I32:$bytes, FlatSymbolRefAttr:$buffer, I32:$index);
  let results = (outs I1:$ready);
  let assemblyFormat = [{
    `source` `(` $source `)` `offset` `(` $offset (`,` $offset_high^)? `)`
    `bytes` `(` $bytes `)` `into` $buffer `[` $index `]` attr-dict
  }];
}

//===----------------------------------------------------------------------===//
// Static batches
//===----------------------------------------------------------------------===//

def Vyre_BatchOp : Vyre_Op<"batch", [
    Symbol, HasParent<"MegakernelOp">, SingleBlock, NoTerminator,
    NoRegionArguments]> {
  let summary = "a static list of work items";
  let description = [{
    The input to static batch fusion and redundancy pruning: the slots the
    host will publish, in order.

    ```mlir
    vyre.batch @warmup {
      vyre.work_item opcode(2) args [1, 160]
      vyre.work_item opcode(16) args [4] tenant(1) priority(0)
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "$sym_name attr-dict-with-keyword $body";
  let hasRegionVerifier = 1;
}

def Vyre_WorkItemOp : Vyre_Op<"work_item", [HasParent<"BatchOp">]> {
  let summary = "one slot of a static batch";
  let description = [{
    `args` holds up to 12 argument words (missing ones are 0); each must fit
    in 32 bits (signed or unsigned). `tenant` defaults to 0 and `priority`
    to 2 (normal).
  }];
  let arguments = (ins I64Attr:$opcode,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{}">:$args,
                       OptionalAttr<I32Attr>:$tenant,
                       OptionalAttr<I32Attr>:$priority);
  let assemblyFormat = [{
    custom<Opcode>($opcode) (`args` $args^)?
    (`tenant` `(` $tenant^ `)`)? (`priority` `(` $priority^ `)`)? attr-dict
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    uint32_t getTenantOrDefault() { return getTenant().value_or(0); }
    uint32_t getPriorityOrDefault();
  }];
}

//===----------------------------------------------------------------------===//
// Static batch fusion (vyre-fuse-batch)
//===----------------------------------------------------------------------===//

def Vyre_FusedBatchOp : Vyre_Op<"fused_batch", [
    HasParent<"MegakernelOp">, SingleBlock, NoTerminator, NoRegionArguments,
    IsolatedFromAbove]> {
  let summary = "a static batch compiled to straight-line code";
  let description = [{
    Made by `vyre-fuse-batch` from the `vyre.batch` named `batch`: each
    work item's prologue and handler body, in batch order, with every
    `vyre.arg` replaced by the item's argument as a constant, so
    canonicalize and CSE work within and across items. `vyre.item_end`
    closes an item (DONE, or FAULT with the first code raised since the
    previous item), `vyre.item_requeue` hands one to the generic
    interpreter. A megakernel holding one lowers to a one-lane kernel that
    runs this block once (docs/passes.md, "vyre-fuse-batch").

    `assumes` lists (tenant, arm, allowed) triples: the tenant-mask bits
    the code was specialised for. The lowering checks them against the
    tenant table first; if any differs, every item is requeued instead.

    ```mlir
    vyre.fused_batch @warmup items(2) assumes [0, 2, 1] {
      %c1 = arith.constant 1 : i32
      %c160 = arith.constant 160 : i32
      %old = vyre.atomic_rmw add control[%c160], %c1 : i32
      vyre.item_end 0 arm(2)
      vyre.item_requeue 1
    }
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$batch,
                       ConfinedAttr<I32Attr, [IntPositive]>:$items,
                       DefaultValuedAttr<DenseI32ArrayAttr, "{}">:$assumes);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $batch `items` `(` $items `)` `assumes` $assumes
    attr-dict-with-keyword $body
  }];
  let hasRegionVerifier = 1;
}

def Vyre_ItemEndOp : Vyre_Op<"item_end", [HasParent<"FusedBatchOp">]> {
  let summary = "ends one work item of a fused batch";
  let description = [{
    Item `item` of the batch is finished: its ring slot becomes FAULT with
    the first fault raised since the previous `item_end` /
    `item_requeue`, or DONE. `arm` names the dispatch arm that served it
    (its execution counter counts it); absent when the item faulted before
    dispatch (unknown opcode, tenant out of range or denied).
  }];
  let arguments = (ins ConfinedAttr<I32Attr, [IntNonNegative]>:$item,
                       OptionalAttr<ConfinedAttr<I32Attr, [IntNonNegative]>>:$arm);
  let assemblyFormat = "$item (`arm` `(` $arm^ `)`)? attr-dict";
}

def Vyre_ItemRequeueOp : Vyre_Op<"item_requeue", [HasParent<"FusedBatchOp">]> {
  let summary = "hands one work item of a fused batch to the interpreter";
  let description = [{
    Item `item` is not compiled into the straight-line code (its handler
    has a loop whose trip count is not a constant, or the batch's loop
    budget is spent): its slot becomes REQUEUE and the runtime has the
    generic interpreter run it.
  }];
  let arguments = (ins ConfinedAttr<I32Attr, [IntNonNegative]>:$item);
  let assemblyFormat = "$item attr-dict";
}

//===----------------------------------------------------------------------===//
// Device memory ops: what convert-vyre-to-gpu emits where no upstream op
// says it. They act on rank-1 i32 memrefs (store_volatile on i8 ones too)
// in any memory space, use device scope, and lower to SPIR-V in
// vyre-convert-gpu-to-spirv.
//===----------------------------------------------------------------------===//

class Vyre_DeviceOp<string mnemonic, list<Trait> traits = []>
    : Vyre_Op<"device." # mnemonic, traits>;

def Vyre_DeviceLoadVolatileOp : Vyre_DeviceOp<"load_volatile"> {
  let summary = "a load that observes other agents' writes (host, other lanes)";
  let description = [{
    Lowers to a SPIR-V `Volatile` load: the driver may neither cache the
    value in a register across loop iterations nor serve it from a
    non-coherent cache, so a lane polling a host-written word sees the write.

    ```mlir
    %s = vyre.device.load_volatile %ring[%i] : memref<?xi32, #spirv.storage_class<StorageBuffer>>
    ```
  }];
  let arguments = (ins MemRefRankOf<[I32], [1]>:$memref, Index:$index);
  let results = (outs I32:$result);
  let assemblyFormat = "$memref `[` $index `]` attr-dict `:` type($memref)";
}

def Vyre_DeviceStoreVolatileOp : Vyre_DeviceOp<"store_volatile", [
    TypesMatchWith<"value type matches the memref's element type", "memref",
                   "value", "::llvm::cast<MemRefType>($_self).getElementType()">
  ]> {
  let summary = "a store other agents observe without caching";
  let description = [{
    Lowers to a SPIR-V `Volatile` store. Besides i32 words it stores bytes,
    the one-byte completion plane (ABI v8), so that a lane's completion
    does not cost four bytes of bus traffic.

    ```mlir
    vyre.device.store_volatile %c3, %completions[%i] : memref<?xi8, #spirv.storage_class<StorageBuffer>>
    ```
  }];
  let arguments = (ins AnyTypeOf<[I8, I32]>:$value,
                       MemRefRankOf<[I8, I32], [1]>:$memref, Index:$index);
  let assemblyFormat = [{
    $value `,` $memref `[` $index `]` attr-dict `:` type($memref)
  }];
}

def Vyre_DeviceAtomicRMWOp : Vyre_DeviceOp<"atomic_rmw"> {
  let summary = "device-scope atomic read-modify-write; returns the old value";
  let arguments = (ins Vyre_AtomicKindAttr:$kind, Vyre_MemoryOrderAttr:$order,
                       I32:$value, MemRefRankOf<[I32], [1]>:$memref,
                       Index:$index);
  let results = (outs I32:$result);
  let assemblyFormat = [{
    $kind $order $value `,` $memref `[` $index `]` attr-dict `:` type($memref)
  }];
}

def Vyre_DeviceAtomicCASOp : Vyre_DeviceOp<"atomic_cas"> {
  let summary = "device-scope compare-and-swap; returns the old value";
  let description = [{
    `order` applies when the exchange happens; a failed compare is an
    acquire (or relaxed) load, as SPIR-V requires.
  }];
  let arguments = (ins Vyre_MemoryOrderAttr:$order,
                       MemRefRankOf<[I32], [1]>:$memref, Index:$index,
                       I32:$expected, I32:$desired);
  let results = (outs I32:$result);
  let assemblyFormat = [{
    $order $memref `[` $index `]` `,` $expected `,` $desired attr-dict `:`
    type($memref)
  }];
}

def Vyre_DeviceFenceOp : Vyre_DeviceOp<"fence"> {
  let summary = "device-scope memory fence over storage buffers";
  let arguments = (ins Vyre_MemoryOrderAttr:$order);
  let assemblyFormat = "$order attr-dict";
  let hasVerifier = 1;
}

#endif // VYRE_DIALECT_VYRE_IR_VYREOPS_TD
