//===- VyreAttrs.td - vyre attributes ----------------------*- tablegen -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_DIALECT_VYRE_IR_VYREATTRS_TD
#define VYRE_DIALECT_VYRE_IR_VYREATTRS_TD

include "vyre/Dialect/Vyre/IR/VyreBase.td"

class Vyre_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<Vyre_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

def Vyre_ProfileAttr : Vyre_Attr<"Profile", "profile"> {
  let summary = "per-opcode execution counts of a workload";
  let description = [{
    Execution counts read back from the control buffer's per-handler
    counters (or written by hand), keyed by opcode. It is the input to JIT
    fusion: `vyre-fuse` inlines the hottest handlers first.

    ```mlir
    #vyre.profile<{16: 90000, 17: 12, 2: 400}>
    ```
  }];
  let parameters = (ins ArrayRefParameter<"int64_t", "opcodes">:$opcodes,
                        ArrayRefParameter<"int64_t", "counts">:$counts);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// Count recorded for `opcode`, or 0 when the profile never saw it.
    int64_t getCount(int64_t opcode) const;
    /// Sum of the counts of `opcodes`: the heat of an arm serving them.
    int64_t getCount(ArrayRef<int64_t> opcodes) const;
    /// Sum of all counts.
    int64_t getTotal() const;
  }];
}

// `[0, 16, 64]`: a bracketed list (the default ArrayRef syntax has no
// brackets, which reads badly inside `struct(params)`).
def Vyre_OffsetListParameter : OptionalArrayRefParameter<"int32_t"> {
  let parser = [{ ::mlir::vyre::parseOffsetList($_parser) }];
  let printer = [{ ::mlir::vyre::printOffsetList($_printer, $_self) }];
}

def Vyre_ShardAttr : Vyre_Attr<"Shard", "shard"> {
  let summary = "how the ring is divided among workgroups and priorities";
  let description = [{
    `strategy` assigns slots to workgroups in contiguous blocks or strided;
    `partitions` holds the first slot of each of the five priority
    partitions (critical ... idle) plus a sentinel equal to the slot count
    (empty: one partition holding every slot). While the last pass served
    critical or high slots, a workgroup's next pass walks only the critical
    and high partitions, at most `starvation_bound` passes in a row, then
    a full pass (0: every pass is full).

    ```mlir
    #vyre.shard<strategy = strided, partitions = [0, 16, 64, 192, 240, 256],
                starvation_bound = 8>
    ```
  }];
  let parameters = (ins
      EnumParameter<Vyre_ShardStrategy>:$strategy,
      Vyre_OffsetListParameter:$partitions,
      DefaultValuedParameter<"int32_t", "16">:$starvation_bound);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

#endif // VYRE_DIALECT_VYRE_IR_VYREATTRS_TD
