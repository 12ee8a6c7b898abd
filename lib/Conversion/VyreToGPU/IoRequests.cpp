//===- IoRequests.cpp - vyre.io_read and the IO queue ------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// GPU-initiated IO (ABI v9, docs/abi.md "IO requests"). A handler's
// vyre.io_read only records its request in the lane's ioRequest words; the
// request leaves when the handler yields, so a slot that faults after the
// op asks nothing, and a slot that asks always ends waiting (never DONE and
// waiting at once). Then the lane takes an entry of the IO queue with one
// compare-and-swap on VYRE_CTRL_IO_TAKEN, bounded by VYRE_CTRL_IO_FREED,
// writes it after the plane in the completions buffer (cached host memory,
// where the host polls it), marks the slot WAIT_IO and goes on. A full
// queue or a lost race gives the slot back as PUBLISHED: the next pass
// runs it again. Nothing waits or scans the queue.
//
//===----------------------------------------------------------------------===//

#include "KernelContext.h"

using namespace mlir;
using namespace mlir::vyre;
using namespace mlir::vyre::detail;

void KernelContext::setUpIo() {
  if (!kernel.usesIO())
    return;
  ioRequest = privateArray(VYRE_IO_ENTRY_WORDS);
  ioResumed = functionWord();
}

Value KernelContext::lowerIoRead(IoReadOp op, UserBuffer &into) {
  Value resumed = cmp(arith::CmpIPredicate::ne,
                      memref::LoadOp::create(b, loc, ioResumed, index(0)),
                      i32(0));
  auto ifResumed = scf::IfOp::create(b, loc, TypeRange{b.getI1Type()},
                                     resumed, /*withElseRegion=*/true);
  OpBuilder::InsertionGuard guard(b);
  // Resumed: the host wrote the data before it published the slot again.
  b.setInsertionPointToStart(ifResumed.thenBlock());
  scf::YieldOp::create(b, loc, arith::ConstantIntOp::create(b, loc, 1, 1).getResult());
  b.setInsertionPointToStart(ifResumed.elseBlock());
  // Whole elements, inside the buffer: first <= length and words <= length
  // - first, in that order, so nothing wraps.
  Value bytes = op.getBytes(), first = op.getIndex();
  Value length = toI32(into.length);
  Value words = arith::ShRUIOp::create(b, loc, bytes, i32(2));
  Value whole = arith::AndIOp::create(
      b, loc,
      cmp(arith::CmpIPredicate::eq,
          arith::AndIOp::create(b, loc, bytes, i32(3)), i32(0)),
      cmp(arith::CmpIPredicate::ne, bytes, i32(0)));
  Value startsInside = cmp(arith::CmpIPredicate::ule, first, length);
  Value room = arith::SelectOp::create(
      b, loc, startsInside, arith::SubIOp::create(b, loc, length, first),
      i32(0));
  Value fits = arith::AndIOp::create(
      b, loc, whole,
      arith::AndIOp::create(b, loc, startsInside,
                            cmp(arith::CmpIPredicate::ule, words, room)));
  ifThenElse(
      fits,
      [&] {
        auto put = [&](uint32_t word, Value v) {
          memref::StoreOp::create(b, loc, v, ioRequest, index(word));
        };
        put(VYRE_IO_WORD_READY, i32(1)); // word 0 here: a request is pending
        put(VYRE_IO_WORD_SOURCE, op.getSource());
        put(VYRE_IO_WORD_BUFFER, i32(into.decl.getBinding()));
        put(VYRE_IO_WORD_ELEMENT, first);
        put(VYRE_IO_WORD_OFFSET_LO, op.getOffset());
        put(VYRE_IO_WORD_OFFSET_HI,
            op.getOffsetHigh() ? op.getOffsetHigh() : i32(0));
        put(VYRE_IO_WORD_BYTES, bytes);
      },
      [&] { raiseFault(VYRE_FAULT_OUT_OF_BOUNDS); });
  scf::YieldOp::create(b, loc, arith::ConstantIntOp::create(b, loc, 0, 1).getResult());
  return ifResumed.getResult(0);
}

