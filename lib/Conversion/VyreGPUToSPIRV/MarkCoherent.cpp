//===- MarkCoherent.cpp - Coherent decoration on storage buffers -*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Why Coherent and not only Volatile: see the pass description in
// include/vyre/Conversion/Passes.td. The serializer turns a `coherent` unit
// attribute on a spirv.GlobalVariable into `OpDecorate %var Coherent`.
//
//===----------------------------------------------------------------------===//

#include "vyre/Conversion/Passes.h"

#include "mlir/Dialect/SPIRV/IR/SPIRVOps.h"

namespace mlir::vyre {
#define GEN_PASS_DEF_VYRESPIRVMARKCOHERENT
#include "vyre/Conversion/Passes.h.inc"
} // namespace mlir::vyre

using namespace mlir;

namespace {
struct VyreSPIRVMarkCoherentPass
    : mlir::vyre::impl::VyreSPIRVMarkCoherentBase<VyreSPIRVMarkCoherentPass> {
  void runOnOperation() override {
    StringAttr name = StringAttr::get(
        &getContext(), llvm::convertToSnakeFromCamelCase(
                           spirv::stringifyDecoration(
                               spirv::Decoration::Coherent)));
    // Globals are direct children of spirv.module: no need to walk bodies.
    for (auto var : getOperation().getOps<spirv::GlobalVariableOp>()) {
      auto pointer = dyn_cast<spirv::PointerType>(var.getType());
      if (pointer &&
          pointer.getStorageClass() == spirv::StorageClass::StorageBuffer)
        var->setAttr(name, UnitAttr::get(&getContext()));
    }
  }
};
} // namespace
