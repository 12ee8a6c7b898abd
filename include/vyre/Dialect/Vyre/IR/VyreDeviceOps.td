//===- VyreDeviceOps.td - device memory ops ----------------*- tablegen -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Device level: what convert-vyre-to-gpu emits and
// vyre-convert-gpu-to-spirv lowers (SlotOps.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_DIALECT_VYRE_IR_VYREDEVICEOPS_TD
#define VYRE_DIALECT_VYRE_IR_VYREDEVICEOPS_TD

include "vyre/Dialect/Vyre/IR/VyreBase.td"
include "vyre/Dialect/Vyre/IR/VyreTypes.td"
include "vyre/Dialect/Vyre/IR/VyreAttrs.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"

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
    %s = vyre.device.load_volatile %ring[%i] : memref<?xi32, #gpu.address_space<global>>
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
    vyre.device.store_volatile %c3, %completions[%i] : memref<?xi8, #gpu.address_space<global>>
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

#endif // VYRE_DIALECT_VYRE_IR_VYREDEVICEOPS_TD