void KernelContext::beginIoSlot(Value state) {
  if (!ioRequest)
    return;
  memref::StoreOp::create(b, loc, i32(0), ioRequest, index(0));
  Value resumed = cmp(arith::CmpIPredicate::eq, state,
                      i32(VYRE_STATUS_PUBLISHED | VYRE_STATUS_RESUMED));
  memref::StoreOp::create(
      b, loc, arith::ExtUIOp::create(b, loc, b.getI32Type(), resumed),
      ioResumed, index(0));
}

Value KernelContext::ioPending() {
  return cmp(arith::CmpIPredicate::ne,
             memref::LoadOp::create(b, loc, ioRequest, index(0)), i32(0));
}

void KernelContext::storeEntryWord(Value byteBase, uint32_t word, Value v) {
  // The completions buffer is a byte array (ABI v8): four byte stores,
  // little-endian. A request is rare beside the plane's traffic.
  for (uint32_t k = 0; k < 4; ++k) {
    Value part = arith::TruncIOp::create(
        b, loc, b.getI8Type(), arith::ShRUIOp::create(b, loc, v, i32(8 * k)));
    storeVolatile(part, completions, add(byteBase, index(4 * word + k)));
  }
}

void KernelContext::issueIoRequest(Value slot, Value base) {
  uint32_t entries = kernel.getNumIoEntries();
  Value takenWord = index(VYRE_CTRL_IO_TAKEN);
  Value taken = loadVolatile(control, takenWord);
  Value freed = loadVolatile(control, index(VYRE_CTRL_IO_FREED));
  Value room = cmp(arith::CmpIPredicate::ult,
                   arith::SubIOp::create(b, loc, taken, freed), i32(entries));
  // One attempt: a full queue or another lane's entry first both give the
  // slot back, so no lane ever waits on the queue.
  auto ifRoom = scf::IfOp::create(b, loc, TypeRange{b.getI1Type()}, room,
                                  /*withElseRegion=*/true);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(ifRoom.thenBlock());
    Value old = cas(MemoryOrder::relaxed, control, takenWord, taken,
                    add(taken, i32(1)));
    scf::YieldOp::create(b, loc, cmp(arith::CmpIPredicate::eq, old, taken));
    b.setInsertionPointToStart(ifRoom.elseBlock());
    scf::YieldOp::create(b, loc, room);
  }
  ifThenElse(
      ifRoom.getResult(0),
      [&] {
        // WAIT_IO before the entry's mark (the fence): the host publishes
        // the slot again only after it saw the mark, so its PUBLISHED can
        // never be overwritten by this store.
        storeVolatile(i32(VYRE_STATUS_WAIT_IO), ring, base);
        Value entry =
            toIndex(arith::RemUIOp::create(b, loc, taken, i32(entries)));
        Value byteBase =
            add(index(vyre_io_queue_offset(kernel.getSlots())),
                mul(entry, index(VYRE_IO_ENTRY_BYTES)));
        storeEntryWord(byteBase, VYRE_IO_WORD_SLOT, toI32(slot));
        for (uint32_t w = VYRE_IO_WORD_SOURCE; w < VYRE_IO_ENTRY_WORDS; ++w)
          storeEntryWord(byteBase, w,
                         memref::LoadOp::create(b, loc, ioRequest, index(w)));
        DeviceFenceOp::create(b, loc, MemoryOrder::release);
        storeVolatile(arith::ConstantIntOp::create(b, loc, 1, 8), completions,
                      byteBase);
      },
      [&] {
        // Given back: claimable again, untagged, in a later pass.
        atomic(AtomicKind::Exchange, MemoryOrder::release,
               i32(VYRE_STATUS_PUBLISHED), ring, base);
      });
}
