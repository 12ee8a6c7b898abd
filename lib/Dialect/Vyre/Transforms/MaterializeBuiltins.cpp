//===- MaterializeBuiltins.cpp - built-in handlers as vyre IR ----*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// The built-in opcodes are written here once, as ordinary vyre handler bodies,
// so the lowering, the bounds checks and the fault paths treat them exactly
// like user handlers. Their semantics are those of docs/abi.md.
//
//===----------------------------------------------------------------------===//

#include "vyre/ABI/RingABI.h"
#include "vyre/Dialect/Vyre/IR/VyreOps.h"
#include "vyre/Dialect/Vyre/Transforms/Passes.h"
#include "vyre/Utils/StructuredBuilders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"

namespace mlir::vyre {
#define GEN_PASS_DEF_VYREMATERIALIZEBUILTINS
#include "vyre/Dialect/Vyre/Transforms/Passes.h.inc"
} // namespace mlir::vyre

using namespace mlir;
using namespace mlir::vyre;

namespace {

/// Builds the body of one built-in handler at the end of its block.
class BuiltinBodyBuilder {
public:
  BuiltinBodyBuilder(OpBuilder &builder, Location loc, Value slot,
                     MegakernelOp kernel)
      : b(builder), loc(loc), slot(slot), kernel(kernel) {}

  Value arg(unsigned i) {
    return ArgOp::create(b, loc, b.getI32Type(), slot, i);
  }
  Value i32(int64_t v) {
    return arith::ConstantIntOp::create(b, loc, v, 32);
  }
  Value loadControl(Value index) {
    return LoadOp::create(b, loc, b.getI32Type(), FlatSymbolRefAttr(), index);
  }
  void storeControl(Value value, Value index) {
    StoreOp::create(b, loc, value, FlatSymbolRefAttr(), index);
  }
  void addControl(Value delta, Value index) {
    AtomicRMWOp::create(b, loc, b.getI32Type(), AtomicKind::Add, delta,
                        FlatSymbolRefAttr(), index);
  }
  void observe(Value value, Value index) {
    ObserveOp::create(b, loc, value, index);
  }
  void fault(uint32_t code) { FaultOp::create(b, loc, code); }
  Value eq(Value a, Value c) {
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, a, c);
  }
  Value ule(Value a, Value c) {
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ule, a, c);
  }
  /// if (cond) then() else elseFn(); no results.
  void ifThenElse(Value cond, function_ref<void()> thenFn,
                  function_ref<void()> elseFn = nullptr) {
    buildIfThenElse(b, loc, cond, thenFn, elseFn);
  }

  void build(uint32_t opcode, BuiltinOp request);

private:
  void buildMemcpy();
  void buildDfaStep(FlatSymbolRefAttr table);
  void buildPackedSlot();
  /// One inner op of a packed slot (already validated).
  void buildPackedInnerOp(Value op, Value x, Value y);

  OpBuilder &b;
  Location loc;
  Value slot;
  MegakernelOp kernel;
};

void BuiltinBodyBuilder::build(uint32_t opcode, BuiltinOp request) {
  switch (opcode) {
  case VYRE_OP_NOP:
    return;
  case VYRE_OP_STORE_U32: // control[a1] = a0
    return storeControl(arg(0), arg(1));
  case VYRE_OP_ATOMIC_ADD: // control[a1] += a0
    return addControl(arg(0), arg(1));
  case VYRE_OP_LOAD_U32: // control[160 + a1] = control[a0]
    return observe(loadControl(arg(0)), arg(1));
  case VYRE_OP_COMPARE_SWAP: { // CAS control[a0]; previous -> observable a3
    Value previous = AtomicCASOp::create(b, loc, b.getI32Type(),
                                         FlatSymbolRefAttr(), arg(0), arg(1),
                                         arg(2));
    return observe(previous, arg(3));
  }
  case VYRE_OP_MEMCPY:
    return buildMemcpy();
  case VYRE_OP_DFA_STEP:
    return buildDfaStep(request.getTableAttr());
  case VYRE_OP_BATCH_FENCE: // EPOCH += 1; tag a1 -> control[160]
    addControl(i32(1), i32(VYRE_CTRL_EPOCH));
    return observe(arg(1), i32(0));
  case VYRE_OP_PRINTF: // (a0 fmt, a1, a2, a3) -> debug log
    PrintfOp::create(b, loc, arg(0), ValueRange{arg(1), arg(2), arg(3)});
    return;
  case VYRE_OP_SHUTDOWN:
    return storeControl(i32(1), i32(VYRE_CTRL_SHUTDOWN));
  case VYRE_OP_PACKED_SLOT:
    return buildPackedSlot();
  }
  llvm_unreachable("every built-in in RingABI.h has a body here");
}

