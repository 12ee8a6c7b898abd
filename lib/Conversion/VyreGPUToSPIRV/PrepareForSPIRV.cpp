//===- PrepareForSPIRV.cpp - the neutral GPU level onto SPIR-V's ABI -----===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// convert-vyre-to-gpu says nothing SPIR-V-specific (docs/design.md, "The
// GPU level"); this pass adds what upstream's GPU-to-SPIR-V conversion
// expects: the target environment, the entry point's and the interface
// variables' ABI attributes, Workgroup allocations for the workgroup
// attributions (for which upstream has no lowering), and storage classes
// for the GPU address spaces.
//
//===----------------------------------------------------------------------===//

#include "vyre/ABI/RingABI.h"
#include "vyre/Conversion/Passes.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/Conversion/MemRefToSPIRV/MemRefToSPIRV.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVAttributes.h"
#include "mlir/Dialect/SPIRV/IR/TargetAndABI.h"

namespace mlir::vyre {
#define GEN_PASS_DEF_VYREPREPAREGPUFORSPIRV
#include "vyre/Conversion/Passes.h.inc"
} // namespace mlir::vyre

using namespace mlir;
using namespace mlir::vyre;

namespace {

/// The SPIR-V storage class of a GPU address space, for Vulkan compute.
std::optional<spirv::StorageClass> storageClassFor(Attribute space) {
  auto gpuSpace = dyn_cast_if_present<gpu::AddressSpaceAttr>(space);
  if (!gpuSpace)
    return std::nullopt;
  switch (gpuSpace.getValue()) {
  case gpu::AddressSpace::Global:
    return spirv::StorageClass::StorageBuffer;
  case gpu::AddressSpace::Workgroup:
    return spirv::StorageClass::Workgroup;
  case gpu::AddressSpace::Private:
    return spirv::StorageClass::Function;
  }
  return std::nullopt;
}

/// Workgroup attributions become memref.alloc at the entry block's start,
/// in their order: upstream's MemRef-to-SPIR-V makes each a Workgroup
/// variable.
void allocateAttributions(gpu::GPUFuncOp func) {
  unsigned count = func.getNumWorkgroupAttributions();
  if (count == 0)
    return;
  Block &entry = func.front();
  OpBuilder b = OpBuilder::atBlockBegin(&entry);
  unsigned first = func.getFirstWorkgroupAttributionIndex();
  for (BlockArgument attribution : func.getWorkgroupAttributions()) {
    auto type = cast<MemRefType>(attribution.getType());
    Value alloc = memref::AllocOp::create(b, func.getLoc(), type);
    attribution.replaceAllUsesWith(alloc);
  }
  entry.eraseArguments(first, count);
  func->removeAttr(gpu::GPUFuncOp::getNumWorkgroupAttributionsAttrName());
}

/// The ABI attributes upstream's conversion reads, from the neutral ones.
LogicalResult attachAbi(gpu::GPUFuncOp func) {
  MLIRContext *context = func.getContext();
  std::optional<ArrayRef<int32_t>> block = func.getKnownBlockSize();
  if (!block)
    return func.emitOpError()
           << "has no known_block_size; vyre-prepare-gpu-for-spirv takes "
              "the entry point's workgroup size from it (convert-vyre-to-gpu "
              "sets it)";
  func->setAttr(spirv::getEntryPointABIAttrName(),
                spirv::getEntryPointABIAttr(context, *block));
  for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i) {
    auto binding = func.getArgAttrOfType<IntegerAttr>(i, kBindingAttrName);
    if (!binding)
      return func.emitOpError()
             << "argument " << i << " has no " << kBindingAttrName
             << "; every kernel argument is a buffer of the ring ABI";
    func.removeArgAttr(i, kBindingAttrName);
    func.setArgAttr(i, spirv::getInterfaceVarABIAttrName(),
                    spirv::getInterfaceVarABIAttr(VYRE_DESCRIPTOR_SET,
                                                  binding.getInt(),
                                                  std::nullopt, context));
  }
  return success();
}

struct VyrePrepareGPUForSPIRVPass
    : mlir::vyre::impl::VyrePrepareGPUForSPIRVBase<
          VyrePrepareGPUForSPIRVPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (module.getOps<gpu::GPUModuleOp>().empty())
      return;
    if (failed(ensureTargetEnv(module)))
      return signalPassFailure();
    WalkResult walk = module.walk([](gpu::GPUFuncOp func) {
      if (!func.isKernel())
        return WalkResult::advance();
      allocateAttributions(func);
      return failed(attachAbi(func)) ? WalkResult::interrupt()
                                     : WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return signalPassFailure();
    spirv::MemorySpaceToStorageClassConverter converter(storageClassFor);
    spirv::convertMemRefTypesAndAttrs(module, converter);
  }

  LogicalResult ensureTargetEnv(ModuleOp module) {
    if (module->hasAttr(spirv::getTargetEnvAttrName()))
      return success();
    // SPIR-V 1.4+ puts storage buffers in the entry point's interface, but
    // spirv-update-vce then declares the minimum version the ops need (1.0),
    // and the binary fails validation. 1.3 runs on every Vulkan >= 1.1.
    static const char *const versions[] = {"v1.0", "v1.1", "v1.2", "v1.3"};
    if (!llvm::is_contained(versions, StringRef(spirvVersion)))
      return module.emitError()
             << "vyre-prepare-gpu-for-spirv: spirv-version '" << spirvVersion
             << "' is not supported; use v1.0 ... v1.3 (SPIR-V 1.3 runs on "
                "Vulkan 1.1 and later; 1.4+ needs an entry-point interface "
                "that spirv-update-vce does not keep consistent)";
    // Vulkan compute: Shader + storage buffers, and byte stores into the
    // completion plane (ABI v8; VK_KHR_8bit_storage and shaderInt8, which
    // the runtime requires); 1024-lane workgroups are the largest any
    // Vulkan device guarantees.
    std::string env =
        "#spirv.target_env<#spirv.vce<" + spirvVersion +
        ", [Shader, Int8, StorageBuffer8BitAccess], "
        "[SPV_KHR_storage_buffer_storage_class, SPV_KHR_8bit_storage]>, "
        "api=Vulkan, #spirv.resource_limits<max_compute_workgroup_"
        "invocations = 1024, max_compute_workgroup_size = [1024, 1024, 64]>>";
    Attribute attr = parseAttribute(env, &getContext());
    if (!attr)
      return module.emitError(
          "vyre-prepare-gpu-for-spirv: bad default target env");
    module->setAttr(spirv::getTargetEnvAttrName(), attr);
    return success();
  }
};

} // namespace
