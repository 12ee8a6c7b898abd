//===- VyreFusionOps.td - static batch fusion --------------*- tablegen -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Compiler level: what vyre-fuse-batch makes of a batch (BatchOps.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_DIALECT_VYRE_IR_VYREFUSIONOPS_TD
#define VYRE_DIALECT_VYRE_IR_VYREFUSIONOPS_TD

include "vyre/Dialect/Vyre/IR/VyreBase.td"
include "vyre/Dialect/Vyre/IR/VyreTypes.td"
include "vyre/Dialect/Vyre/IR/VyreAttrs.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"

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

#endif // VYRE_DIALECT_VYRE_IR_VYREFUSIONOPS_TD
