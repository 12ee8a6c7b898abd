//===- FuseModel.h - vyre-fuse's choice of arms -------------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// The cost model of vyre-fuse, apart from MLIR so it can be read and tested
// alone. The formula is in Passes.td (VyreFuse) and docs/passes.md.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_LIB_DIALECT_VYRE_TRANSFORMS_FUSEMODEL_H
#define VYRE_LIB_DIALECT_VYRE_TRANSFORMS_FUSEMODEL_H

#include <cstdint>
#include <vector>

namespace mlir::vyre::fuse {

/// One dispatch arm as the model sees it.
struct Arm {
  uint64_t count = 0; ///< slots of this arm in the profile
  uint64_t size = 0;  ///< operations in its body
};

struct Costs {
  uint64_t budget = 256; ///< most operations the fused arms may hold
  double test = 1;       ///< one opcode test
  double requeue = 64;   ///< one requeued slot, beyond the tests it passed
};

struct Choice {
  /// Arm indices to fuse, hottest first (the test order).
  std::vector<unsigned> arms;
  uint64_t size = 0;       ///< operations they hold
  double fusedCost = 0;    ///< the model's cost of the fused kernel
  double genericCost = 0;  ///< ... and of the generic interpreter
  uint64_t requeued = 0;   ///< profiled slots the fused kernel requeues
};

/// The subset with the least fused cost whose size fits the budget; arms
/// are in the generic interpreter's test order (their index is their
/// position). Exact: arms are taken by falling count, so the k-th chosen
/// arm is tested k-th, and a dynamic program over (budget used, arms
/// chosen) runs once per final subset size.
Choice chooseFusedArms(const std::vector<Arm> &arms, const Costs &costs);

/// The model's cost of fusing exactly `chosen` (in test order).
double fusedCost(const std::vector<Arm> &arms,
                 const std::vector<unsigned> &chosen, const Costs &costs);

} // namespace mlir::vyre::fuse

#endif // VYRE_LIB_DIALECT_VYRE_TRANSFORMS_FUSEMODEL_H
