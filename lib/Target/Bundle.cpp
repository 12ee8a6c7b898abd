//===- Bundle.cpp - a lowered kernel's SPIR-V binary and manifest ---------===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "vyre/Target/Bundle.h"
#include "Manifest.h" // common/manifest: the runtime's reader
#include "vyre/ABI/ManifestKeys.h"
#include "vyre/ABI/RingABI.h"
#include "vyre/Conversion/Passes.h"

#include "mlir/Dialect/SPIRV/IR/SPIRVOps.h"
#include "mlir/Target/SPIRV/Serialization.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

using namespace mlir;
using namespace mlir::vyre;

namespace {

/// The manifest of the kernel to emit (`name`, or the only one).
FailureOr<std::pair<StringAttr, DictionaryAttr>> selectKernel(Operation *op,
                                                             StringRef name) {
  auto kernels = op->getAttrOfType<DictionaryAttr>(kKernelsAttrName);
  if (!kernels || kernels.empty())
    return op->emitError(
        "no lowered vyre kernel in this module; run vyre-opt "
        "--vyre-to-spirv-interpreter on it first");
  if (name.empty()) {
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
  auto manifest = kernels.getAs<DictionaryAttr>(name);
  if (!manifest)
    return op->emitError() << "no kernel named '" << name
                           << "' in this module";
  return std::make_pair(StringAttr::get(op->getContext(), name), manifest);
}

/// The binary of kernel `name`'s spirv.module (the one whose
/// kSpirvKernelAttrName, set by vyre-convert-gpu-to-spirv, is `name`).
FailureOr<SmallVector<uint32_t, 0>> serializeKernel(Operation *op,
                                                    StringAttr name) {
  spirv::ModuleOp target;
  op->walk([&](spirv::ModuleOp m) {
    if (m->getAttr(kSpirvKernelAttrName) == name)
      target = m;
  });
  if (!target)
    return op->emitError() << "kernel '" << name.getValue()
                           << "' has no spirv.module marked "
                           << kSpirvKernelAttrName << " = \""
                           << name.getValue()
                           << "\"; the module is only partly lowered (run the "
                              "whole vyre-to-spirv-interpreter pipeline)";
  SmallVector<uint32_t, 0> binary;
  if (failed(spirv::serialize(target, binary)))
    return failure();
  return binary;
}

llvm::json::Value toJSON(Attribute attr) {
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
std::string manifestText(DictionaryAttr attr, ArrayRef<uint32_t> binary) {
  llvm::json::Value manifest = toJSON(attr);
  std::string unhashed = llvm::formatv("{0:2}", manifest).str() + "\n";
  uint64_t hash = vyre_fnv1a64(vyre_fnv1a64_seed(), binary.data(),
                               binary.size() * sizeof(uint32_t));
  hash = vyre_fnv1a64(hash, unhashed.data(), unhashed.size());
  (*manifest.getAsObject())[::vyre::manifest::key::document::ModuleHash] =
      llvm::formatv("{0:x-16}", hash).str();
  return llvm::formatv("{0:2}", manifest).str() + "\n";
}

} // namespace

FailureOr<KernelBundle> mlir::vyre::buildKernelBundle(Operation *module,
                                                      StringRef name) {
  auto selected = selectKernel(module, name);
  if (failed(selected))
    return failure();
  FailureOr<SmallVector<uint32_t, 0>> binary =
      serializeKernel(module, selected->first);
  if (failed(binary))
    return failure();
  KernelBundle bundle;
  bundle.name = selected->first.getValue().str();
  bundle.manifest = manifestText(selected->second, *binary);
  // Read back through the runtime's own reader and checks (the one
  // manifest contract, common/manifest): a manifest the runtime would
  // refuse is the compiler's bug, and is reported here, not at load.
  ::vyre::Manifest parsed;
  std::string error;
  if (!::vyre::parseManifest(bundle.manifest, parsed, error))
    return module->emitError()
           << "internal error: the manifest written for kernel '"
           << bundle.name << "' fails the runtime's reader: " << error
           << " (please report this with the input)";
  bundle.binary = std::move(*binary);
  return bundle;
}

bool mlir::vyre::refuseKnownParserCrash(const llvm::MemoryBuffer &input) {
  StringRef text = input.getBuffer();
  size_t at = 0;
  for (;; ++at) {
    at = text.find("array<index", at);
    if (at == StringRef::npos)
      return false;
    // Not in a comment: the text of this line before it has no "//".
    size_t lineStart = text.take_front(at).rfind('\n') + 1;
    if (!text.slice(lineStart, at).contains("//"))
      break;
  }
  size_t line = 1 + text.take_front(at).count('\n');
  size_t column = at - text.take_front(at).rfind('\n');
  llvm::errs() << input.getBufferIdentifier() << ":" << line << ":" << column
               << ": error: a dense array of index elements "
                  "(array<index: ...>) is not an MLIR attribute, and MLIR "
                  "22's parser crashes on it; use array<i64: ...> or "
                  "array<i32: ...>\n";
  return true;
}
