//===- Bundle.h - a lowered kernel's SPIR-V binary and manifest --*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// What the runtime loads is a bundle: a kernel's SPIR-V binary and its
// manifest (JSON), bound together by the module hash (RingABI.h). One
// implementation for vyre-translate's two translations and vyre-compile.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_TARGET_BUNDLE_H
#define VYRE_TARGET_BUNDLE_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Operation.h"
#include "llvm/Support/MemoryBuffer.h"

#include <string>

namespace mlir::vyre {

/// One kernel of a module lowered by a vyre-to-spirv pipeline.
struct KernelBundle {
  std::string name;
  SmallVector<uint32_t, 0> binary;
  /// The manifest text, module hash included.
  std::string manifest;
};

/// The bundle of kernel `name` of `module`, or of its only kernel when
/// `name` is empty; a diagnostic on `module` otherwise (no kernel, several
/// and none named, a name not there, a module only partly lowered).
FailureOr<KernelBundle> buildKernelBundle(Operation *module, StringRef name);

/// MLIR 22's attribute parser crashes (a null dereference, not a
/// diagnostic) on a dense array of `index` elements. Returns true, after
/// printing a diagnostic at the first such attribute, if `input` holds one;
/// tools that parse a user's MLIR call it before the parser.
bool refuseKnownParserCrash(const llvm::MemoryBuffer &input);

} // namespace mlir::vyre

#endif // VYRE_TARGET_BUNDLE_H
