//===- VyreHandlerOps.td - ops inside a handler body -------*- tablegen -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// User level: the ops a handler body uses (SlotOps.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_DIALECT_VYRE_IR_VYREHANDLEROPS_TD
#define VYRE_DIALECT_VYRE_IR_VYREHANDLEROPS_TD

include "vyre/Dialect/Vyre/IR/VyreBase.td"
include "vyre/Dialect/Vyre/IR/VyreTypes.td"
include "vyre/Dialect/Vyre/IR/VyreAttrs.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"

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

def Vyre_EnqueueOp : Vyre_HandlerBodyOp<"enqueue"> {
  let summary = "publishes a follow-up task into the kernel's device queue";
  let description = [{
    Device-side enqueue: the handler asks for another task, `opcode` with
    up to 12 argument words (the rest 0), to run on this kernel with the
    enqueuing slot's tenant. The task goes into a line of the kernel's
    device queue (`device_queue = N` on the megakernel), which lanes serve
    as they serve ring slots, with the same checks (tenant, tenant mask,
    opcode, bounds); a served task may enqueue in turn. Bounded: the op
    tries at most 4 lines (RingABI.h, "Device queue"). Where none is free,
    nothing is queued and the enqueuing slot ends FAULT `queue_full` once
    its handler yields (its other effects stay): never a wait, never a
    silent loss. The host counts the queue's tasks (done, faults, pending)
    and waits for it to drain (`vyre_kernel_device_queue`).

    ```mlir
    vyre.enqueue opcode(%visit) args(%neighbour, %next_level)
    ```
  }];
  let arguments = (ins I32:$opcode, Variadic<I32>:$args);
  let assemblyFormat = [{
    `opcode` `(` $opcode `)` (`args` `(` $args^ `)`)? attr-dict
  }];
}

#endif // VYRE_DIALECT_VYRE_IR_VYREHANDLEROPS_TD
