//===- BuiltinsKernel.h - the builtins kernel, for the model ----*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// What the reference model needs to know of kernels/builtins.mlir, in one
// place for the GoogleTests and fuzz/slots.cpp (which must not pull in
// GoogleTest): its arms, its tenant table, its observables and debug log.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_UNITTESTS_RUNTIME_BUILTINSKERNEL_H
#define VYRE_UNITTESTS_RUNTIME_BUILTINSKERNEL_H

#include "vyre/runtime.h"

#include <cstdint>
#include <vector>

namespace vyre::test {

/// Its dispatch arms in order (one built-in each) and its tenant table
/// (tenant 1: arms 0-3, tenant 2: none), as the reference model takes them.
inline const std::vector<uint32_t> kBuiltinArms = {
    VYRE_OP_NOP,       VYRE_OP_STORE_U32,    VYRE_OP_ATOMIC_ADD,
    VYRE_OP_LOAD_U32,  VYRE_OP_COMPARE_SWAP, VYRE_OP_MEMCPY,
    VYRE_OP_DFA_STEP,  VYRE_OP_BATCH_FENCE,  VYRE_OP_PRINTF,
    VYRE_OP_SHUTDOWN,  VYRE_OP_PACKED_SLOT};
inline const std::vector<uint32_t> kBuiltinTenants = {0xFFFFFFFFu, 15u, 0u};
/// `observables = 64`, `debug_records = 32`.
constexpr uint32_t kBuiltinObservables = 64, kBuiltinDebugRecords = 32;

} // namespace vyre::test

#endif // VYRE_UNITTESTS_RUNTIME_BUILTINSKERNEL_H
