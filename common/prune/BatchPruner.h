//===- BatchPruner.h - drop work items whose effect is subsumed --*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// The one source of the batch-pruning rules, shared by the compiler's
// `vyre-prune-redundancy` (on a `vyre.batch`) and the runtime's
// vyre_kernel_prune_batch (on slots about to be published). Plain C++ and
// the ring ABI header: the runtime must not depend on MLIR.
//
// A batch is read in publish order. The device runs published slots in any
// order, so a pruned batch must be a refinement: every result it can
// produce is one the whole batch could produce (run a dropped duplicate
// just before the item it repeats, a dropped overwritten item just before
// the item overwriting it), and, run in publish order (a one-lane kernel),
// exactly the result the whole batch has in that order. Only built-in opcodes
// whose semantics the ABI fixes are analysed, and only when the item would
// run (its tenant may run the arm) and cannot fault (every index in range):
//
//   no effect    NOP.
//   duplicate    a STORE_U32 or LOAD_U32 that would write the value its
//                destination already holds from an earlier item (the same
//                constant, or a copy of the same observable not written
//                since).
//   overwritten  a STORE_U32 or LOAD_U32 whose destination a later item
//                overwrites before anything reads it ("loads whose results
//                nothing observes" are this case: LOAD_U32's result is its
//                destination word).
//
// Everything else is kept. Atomics (ATOMIC_ADD, COMPARE_SWAP) and MEMCPY
// read and write their words; user handlers, DFA_STEP (user buffers),
// PACKED_SLOT, BATCH_FENCE, SHUTDOWN and every item that could fault are
// barriers: nothing is known across them, so nothing is pruned across them.
// Pruned items never run, so the DONE and handler counters count fewer
// slots; every other word ends as the whole batch could have left it.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_PRUNE_BATCHPRUNER_H
#define VYRE_PRUNE_BATCHPRUNER_H

#include "vyre/ABI/RingABI.h"

#include <array>
#include <cstdint>
#include <functional>
#include <vector>

namespace vyre {
namespace prune {

/// One work item: a slot's opcode, tenant and argument words.
struct BatchItem {
  uint32_t opcode = 0, tenant = 0;
  std::array<uint32_t, VYRE_SLOT_ARG_COUNT> args{};
};

/// What the pruner must know about the kernel the batch runs on.
struct KernelFacts {
  uint32_t observables = VYRE_DEFAULT_OBSERVABLES;
  uint32_t controlWords = 0;
  /// True if a slot of `opcode` from `tenant` would run the kernel's
  /// built-in handler of that opcode (the kernel serves it with the
  /// built-in, and the tenant table lets the tenant run its arm).
  std::function<bool(uint32_t opcode, uint32_t tenant)> runsBuiltin;
};

enum class Verdict : uint8_t { Kept, NoEffect, Duplicate, Overwritten };

struct PruneResult {
  /// One verdict per item, in batch order.
  std::vector<Verdict> verdicts;
  uint32_t noEffect = 0, duplicate = 0, overwritten = 0;

  uint32_t pruned() const { return noEffect + duplicate + overwritten; }
  bool keeps(size_t item) const { return verdicts[item] == Verdict::Kept; }
};

PruneResult pruneBatch(const std::vector<BatchItem> &items,
                       const KernelFacts &facts);

/// "kept", "no_effect", "duplicate", "overwritten".
const char *verdictName(Verdict verdict);

} // namespace prune
} // namespace vyre

#endif // VYRE_PRUNE_BATCHPRUNER_H