/// a2 words from control[a0] to control[a1]. A length beyond the control
/// buffer faults up front, so a bad slot cannot spin for 2^32 iterations,
/// and so does either range past its end: a0 + i or a1 + i would wrap in 32
/// bits to low words and pass their bounds checks (copy nothing, then).
void BuiltinBodyBuilder::buildMemcpy() {
  Value src = arg(0), dst = arg(1), count = arg(2);
  Value words = i32(kernel.getControlWords());
  Value room = arith::SubIOp::create(b, loc, words, count);
  Value fits = arith::AndIOp::create(
      b, loc, ule(count, words),
      arith::AndIOp::create(b, loc, ule(src, room), ule(dst, room)));
  ifThenElse(
      fits,
      [&] {
        Value zero = arith::ConstantIndexOp::create(b, loc, 0);
        Value one = arith::ConstantIndexOp::create(b, loc, 1);
        Value n = arith::IndexCastUIOp::create(b, loc, b.getIndexType(), count);
        auto loop = scf::ForOp::create(b, loc, zero, n, one);
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPoint(loop.getBody()->getTerminator());
        Value i = arith::IndexCastUIOp::create(b, loc, b.getI32Type(),
                                               loop.getInductionVar());
        Value word = loadControl(arith::AddIOp::create(b, loc, src, i));
        storeControl(word, arith::AddIOp::create(b, loc, dst, i));
      },
      [&] { fault(VYRE_FAULT_OUT_OF_BOUNDS); });
}

/// next = table[a0 * 256 + (a1 & 255)]; observable a2 = next. A state of
/// 2^24 or more would wrap a0 * 256 into the table: its index is made
/// 0xFFFFFFFF instead, past any table, so the load faults OUT_OF_BOUNDS.
void BuiltinBodyBuilder::buildDfaStep(FlatSymbolRefAttr table) {
  Value row = arith::MulIOp::create(b, loc, arg(0), i32(256));
  Value byte = arith::AndIOp::create(b, loc, arg(1), i32(255));
  Value index = arith::SelectOp::create(
      b, loc, ule(arg(0), i32(0xFFFFFF)),
      arith::AddIOp::create(b, loc, row, byte), i32(-1));
  Value next = LoadOp::create(b, loc, b.getI32Type(), table, index);
  observe(next, arg(2));
}

/// a0 = n inner ops (1..VYRE_PACKED_MAX_OPS) of (opcode, x, y). Every inner
/// op is validated before any runs, so a bad slot has no partial effect.
void BuiltinBodyBuilder::buildPackedSlot() {
  Value count = arg(0);
  Value valid = arith::AndIOp::create(
      b, loc, arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, count,
                                    i32(0)),
      ule(count, i32(VYRE_PACKED_MAX_OPS)));
  struct Inner {
    Value present, op, x, y;
  };
  SmallVector<Inner> inner;
  for (unsigned k = 0; k < VYRE_PACKED_MAX_OPS; ++k) {
    unsigned base = 1 + k * VYRE_PACKED_OP_WORDS;
    Inner in{arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, i32(k),
                                   count),
             arg(base), arg(base + 1), arg(base + 2)};
    // An absent op is fine; a present one must be a two-argument built-in.
    Value allowed = ule(in.op, i32(VYRE_OP_LOAD_U32));
    Value ok = arith::OrIOp::create(
        b, loc,
        arith::XOrIOp::create(b, loc, in.present,
                              arith::ConstantIntOp::create(b, loc, 1, 1)),
        allowed);
    valid = arith::AndIOp::create(b, loc, valid, ok);
    inner.push_back(in);
  }
  ifThenElse(
      valid,
      [&] {
        for (Inner &in : inner)
          ifThenElse(in.present,
                     [&] { buildPackedInnerOp(in.op, in.x, in.y); });
      },
      [&] { fault(VYRE_FAULT_BAD_PACKED_SLOT); });
}

void BuiltinBodyBuilder::buildPackedInnerOp(Value op, Value x, Value y) {
  ifThenElse(eq(op, i32(VYRE_OP_STORE_U32)), [&] { storeControl(x, y); });
  ifThenElse(eq(op, i32(VYRE_OP_ATOMIC_ADD)), [&] { addControl(x, y); });
  ifThenElse(eq(op, i32(VYRE_OP_LOAD_U32)),
             [&] { observe(loadControl(x), y); });
  // VYRE_OP_NOP: nothing.
}

struct MaterializeBuiltinsPass
    : mlir::vyre::impl::VyreMaterializeBuiltinsBase<MaterializeBuiltinsPass> {
  void runOnOperation() override {
    SmallVector<BuiltinOp> requests;
    getOperation()->walk([&](BuiltinOp op) { requests.push_back(op); });
    for (BuiltinOp request : requests) {
      auto kernel = request->getParentOfType<MegakernelOp>();
      uint32_t opcode = request.getOpcode();
      std::string name = ("__vyre_" + request.getName()).str();
      if (SymbolTable::lookupSymbolIn(kernel, name)) {
        request.emitOpError() << "cannot materialize: symbol @" << name
                              << " is already taken in @"
                              << kernel.getSymName();
        return signalPassFailure();
      }
      OpBuilder b(request);
      Location loc = request.getLoc();
      auto handler = HandlerOp::create(
          b, loc, name, b.getDenseI64ArrayAttr({int64_t(opcode)}),
          /*builtin=*/true);
      Block *body = b.createBlock(&handler.getBody());
      Value slot = body->addArgument(SlotType::get(&getContext()), loc);
      b.setInsertionPointToStart(body);
      BuiltinBodyBuilder(b, loc, slot, kernel).build(opcode, request);
      YieldOp::create(b, loc);
      request.erase();
    }
  }
};

} // namespace
