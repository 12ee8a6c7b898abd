//===- vyre-translate.cpp - SPIR-V binary and ABI manifest -------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// mlir-translate for vyre. On the output of vyre-to-spirv-interpreter:
//   vyre-translate --vyre-to-spirv    k.mlir -o k.spv   (SPIR-V binary)
//   vyre-translate --vyre-to-manifest k.mlir -o k.json  (ABI manifest)
// A module with several kernels needs --vyre-kernel=NAME.
//
//===----------------------------------------------------------------------===//

#include "vyre/ABI/ManifestKeys.h"
#include "vyre/ABI/RingABI.h"
#include "vyre/Conversion/Passes.h"
#include "vyre/Dialect/Vyre/IR/VyreDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVDialect.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Target/SPIRV/Serialization.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/JSON.h"

using namespace mlir;

static llvm::cl::opt<std::string>
    kernelName("vyre-kernel",
               llvm::cl::desc("kernel to emit when the module has several"),
               llvm::cl::init(""));

/// The manifest of the kernel to emit (by --vyre-kernel, or the only one).
static FailureOr<std::pair<StringAttr, DictionaryAttr>>
selectKernel(Operation *op) {
  auto kernels = op->getAttrOfType<DictionaryAttr>(mlir::vyre::kKernelsAttrName);
  if (!kernels || kernels.empty())
    return op->emitError(
        "no lowered vyre kernel in this module; run vyre-opt "
        "--vyre-to-spirv-interpreter on it first");
  if (kernelName.empty()) {
    if (kernels.size() != 1) {
      InFlightDiagnostic diag = op->emitError()
                                << "the module has " << kernels.size()
                                << " kernels; pick one with --vyre-kernel=";
      llvm::interleave(
          kernels, [&](NamedAttribute k) { diag << k.getName().getValue(); },
          [&] { diag << "|"; });
      return diag;
    }
    NamedAttribute only = *kernels.begin();
    return std::make_pair(only.getName(), cast<DictionaryAttr>(only.getValue()));
  }
  auto manifest = kernels.getAs<DictionaryAttr>(kernelName);
  if (!manifest)
    return op->emitError() << "no kernel named '" << kernelName
                           << "' in this module";
  return std::make_pair(StringAttr::get(op->getContext(), kernelName),
                        manifest);
}

/// The binary of kernel `name`'s spirv.module (the one whose
/// kSpirvKernelAttrName, set by vyre-convert-gpu-to-spirv, is `name`).
static FailureOr<SmallVector<uint32_t, 0>> serializeKernel(Operation *op,
                                                           StringAttr name) {
  spirv::ModuleOp target;
  op->walk([&](spirv::ModuleOp m) {
    if (m->getAttr(mlir::vyre::kSpirvKernelAttrName) == name)
      target = m;
  });
  if (!target)
    return op->emitError() << "kernel '" << name.getValue()
                           << "' has no spirv.module marked "
                           << mlir::vyre::kSpirvKernelAttrName << " = \""
                           << name.getValue()
                           << "\"; the module is only partly lowered (run the "
                              "whole vyre-to-spirv-interpreter pipeline)";
  SmallVector<uint32_t, 0> binary;
  if (failed(spirv::serialize(target, binary)))
    return failure();
  return binary;
}

static LogicalResult emitSPIRV(Operation *op, raw_ostream &os) {
  auto selected = selectKernel(op);
  if (failed(selected))
    return failure();
  FailureOr<SmallVector<uint32_t, 0>> binary =
      serializeKernel(op, selected->first);
  if (failed(binary))
    return failure();
  os.write(reinterpret_cast<const char *>(binary->data()),
           binary->size() * sizeof(uint32_t));
  return success();
}

static llvm::json::Value toJSON(Attribute attr) {
  if (auto b = dyn_cast<BoolAttr>(attr))
    return b.getValue();
  if (auto i = dyn_cast<IntegerAttr>(attr))
    return i.getInt();
  if (auto s = dyn_cast<StringAttr>(attr))
    return s.getValue().str();
  if (auto a = dyn_cast<ArrayAttr>(attr)) {
    llvm::json::Array out;
    for (Attribute e : a)
      out.push_back(toJSON(e));
    return out;
  }
  if (auto d = dyn_cast<DictionaryAttr>(attr)) {
    llvm::json::Object out;
    for (NamedAttribute e : d)
      out[e.getName().getValue()] = toJSON(e.getValue());
    return out;
  }
  llvm_unreachable("manifest attributes are bool/int/string/array/dict");
}

/// The manifest, bound to its binary by the module hash (RingABI.h): the
/// binary's bytes, then this text as printed without the hash's line.
static LogicalResult emitManifest(Operation *op, raw_ostream &os) {
  auto selected = selectKernel(op);
  if (failed(selected))
    return failure();
  FailureOr<SmallVector<uint32_t, 0>> binary =
      serializeKernel(op, selected->first);
  if (failed(binary))
    return failure();
  llvm::json::Value manifest = toJSON(selected->second);
  std::string unhashed = llvm::formatv("{0:2}", manifest).str() + "\n";
  uint64_t hash = vyre_fnv1a64(vyre_fnv1a64_seed(), binary->data(),
                               binary->size() * sizeof(uint32_t));
  hash = vyre_fnv1a64(hash, unhashed.data(), unhashed.size());
  (*manifest.getAsObject())[::vyre::manifest::key::document::ModuleHash] =
      llvm::formatv("{0:x-16}", hash).str();
  os << llvm::formatv("{0:2}", manifest) << "\n";
  return success();
}

static void registerDialects(DialectRegistry &registry) {
  registry.insert<mlir::vyre::VyreDialect, spirv::SPIRVDialect, gpu::GPUDialect,
                  arith::ArithDialect, memref::MemRefDialect,
                  scf::SCFDialect, func::FuncDialect>();
}

int main(int argc, char **argv) {
  TranslateFromMLIRRegistration toSPIRV(
      "vyre-to-spirv", "serialize a lowered vyre kernel to a SPIR-V binary",
      emitSPIRV, registerDialects);
  TranslateFromMLIRRegistration toManifest(
      "vyre-to-manifest", "print a lowered vyre kernel's ABI manifest (JSON)",
      emitManifest, registerDialects);
  return failed(mlirTranslateMain(argc, argv, "vyre translation driver"));
}
