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
    host will publish, in order. A work item's `after` lists earlier items
    it runs after (a task graph, issue 26): the batch is then published
    with vyre_kernel_publish_graph, and its kernel needs
    `dependency_counters`. The verifier refuses what the runtime would: an
    edge to the item itself or a later one (items are in topological
    order, so no cycle can be written), an item listed twice, an item that
    would signal more counters than a dependency record holds, and a graph
    that needs more counters than the kernel has.

    ```mlir
    vyre.batch @warmup {
      vyre.work_item opcode(2) args [1, 160]
      vyre.work_item opcode(16) args [4] tenant(1) priority(0) after [0]
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "$sym_name attr-dict-with-keyword $body";
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    /// True if a work item lists `after`: the batch is a task graph.
    bool hasEdges();
    /// The edges (earlier item, later item), in item order.
    llvm::SmallVector<std::pair<uint32_t, uint32_t>> getEdges();
  }];
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
                       OptionalAttr<I32Attr>:$priority,
                       OptionalAttr<DenseI32ArrayAttr>:$after);
  let assemblyFormat = [{
    custom<Opcode>($opcode) (`args` $args^)?
    (`tenant` `(` $tenant^ `)`)? (`priority` `(` $priority^ `)`)?
    (`after` $after^)? attr-dict
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    uint32_t getTenantOrDefault() { return getTenant().value_or(0); }
    uint32_t getPriorityOrDefault();
  }];
}

#endif // VYRE_DIALECT_VYRE_IR_VYREBATCHOPS_TD
