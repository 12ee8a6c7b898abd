//===- KernelContext.h - state shared while lowering one kernel --*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// What the interpreter (InterpreterLoop, SlotServer) and the handler-body
// lowering (HandlerLowering.cpp) both need: the kernel's buffers as gpu.func
// arguments, their bounds, the per-lane fault variable, and emit helpers for
// the memory accesses whose ordering matters.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_LIB_CONVERSION_VYRETOGPU_KERNELCONTEXT_H
#define VYRE_LIB_CONVERSION_VYRETOGPU_KERNELCONTEXT_H

#include "vyre/ABI/RingABI.h"
#include "vyre/Dialect/Vyre/IR/VyreOps.h"
#include "vyre/Utils/StructuredBuilders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/StringMap.h"

namespace mlir::vyre::detail {

class DeviceQueue;

/// A user buffer as the kernel sees it.
struct UserBuffer {
  Value memref;  ///< gpu.func argument
  Value length;  ///< element count (index): a constant, or read from control
  BufferOp decl;
};

/// Everything one kernel's lowering shares. Emit helpers use `b`'s current
/// insertion point.
struct KernelContext {
  MegakernelOp kernel;
  OpBuilder &b;
  Location loc;
  /// The kernel's gpu.func (its workgroup attributions).
  gpu::GPUFuncOp func;
  Value ring, control, debug, completions;
  llvm::StringMap<UserBuffer> buffers;
  /// memref<1xi32, Function>: the claimed slot's fault code, 0 = none.
  Value faultVar;
  /// Canary loop trip count (i32 as index), read once at kernel start.
  Value canaryTrips;
  /// memref<1xi32, Function>: this lane's DONE completions not yet added
  /// to DONE_COUNT (the interpreter adds them once per pass, so DONE_COUNT
  /// costs an atomic per lane and pass, not one per slot). Null: each DONE
  /// bumps DONE_COUNT itself (the fused-batch kernel).
  Value doneVar;
  /// memref<1xi32, Function> pair: the handler counter word of the arm
  /// this lane served last, and the slots it served of that arm since the
  /// word was last added to. The interpreter adds a run once the lane
  /// serves another arm, and at the end of each pass, before DONE_COUNT:
  /// a per-slot atomic on one word, which every lane shares, cost the
  /// 1M-slot drain a third of its time on the H200 (vyre-device-floors).
  /// Null: each served slot adds 1 itself (the fused-batch kernel).
  Value armRunWord, armRunCount;
  /// memref<1xi32, Function>: this lane's loop back-edges in this dispatch
  /// (VYRE_CTRL_LOOP_BUDGET); handler loops count their iterations in it.
  Value edgesVar;
  /// Kernels with vyre.io_read (IoRequests.cpp): memref<8xi32, Function>,
  /// the request the handler recorded, laid out as an IO entry (word 0: 1
  /// if one is pending), and memref<1xi32, Function>, 1 while the claimed
  /// slot runs resumed (the host served its request). Null otherwise.
  Value ioRequest, ioResumed;
  /// Kernels with a device queue: what lowers vyre.enqueue. Null otherwise.
  DeviceQueue *deviceQueue = nullptr;
  /// The dispatch prologue's values for the slot being served (set by
  /// inlinePrologue before dispatch; vyre.prologue_value reads them).
  SmallVector<Value> prologueValues;

  /// Adds `n` to this lane's back-edge count; returns the constant added,
  /// so a caller can raise it once the loop it counts for is built
  /// (countMaskedLoops).
  arith::ConstantIntOp countEdges(int64_t n) {
    Value zero = index(0);
    Value v = memref::LoadOp::create(b, loc, edgesVar, zero);
    auto amount = arith::ConstantIntOp::create(b, loc, n, 32);
    memref::StoreOp::create(b, loc, add(v, amount), edgesVar, zero);
    return amount;
  }
  /// Adds to `amount` (a countEdges constant) this lane's share of the
  /// loops nested in `body`: a device that runs SIMD chunks masked
  /// (llvmpipe) enters each of them once per entry of `body`, even with
  /// every lane of the chunk masked off, and that costs the chunk a
  /// back-edge that no lane's count covers otherwise. A lane's count is in
  /// units of VYRE_LOOP_BUDGET_LANES chunk back-edges (RingABI.h).
  static void countMaskedLoops(arith::ConstantIntOp amount, Region &body) {
    int64_t loops = 0;
    body.walk([&](Operation *op) {
      if (isa<scf::ForOp, scf::WhileOp>(op))
        ++loops;
    });
    int64_t share = (loops + VYRE_LOOP_BUDGET_LANES - 1) / VYRE_LOOP_BUDGET_LANES;
    int64_t now = cast<IntegerAttr>(amount.getValue()).getInt();
    amount.setValueAttr(IntegerAttr::get(amount.getType(), now + share));
  }

