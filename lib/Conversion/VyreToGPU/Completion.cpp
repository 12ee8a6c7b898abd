//===- Completion.cpp - how a lane ends a slot, shared by kernels -*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// The interpreter and the fused-batch kernel finish slots the same way, so
// the host reaps them the same way: a fence (the handler's writes first),
// then the completion mirror, which is the slot's final status (ABI v6: the
// ring keeps CLAIMED, and no lane claims that), then the counter.
//
//===----------------------------------------------------------------------===//

#include "KernelContext.h"

using namespace mlir;
using namespace mlir::vyre;
using namespace mlir::vyre::detail;

Value KernelContext::loadTenantMaskWord(Value tenant, uint32_t w) {
  uint32_t observables = kernel.getNumObservables();
  uint32_t numArms = kernel.getNumArms();
  // Word w of tenant t sits at a + t * stride (see vyre_tenant_mask_word).
  uint32_t at = vyre_tenant_mask_word(observables, numArms, 0, w);
  uint32_t stride = vyre_tenant_mask_word(observables, numArms, 1, w) - at;
  Value word = add(index(at), arith::MulIOp::create(b, loc, toIndex(tenant),
                                                    index(stride)));
  return loadVolatile(control, word);
}

void KernelContext::loadBufferLengths() {
  // Dynamic user buffers are bounded by the lengths the host wrote to the
  // control buffer before launch; static ones by their type.
  for (auto &entry : buffers) {
    UserBuffer &ub = entry.second;
    MemRefType type = ub.decl.getMemRefType();
    ub.length = type.hasStaticShape()
                    ? index(type.getNumElements())
                    : toIndex(loadVolatile(
                          control, index(VYRE_CTRL_BUFFER_LENGTHS +
                                         ub.decl.getBinding())));
  }
}

void KernelContext::mirrorCompletion(Value slot, uint32_t status) {
  // The fence orders the handler's writes (and a FAULT's code in the ring)
  // before the mirror word: a host that sees the mirror sees the slot done.
  DeviceFenceOp::create(b, loc, MemoryOrder::release);
  // One byte (ABI v8): a 1M-slot drain writes 1 MiB over the bus, not 4.
  storeVolatile(arith::ConstantIntOp::create(b, loc, status, 8), completions,
                slot);
}

void KernelContext::countArm(uint32_t counterWord) {
  if (!armRunWord)
    return (void)atomic(AtomicKind::Add, MemoryOrder::relaxed, i32(1), control,
                        index(counterWord));
  Value zero = index(0), word = i32(counterWord);
  Value held = memref::LoadOp::create(b, loc, armRunWord, zero);
  ifThenElse(cmp(arith::CmpIPredicate::ne, held, word), [&] {
    flushArmRun();
    memref::StoreOp::create(b, loc, word, armRunWord, zero);
  });
  Value n = memref::LoadOp::create(b, loc, armRunCount, zero);
  memref::StoreOp::create(b, loc, add(n, i32(1)), armRunCount, zero);
}

void KernelContext::flushArmRun() {
  if (!armRunWord)
    return;
  Value zero = index(0);
  Value n = memref::LoadOp::create(b, loc, armRunCount, zero);
  ifThenElse(cmp(arith::CmpIPredicate::ne, n, i32(0)), [&] {
    Value word = memref::LoadOp::create(b, loc, armRunWord, zero);
    atomic(AtomicKind::Add, MemoryOrder::relaxed, n, control, toIndex(word));
    memref::StoreOp::create(b, loc, i32(0), armRunCount, zero);
  });
}

void KernelContext::requeueSlot(Value slot, Value base) {
  atomic(AtomicKind::Exchange, MemoryOrder::release,
         i32(VYRE_STATUS_REQUEUE), ring, base);
  mirrorCompletion(slot, VYRE_STATUS_REQUEUE);
}

void KernelContext::logFault(Value slotNumber, Value code) {
  Value cursor = countInControl(VYRE_CTRL_FAULT_LOG_CURSOR);
  Value entry =
      toIndex(arith::RemUIOp::create(b, loc, cursor, i32(VYRE_FAULT_LOG_ENTRIES)));
  Value word = add(index(VYRE_CTRL_FAULT_LOG),
                   mul(entry, index(VYRE_FAULT_LOG_ENTRY_WORDS)));
  storeVolatile(slotNumber, control, word);
  storeVolatile(code, control, add(word, index(1)));
}

void KernelContext::completeServed(Value slot, Value base, Value code) {
  Value faulted = cmp(arith::CmpIPredicate::ne, code, i32(0));
  ifThenElse(
      faulted,
      [&] {
        logFault(toI32(slot), code);
        // The slot carries its own code too (the log keeps only the last 16).
        storeVolatile(code, ring,
                      add(base, index(VYRE_SLOT_WORD_FAULT_CODE)));
        mirrorCompletion(slot, VYRE_STATUS_FAULT);
        // FAULT_COUNT's release covers the slot's arm count too, as
        // DONE_COUNT's does at the end of a pass (a fault is rare).
        flushArmRun();
        atomic(AtomicKind::Add, MemoryOrder::release, i32(1), control,
               index(VYRE_CTRL_FAULT_COUNT));
      },
      [&] {
        // No final status in the ring: an exchange and a second fence per
        // slot, on the path to the host seeing the mirror.
        mirrorCompletion(slot, VYRE_STATUS_DONE);
        if (!doneVar)
          return (void)atomic(AtomicKind::Add, MemoryOrder::release, i32(1),
                              control, index(VYRE_CTRL_DONE_COUNT));
        Value zero = index(0);
        Value n = memref::LoadOp::create(b, loc, doneVar, zero);
        memref::StoreOp::create(b, loc, add(n, i32(1)), doneVar, zero);
      });
}
