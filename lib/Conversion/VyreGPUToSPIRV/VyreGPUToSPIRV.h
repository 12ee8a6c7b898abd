//===- VyreGPUToSPIRV.h - vyre.device op patterns ----------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_LIB_CONVERSION_VYREGPUTOSPIRV_H
#define VYRE_LIB_CONVERSION_VYREGPUTOSPIRV_H

#include "mlir/IR/PatternMatch.h"

namespace mlir {
class SPIRVTypeConverter;
namespace vyre {
/// Patterns lowering vyre.device.* ops to spirv ops.
void populateVyreDeviceToSPIRVPatterns(const SPIRVTypeConverter &converter,
                                       RewritePatternSet &patterns);
} // namespace vyre
} // namespace mlir

#endif // VYRE_LIB_CONVERSION_VYREGPUTOSPIRV_H
