//===- VyreGPUToNVVM.h - vyre.device ops to LLVM for NVVM --------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_LIB_CONVERSION_VYREGPUTONVVM_VYREGPUTONVVM_H
#define VYRE_LIB_CONVERSION_VYREGPUTONVVM_VYREGPUTONVVM_H

#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::vyre {

/// Patterns lowering the vyre.device ops to LLVM dialect accesses at system
/// scope (DeviceOpsToLLVM.cpp).
void populateVyreDeviceToLLVMPatterns(const LLVMTypeConverter &converter,
                                      RewritePatternSet &patterns);

} // namespace mlir::vyre

#endif // VYRE_LIB_CONVERSION_VYREGPUTONVVM_VYREGPUTONVVM_H
