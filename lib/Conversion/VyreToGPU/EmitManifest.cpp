//===- EmitManifest.cpp - each kernel's ABI manifest on the module --------===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// The manifest is what the runtime reads instead of the MLIR (Manifest.cpp
// builds it; docs/manifest.md). It is taken from the megakernels as the
// pipeline leaves them, before convert-vyre-to-gpu replaces them, and kept
// on the module as the `vyre.kernels` dictionary, which vyre-translate
// prints as JSON. A pass of its own: the conversion lowers, this records.
//
//===----------------------------------------------------------------------===//

#include "KernelContext.h"
#include "vyre/Conversion/Passes.h"

namespace mlir::vyre {
#define GEN_PASS_DEF_VYREEMITMANIFEST
#include "vyre/Conversion/Passes.h.inc"
} // namespace mlir::vyre

using namespace mlir;
using namespace mlir::vyre;
using namespace mlir::vyre::detail;

namespace {

struct VyreEmitManifestPass
    : mlir::vyre::impl::VyreEmitManifestBase<VyreEmitManifestPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<MegakernelOp> kernels(module.getOps<MegakernelOp>());
    if (kernels.empty())
      return;
    NamedAttrList manifests;
    if (auto existing = module->getAttrOfType<DictionaryAttr>(kKernelsAttrName))
      manifests.append(existing.getValue());
    for (MegakernelOp kernel : kernels) {
      if (failed(checkMaterialized(kernel, getArgument())))
        return signalPassFailure();
      manifests.set(kernel.getSymNameAttr(),
                    buildManifest(kernel, kernel.getHandlers()));
    }
    module->setAttr(kKernelsAttrName, manifests.getDictionary(&getContext()));
  }
};

} // namespace
