//===- VyreBatchOps.td - static batches --------------------*- tablegen -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// User level: vyre.batch and its work items (BatchOps.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_DIALECT_VYRE_IR_VYREBATCHOPS_TD
#define VYRE_DIALECT_VYRE_IR_VYREBATCHOPS_TD

include "vyre/Dialect/Vyre/IR/VyreBase.td"
include "vyre/Dialect/Vyre/IR/VyreTypes.td"
include "vyre/Dialect/Vyre/IR/VyreAttrs.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"

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

#endif // VYRE_DIALECT_VYRE_IR_VYREBATCHOPS_TD
