//===- Prune.cpp - vyre_kernel_prune_batch ------------------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// The host side of redundancy pruning: the kernel's facts (which arms are
// built-ins, the tenant masks in the control buffer now) handed to the
// rules in prune/BatchPruner.h, which vyre-prune-redundancy uses too.
//
//===----------------------------------------------------------------------===//

#include "BatchPruner.h"
#include "Error.h"
#include "Kernel.h"

#include <algorithm>

using namespace vyre;

static_assert(uint8_t(prune::Verdict::Kept) == VYRE_PRUNE_KEPT &&
                  uint8_t(prune::Verdict::NoEffect) == VYRE_PRUNE_NO_EFFECT &&
                  uint8_t(prune::Verdict::Duplicate) == VYRE_PRUNE_DUPLICATE &&
                  uint8_t(prune::Verdict::Overwritten) ==
                      VYRE_PRUNE_OVERWRITTEN,
              "the C verdicts are the pruner's");

vyre_status vyre_kernel::pruneBatch(vyre_slot *slots, uint32_t count,
                                    uint32_t *kept, uint8_t *verdicts) const {
  const Manifest &m = manifest;
  uint32_t arms = uint32_t(m.arms.size());
  prune::KernelFacts facts;
  facts.observables = m.observables;
  facts.controlWords = m.controlWords;
  facts.runsBuiltin = [&](uint32_t opcode, uint32_t tenant) {
    const ArmInfo *arm = m.armFor(opcode);
    if (tenant >= VYRE_MAX_TENANTS || !arm || !arm->builtin)
      return false;
    const uint32_t *word = &control.words[vyre_tenant_mask_word(
        m.observables, arms, tenant, arm->index / 32)];
    uint32_t mask = __atomic_load_n(word, __ATOMIC_ACQUIRE);
    return ((mask >> (arm->index % 32)) & 1u) != 0;
  };
  std::vector<prune::BatchItem> items(count);
  for (uint32_t i = 0; i < count; ++i) {
    items[i].opcode = slots[i].opcode;
    items[i].tenant = slots[i].tenant;
    std::copy(slots[i].args, slots[i].args + VYRE_SLOT_ARG_COUNT,
              items[i].args.begin());
  }
  prune::PruneResult result = prune::pruneBatch(items, facts);
  uint32_t out = 0;
  for (uint32_t i = 0; i < count; ++i) {
    if (verdicts)
      verdicts[i] = uint8_t(result.verdicts[i]);
    if (result.keeps(i))
      slots[out++] = slots[i];
  }
  *kept = out;
  return ok();
}
