//===- VyreBase.td - vyre dialect definition --------------*- tablegen -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_DIALECT_VYRE_IR_VYREBASE_TD
#define VYRE_DIALECT_VYRE_IR_VYREBASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def Vyre_Dialect : Dialect {
  let name = "vyre";
  let cppNamespace = "::mlir::vyre";
  let summary = "Persistent GPU bytecode interpreters (megakernels)";
  let description = [{
    The `vyre` dialect models a persistent GPU interpreter: a
    `vyre.megakernel` holds the opcode handlers and resident buffers of one
    kernel that, once dispatched, loops pulling 64-byte task slots from a
    host-fed ring buffer, claims each with a compare-and-swap, runs the
    handler chosen by the slot's opcode and marks the slot DONE or FAULT.

    Handler bodies are ordinary MLIR (`arith`, `scf`, ...) plus the vyre ops
    that read slot arguments and access the declared buffers, the control
    buffer and the observable words. A `vyre.batch` lists static work items
    for batch fusion and redundancy pruning.

    The ring ABI (slot words, statuses, control-buffer layout, built-in
    opcodes, fault codes) is defined once, in `vyre/ABI/RingABI.h`, and the
    verifiers here read it from there.
  }];
  let useDefaultTypePrinterParser = 1;
  let useDefaultAttributePrinterParser = 1;
  let extraClassDeclaration = [{
    void registerAttributes();
  }];
}

class Vyre_Op<string mnemonic, list<Trait> traits = []>
    : Op<Vyre_Dialect, mnemonic, traits>;

//===----------------------------------------------------------------------===//
// Enums
//===----------------------------------------------------------------------===//

def Vyre_ModePersistent : I32EnumAttrCase<"persistent", 0>;
def Vyre_ModeOnce : I32EnumAttrCase<"once", 1>;
// Enums used as op attributes are specialized I32EnumAttrs: inside an op's
// assembly they print as a bare keyword (like arith.cmpi's predicate).
def Vyre_ModeAttr : I32EnumAttr<"Mode",
    "how long the interpreter runs: until SHUTDOWN, or one drain of the ring",
    [Vyre_ModePersistent, Vyre_ModeOnce]> {
  let cppNamespace = "::mlir::vyre";
}

def Vyre_AccessReadOnly : I32EnumAttrCase<"read_only", 0>;
def Vyre_AccessWriteOnly : I32EnumAttrCase<"write_only", 1>;
def Vyre_AccessReadWrite : I32EnumAttrCase<"read_write", 2>;
def Vyre_AccessAttr : I32EnumAttr<"Access", "what handlers may do to a buffer",
    [Vyre_AccessReadOnly, Vyre_AccessWriteOnly, Vyre_AccessReadWrite]> {
  let cppNamespace = "::mlir::vyre";
}

def Vyre_AtomicAdd : I32EnumAttrCase<"Add", 0, "add">;
def Vyre_AtomicSub : I32EnumAttrCase<"Sub", 1, "sub">;
def Vyre_AtomicAnd : I32EnumAttrCase<"And", 2, "and">;
def Vyre_AtomicOr : I32EnumAttrCase<"Or", 3, "or">;
def Vyre_AtomicXor : I32EnumAttrCase<"Xor", 4, "xor">;
def Vyre_AtomicSMax : I32EnumAttrCase<"SMax", 5, "smax">;
def Vyre_AtomicSMin : I32EnumAttrCase<"SMin", 6, "smin">;
def Vyre_AtomicUMax : I32EnumAttrCase<"UMax", 7, "umax">;
def Vyre_AtomicUMin : I32EnumAttrCase<"UMin", 8, "umin">;
def Vyre_AtomicExchange : I32EnumAttrCase<"Exchange", 9, "exchange">;
def Vyre_AtomicKindAttr : I32EnumAttr<"AtomicKind",
    "read-modify-write operation of vyre.atomic_rmw",
    [Vyre_AtomicAdd, Vyre_AtomicSub, Vyre_AtomicAnd, Vyre_AtomicOr,
     Vyre_AtomicXor, Vyre_AtomicSMax, Vyre_AtomicSMin, Vyre_AtomicUMax,
     Vyre_AtomicUMin, Vyre_AtomicExchange]> {
  let cppNamespace = "::mlir::vyre";
}

def Vyre_OrderRelaxed : I32EnumAttrCase<"relaxed", 0>;
def Vyre_OrderAcquire : I32EnumAttrCase<"acquire", 1>;
def Vyre_OrderRelease : I32EnumAttrCase<"release", 2>;
def Vyre_OrderAcqRel : I32EnumAttrCase<"acq_rel", 3>;
def Vyre_MemoryOrderAttr : I32EnumAttr<"MemoryOrder",
    "ordering of a device atomic or fence (device scope, storage buffers)",
    [Vyre_OrderRelaxed, Vyre_OrderAcquire, Vyre_OrderRelease,
     Vyre_OrderAcqRel]> {
  let cppNamespace = "::mlir::vyre";
}

def Vyre_ShardContiguous : I32EnumAttrCase<"contiguous", 0>;
def Vyre_ShardStrided : I32EnumAttrCase<"strided", 1>;
def Vyre_ShardStrategy : I32EnumAttr<"ShardStrategy",
    "how ring slots are divided among workgroups",
    [Vyre_ShardContiguous, Vyre_ShardStrided]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::vyre";
}

#endif // VYRE_DIALECT_VYRE_IR_VYREBASE_TD
