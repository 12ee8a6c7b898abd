//===- VariantApi.cpp - the C API of JIT variants and batches ---*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// JIT variants, the requeue policy, fused batches and batch pruning:
// argument checks, then vyre_kernel's members (Variants.cpp, Batch.cpp,
// Prune.cpp).
//
//===----------------------------------------------------------------------===//

#include "Error.h"
#include "Kernel.h"

#include <string>

using namespace vyre;

extern "C" vyre_status vyre_kernel_add_variant(vyre_kernel *k,
                                               const char *spvPath,
                                               const char *manifestPath,
                                               uint32_t *index) {
  if (!k || !spvPath || !manifestPath)
    return fail(VYRE_ERROR_INVALID_ARGUMENT,
                "vyre_kernel_add_variant: kernel and paths must be non-NULL");
  return k->addVariant(spvPath, manifestPath, index);
}

extern "C" vyre_status vyre_kernel_swap(vyre_kernel *k, uint32_t index,
                                        uint32_t timeoutMs) {
  if (!k)
    return fail(VYRE_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  return k->swapToVariant(index, timeoutMs);
}

extern "C" vyre_status vyre_kernel_set_requeue_policy(vyre_kernel *k,
                                                      uint32_t threshold,
                                                      uint32_t maxWaitUs) {
  if (!k || threshold == 0)
    return fail(VYRE_ERROR_INVALID_ARGUMENT,
                "vyre_kernel_set_requeue_policy: kernel is NULL or threshold "
                "is 0 (it must be at least 1 slot)");
  k->handOver.policy.configure(threshold, maxWaitUs);
  return ok();
}

extern "C" vyre_status vyre_kernel_jit_stats(const vyre_kernel *k,
                                             vyre_jit_stats *out) {
  if (!k || !out)
    return fail(VYRE_ERROR_INVALID_ARGUMENT, "kernel or out is NULL");
  out->variants = uint32_t(k->variants.size());
  out->active = k->active;
  out->requeued = k->handOver.policy.requeued();
  out->handovers = k->handOver.handovers;
  out->swaps = k->handOver.swaps;
  return ok();
}

extern "C" vyre_status vyre_kernel_run_batch(vyre_kernel *k, uint32_t index,
                                             uint32_t timeoutMs,
                                             uint64_t *firstTicket) {
  if (!k)
    return fail(VYRE_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  return k->runBatch(index, timeoutMs, firstTicket);
}

extern "C" vyre_status vyre_kernel_prune_batch(const vyre_kernel *k,
                                               vyre_slot *slots, uint32_t count,
                                               uint32_t *kept,
                                               uint8_t *verdicts) {
  if (!k || !kept || (!slots && count))
    return fail(VYRE_ERROR_INVALID_ARGUMENT, "kernel, slots or kept is NULL");
  return k->pruneBatch(slots, count, kept, verdicts);
}
