//===- VyreTypes.td - vyre types ---------------------------*- tablegen -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_DIALECT_VYRE_IR_VYRETYPES_TD
#define VYRE_DIALECT_VYRE_IR_VYRETYPES_TD

include "vyre/Dialect/Vyre/IR/VyreBase.td"

def Vyre_SlotType : TypeDef<Vyre_Dialect, "Slot"> {
  let mnemonic = "slot";
  let summary = "the claimed ring slot a handler is running";
  let description = [{
    The block argument of a `vyre.handler` body. It stands for the 64-byte
    slot the lane claimed; `vyre.arg` reads its argument words. It has no
    runtime representation beyond the slot's index in the ring.
  }];
}

#endif // VYRE_DIALECT_VYRE_IR_VYRETYPES_TD
