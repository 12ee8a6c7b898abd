//===- Passes.h - vyre conversions -------------------------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_CONVERSION_PASSES_H
#define VYRE_CONVERSION_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVDialect.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::vyre {

#define GEN_PASS_DECL
#include "vyre/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "vyre/Conversion/Passes.h.inc"

/// Name of the module attribute holding each kernel's ABI manifest.
inline constexpr llvm::StringLiteral kKernelsAttrName = "vyre.kernels";
/// On each spirv.module vyre-convert-gpu-to-spirv makes: the name of the
/// megakernel it holds. vyre-translate finds a kernel's binary by it, not
/// by the name upstream's conversion gives the module.
inline constexpr llvm::StringLiteral kSpirvKernelAttrName = "vyre.kernel";
/// On each argument of a kernel gpu.func that convert-vyre-to-gpu makes:
/// its binding in descriptor set VYRE_DESCRIPTOR_SET (RingABI.h). The
/// target conversions read it: vyre-prepare-gpu-for-spirv makes it the
/// argument's spirv.interface_var_abi.
inline constexpr llvm::StringLiteral kBindingAttrName = "vyre.binding";

} // namespace mlir::vyre

#endif // VYRE_CONVERSION_PASSES_H