  KernelContext(MegakernelOp kernel, OpBuilder &b, gpu::GPUFuncOp func)
      : kernel(kernel), b(b), loc(kernel.getLoc()), func(func) {}

  Value index(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  Value i32(int64_t v) { return arith::ConstantIntOp::create(b, loc, v, 32); }
  Value toIndex(Value i32Value) {
    return arith::IndexCastUIOp::create(b, loc, b.getIndexType(), i32Value);
  }
  Value toI32(Value indexValue) {
    return arith::IndexCastUIOp::create(b, loc, b.getI32Type(), indexValue);
  }
  Value cmp(arith::CmpIPredicate pred, Value l, Value r) {
    return arith::CmpIOp::create(b, loc, pred, l, r);
  }
  Value add(Value l, Value r) { return arith::AddIOp::create(b, loc, l, r); }
  /// i1: `opcode` (i32) equals one of `codes` (not empty); compares, no
  /// branch.
  Value opcodeIn(Value opcode, ArrayRef<int64_t> codes) {
    Value any;
    for (int64_t code : codes) {
      Value eq = cmp(arith::CmpIPredicate::eq, opcode, i32(code));
      any = any ? arith::OrIOp::create(b, loc, any, eq) : eq;
    }
    return any;
  }
  Value mul(Value l, Value r) { return arith::MulIOp::create(b, loc, l, r); }

  /// Host-written or cross-lane words: volatile, never cached.
  Value loadVolatile(Value memref, Value idx) {
    return DeviceLoadVolatileOp::create(b, loc, b.getI32Type(), memref, idx);
  }
  void storeVolatile(Value value, Value memref, Value idx) {
    DeviceStoreVolatileOp::create(b, loc, value, memref, idx);
  }
  Value atomic(AtomicKind kind, MemoryOrder order, Value value, Value memref,
               Value idx) {
    return DeviceAtomicRMWOp::create(b, loc, b.getI32Type(), kind, order,
                                     value, memref, idx);
  }
  /// Adds `amount` to control word `word` (relaxed: a count the host or the
  /// loop head reads, ordered by fences where it matters); the old value.
  Value countInControl(uint32_t word, int64_t amount = 1) {
    return atomic(amount < 0 ? AtomicKind::Sub : AtomicKind::Add,
                  MemoryOrder::relaxed, i32(amount < 0 ? -amount : amount),
                  control, index(word));
  }
  Value cas(MemoryOrder order, Value memref, Value idx, Value expected,
            Value desired) {
    return DeviceAtomicCASOp::create(b, loc, b.getI32Type(), order, memref,
                                     idx, expected, desired);
  }

  /// Records `code` as the slot's fault unless one is already recorded.
  void raiseFault(Value code) {
    Value zero = index(0);
    Value current = memref::LoadOp::create(b, loc, faultVar, zero);
    Value none = cmp(arith::CmpIPredicate::eq, current, i32(0));
    Value next = arith::SelectOp::create(b, loc, none, code, current);
    memref::StoreOp::create(b, loc, next, faultVar, zero);
  }
  void raiseFault(uint32_t code) { raiseFault(i32(code)); }

  /// if (cond) thenFn() else elseFn(), with no results.
  void ifThenElse(Value cond, function_ref<void()> thenFn,
                  function_ref<void()> elseFn = nullptr) {
    buildIfThenElse(b, loc, cond, thenFn, elseFn);
  }

  /// A memref<size x i32> in private memory (`#gpu.address_space<private>`):
  /// a per-lane variable. SPIR-V wants Function variables in the entry
  /// block, so create them first.
  Value privateArray(int64_t size) {
    auto space = gpu::AddressSpaceAttr::get(b.getContext(),
                                            gpu::AddressSpace::Private);
    return memref::AllocaOp::create(
        b, loc, MemRefType::get({size}, b.getI32Type(),
                                MemRefLayoutAttrInterface{}, space));
  }
  Value functionWord() { return privateArray(1); }
  /// A memref<size x i32> that the workgroup's lanes share: a workgroup
  /// attribution of the kernel's gpu.func (`#gpu.address_space<workgroup>`),
  /// which every GPU target lowers (vyre-prepare-gpu-for-spirv turns it
  /// into a Workgroup variable; convert-gpu-to-nvvm into `.shared`).
  Value workgroupArray(int64_t size) {
    auto space = gpu::AddressSpaceAttr::get(b.getContext(),
                                            gpu::AddressSpace::Workgroup);
    return func.addWorkgroupAttribution(
        MemRefType::get({size}, b.getI32Type(), MemRefLayoutAttrInterface{},
                        space),
        loc);
  }
  /// Word `w` of `tenant`'s mask (arms 32w .. 32w+31), from the control
  /// buffer.
  Value loadTenantMaskWord(Value tenant, uint32_t w);
  /// Bit `arm % 32` of a tenant mask word (i32 0 or 1): whether the tenant
  /// may run dispatch arm `arm`.
  Value armBit(Value maskWord, uint32_t arm) {
    return arith::AndIOp::create(
        b, loc, arith::ShRUIOp::create(b, loc, maskWord, i32(arm % 32)),
        i32(1));
  }
  /// Every user buffer's length: its static size, or the one the host
  /// wrote to the control buffer before launch.
  void loadBufferLengths();
  /// Ends the claimed slot at ring word `base`: FAULT with `code` (logged
  /// and counted) if it is not 0, else DONE; the completion mirror follows.
  void completeServed(Value slot, Value base, Value code);
  /// Appends (slot number `slotNumber` (i32), fault `code`) to the fault
  /// log, the ring of the last VYRE_FAULT_LOG_ENTRIES faults.
  void logFault(Value slotNumber, Value code);
  /// Marks the slot REQUEUE for the generic interpreter (its words as the
  /// host wrote them, nothing counted).
  void requeueSlot(Value slot, Value base);
  /// completions[slot] = status (VYRE_BINDING_COMPLETIONS), after the ring.
  void mirrorCompletion(Value slot, uint32_t status);
  /// Counts one execution of the arm whose counter is control word
  /// `counterWord`: in this lane's run (armRunWord), or at once without one.
  void countArm(uint32_t counterWord);
  /// Adds this lane's run to its counter word and empties it.
  void flushArmRun();

  // GPU-initiated IO (IoRequests.cpp; ABI v9).
  /// Allocates ioRequest and ioResumed if a handler uses vyre.io_read.
  void setUpIo();
  /// At a claim: no request pending, and resumed if the slot's status
  /// `state` is PUBLISHED | RESUMED.
  void beginIoSlot(Value state);
  /// vyre.io_read in a handler: true if resumed, else records the request
  /// (or faults OUT_OF_BOUNDS) and yields false.
  Value lowerIoRead(IoReadOp op, UserBuffer &into);
  /// i1: the handler recorded a request.
  Value ioPending();
  /// The recorded request into the IO queue and the slot WAIT_IO, or the
  /// slot back to PUBLISHED if the queue has no free entry.
  void issueIoRequest(Value slot, Value base);
  /// Word `word` of the IO entry at byte `byteBase` of the completions
  /// buffer, as four byte stores.
  void storeEntryWord(Value byteBase, uint32_t word, Value v);

  /// if (inBounds) yield thenFn() else { fault OUT_OF_BOUNDS; yield zero }.
  Value guardedValue(Value inBounds, Type type, function_ref<Value()> thenFn);
  /// if (inBounds) thenFn() else fault OUT_OF_BOUNDS.
  void guarded(Value inBounds, function_ref<void()> thenFn) {
    ifThenElse(inBounds, thenFn,
               [&] { raiseFault(VYRE_FAULT_OUT_OF_BOUNDS); });
  }
};

/// Inlines `handler`'s body at `ctx.b`'s insertion point for the slot whose
/// first word is at `slotBase` in the ring, lowering every vyre body op.
LogicalResult inlineHandler(KernelContext &ctx, HandlerOp handler,
                            Value slotBase);

/// Inlines the kernel's dispatch prologue for the slot at `slotBase` and
/// sets `ctx.prologueValues`, which the arms inlined after it read.
LogicalResult inlinePrologue(KernelContext &ctx, DispatchPrologueOp prologue,
                             Value slotBase);

/// Lowers one vyre body op in place (handler, prologue or fused-batch
/// code) for the slot at `slotBase` (null in a fused batch, which has no
/// vyre.arg); `builtin` relaxes the control-write check for built-ins' ABI
/// words.
LogicalResult lowerBodyOp(KernelContext &ctx, Operation *op, Value slotBase,
                          bool builtin);

/// The body of a kernel holding a vyre.fused_batch: one lane runs the
/// batch's straight-line code once (BatchLowering.cpp).
LogicalResult buildFusedBatch(KernelContext &ctx, gpu::GPUFuncOp func,
                              FusedBatchOp fused);

/// The kernel's ABI manifest, as an attribute `vyre-translate` prints as JSON.
DictionaryAttr buildManifest(MegakernelOp kernel,
                             ArrayRef<HandlerOp> dispatchOrder);

/// Fails, naming `pass`, if `kernel` holds a built-in request that
/// vyre-materialize-builtins has not turned into a handler yet.
inline LogicalResult checkMaterialized(MegakernelOp kernel, StringRef pass) {
  for (BuiltinOp request : kernel.getBody().front().getOps<BuiltinOp>())
    return request.emitOpError()
           << "is not materialized; run vyre-materialize-builtins before "
           << pass << " (the vyre-to-spirv-interpreter pipeline does)";
  return success();
}

} // namespace mlir::vyre::detail

#endif // VYRE_LIB_CONVERSION_VYRETOGPU_KERNELCONTEXT_H
