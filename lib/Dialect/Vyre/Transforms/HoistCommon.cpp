//===- HoistCommon.cpp - hoist work every dispatch arm shares ---*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Only one arm runs per slot, so work shared by every arm is not repeated
// within a lane; it is repeated across lanes of a SIMD group that diverge on
// the opcode: each arm the group takes runs its own copy of the shared
// prefix with the other lanes masked off. Hoisted into the dispatch
// prologue it runs once, with every lane active, before the switch.
//
// Value numbering: the claimed slot is class 0; an op at the top of a
// handler body (not nested in a region) gets the class of an earlier op that
// is OperationEquivalence-equal to it once operands are compared by class,
// or a new one. A class present in every handler is common. Only ops that
// may run for any slot are numbered: vyre.arg, vyre.prologue_value and pure
// (speculatable, effect-free) ops without regions, of result type i1, i32
// or f32 (what a prologue may yield).
//
//===----------------------------------------------------------------------===//

#include "HoistCommon.h"
#include "ArmTable.h"
#include "vyre/Dialect/Vyre/Transforms/Passes.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/IR/OperationSupport.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/SetOperations.h"

namespace mlir::vyre {
#define GEN_PASS_DEF_VYREHOISTCOMMON
#include "vyre/Dialect/Vyre/Transforms/Passes.h.inc"
} // namespace mlir::vyre

using namespace mlir;
using namespace mlir::vyre;

namespace {

constexpr unsigned kSlotClass = 0;

class ValueNumbering {
public:
  ValueNumbering() : representatives(1, nullptr) {}

  /// The class of `v`, or none if `v` comes from an op that was not
  /// numbered.
  std::optional<unsigned> classOf(Value v) const {
    if (isa<BlockArgument>(v) && isa<SlotType>(v.getType()))
      return kSlotClass;
    auto it = classes.find(v);
    if (it == classes.end())
      return std::nullopt;
    return it->second;
  }

  /// Numbers `op` if it may run for any slot and its operands are numbered.
  std::optional<unsigned> number(Operation *op) {
    if (!mayRunForAnySlot(op) ||
        !llvm::all_of(op->getOperands(),
                      [&](Value v) { return classOf(v).has_value(); }))
      return std::nullopt;
    auto sameClass = [&](Value l, Value r) {
      return success(classOf(l) == classOf(r));
    };
    unsigned id = representatives.size();
    for (unsigned c = 1; c < representatives.size(); ++c)
      if (OperationEquivalence::isEquivalentTo(
              op, representatives[c], sameClass, /*markEquivalent=*/nullptr,
              OperationEquivalence::IgnoreLocations)) {
        id = c;
        break;
      }
    if (id == representatives.size())
      representatives.push_back(op);
    classes[op->getResult(0)] = id;
    return id;
  }

  Operation *representative(unsigned c) const { return representatives[c]; }

private:
  static bool mayRunForAnySlot(Operation *op) {
    if (op->getNumResults() != 1 || op->getNumRegions() != 0)
      return false;
    Type type = op->getResult(0).getType();
    if (!type.isInteger(1) && !type.isInteger(32) && !type.isF32())
      return false;
    if (isa<ArgOp, PrologueValueOp>(op))
      return true;
    return !isa<VyreDialect>(op->getDialect()) && isPure(op);
  }

  /// Class -> its first op (index 0, the slot, has none).
  SmallVector<Operation *> representatives;
  DenseMap<Value, unsigned> classes;
};

/// Builds the prologue's copy of each hoisted class.
class PrologueBuilder {
public:
  PrologueBuilder(MegakernelOp kernel, const ValueNumbering &numbering)
      : numbering(numbering), prologue(getOrCreate(kernel)),
        builder(prologue.getYield()) {
    values[kSlotClass] = prologue.getSlot();
  }

  /// The prologue value of class `c`, cloning its representative (and its
  /// operands' classes) before the terminator on first use.
  Value materialize(unsigned c) {
    if (Value v = values.lookup(c))
      return v;
    Operation *rep = numbering.representative(c);
    Value v;
    if (auto read = dyn_cast<PrologueValueOp>(rep)) {
      v = prologue.getYield().getValues()[read.getIndex()];
    } else {
      IRMapping mapping;
      for (Value operand : rep->getOperands())
        mapping.map(operand, materialize(*numbering.classOf(operand)));
      v = builder.clone(*rep, mapping)->getResult(0);
    }
    values[c] = v;
    return v;
  }

  /// Yields `v` and returns its prologue_value index.
  unsigned yield(Value v) {
    PrologueYieldOp terminator = prologue.getYield();
    unsigned index = terminator.getValues().size();
    terminator.getValuesMutable().append(v);
    return index;
  }

private:
  static DispatchPrologueOp getOrCreate(MegakernelOp kernel) {
    if (DispatchPrologueOp existing = kernel.getPrologue())
      return existing;
    // Placed before the first handler, where a reader looks for it.
    HandlerOp first = kernel.getHandlers().front();
    OpBuilder b(first);
    auto prologue = DispatchPrologueOp::create(b, kernel.getLoc());
    Block *block = b.createBlock(&prologue.getBody());
    block->addArgument(SlotType::get(kernel.getContext()), kernel.getLoc());
    PrologueYieldOp::create(b, kernel.getLoc(), ValueRange{});
    return prologue;
  }

  const ValueNumbering &numbering;
  DispatchPrologueOp prologue;
  OpBuilder builder;
  DenseMap<unsigned, Value> values;
};

} // namespace

unsigned mlir::vyre::hoistCommonComputations(MegakernelOp kernel) {
  SmallVector<HandlerOp> handlers = kernel.getHandlers();
  if (handlers.size() < 2)
    return 0;

  // Number the top of every handler; `common` ends as the classes all have.
  ValueNumbering numbering;
  std::optional<llvm::DenseSet<unsigned>> common;
  for (HandlerOp handler : handlers) {
    llvm::DenseSet<unsigned> present;
    for (Operation &op : handler.getBody().front().without_terminator())
      if (std::optional<unsigned> c = numbering.number(&op))
        present.insert(*c);
    if (!common)
      common = std::move(present);
    else
      llvm::set_intersect(*common, present);
  }

  // Hoisted: common classes that compute something. Constants are cheaper
  // rematerialized in each arm; a prologue value is already hoisted.
  auto hoisted = [&](std::optional<unsigned> c) {
    if (!c || !common->contains(*c))
      return false;
    Operation *rep = numbering.representative(*c);
    return rep && !rep->hasTrait<OpTrait::ConstantLike>() &&
           !isa<PrologueValueOp>(rep);
  };
  auto isHoistedOp = [&](Operation *op) {
    return op->getNumResults() == 1 &&
           hoisted(numbering.classOf(op->getResult(0)));
  };
  unsigned count = llvm::count_if(*common, [&](unsigned c) {
    return hoisted(c);
  });
  if (count == 0)
    return 0;

  // Each arm's hoisted ops with their classes, taken before anything moves.
  // A class is yielded when any arm still needs its value: a use by an op
  // that stays in the arm (nested ones included).
  SmallVector<SmallVector<std::pair<Operation *, unsigned>>> moved;
  llvm::SetVector<unsigned> yieldedClasses;
  for (HandlerOp handler : handlers) {
    Block &body = handler.getBody().front();
    auto &ops = moved.emplace_back();
    for (Operation &op : body.without_terminator()) {
      if (!isHoistedOp(&op))
        continue;
      unsigned c = *numbering.classOf(op.getResult(0));
      ops.emplace_back(&op, c);
      for (Operation *user : op.getResult(0).getUsers())
        if (user->getBlock() != &body || !isHoistedOp(user))
          yieldedClasses.insert(c);
    }
  }

  PrologueBuilder prologue(kernel, numbering);
  SmallVector<unsigned> sorted(common->begin(), common->end());
  llvm::sort(sorted); // a class's operands have smaller numbers
  for (unsigned c : sorted)
    if (hoisted(c))
      prologue.materialize(c);
  DenseMap<unsigned, unsigned> yieldIndex;
  for (unsigned c : yieldedClasses)
    yieldIndex[c] = prologue.yield(prologue.materialize(c));

  for (auto [handler, ops] : llvm::zip_equal(handlers, moved)) {
    OpBuilder b = OpBuilder::atBlockBegin(&handler.getBody().front());
    DenseMap<unsigned, Value> reads;
    for (auto [op, c] : ops) {
      auto index = yieldIndex.find(c);
      if (index == yieldIndex.end() || op->use_empty())
        continue;
      Value &read = reads[c];
      if (!read)
        read = PrologueValueOp::create(b, op->getLoc(), op->getResultTypes(),
                                       handler.getSlot(), index->second);
      op->getResult(0).replaceAllUsesWith(read);
    }
    // Users before their operands. The leaves only the moved ops used
    // (constants, earlier prologue reads) go too.
    llvm::SetVector<Operation *> leaves;
    for (Operation *op : llvm::reverse(llvm::make_first_range(ops))) {
      for (Value operand : op->getOperands())
        if (Operation *def = operand.getDefiningOp();
            def && (def->hasTrait<OpTrait::ConstantLike>() ||
                    isa<PrologueValueOp>(def)))
          leaves.insert(def);
      op->erase();
    }
    for (Operation *leaf : leaves)
      if (leaf->use_empty())
        leaf->erase();
  }
  return count;
}

namespace {

struct HoistCommonPass
    : mlir::vyre::impl::VyreHoistCommonBase<HoistCommonPass> {
  using Base::Base;

  void runOnOperation() override {
    bool ok = forEachKernel(getOperation(), getArgument(), [&](MegakernelOp k) {
      unsigned hoisted = hoistCommonComputations(k);
      numHoisted += hoisted;
      if (report)
        k.emitRemark() << getArgument() << ": " << hoisted
                       << " computations hoisted above the opcode switch";
    });
    if (!ok)
      signalPassFailure();
  }
};

} // namespace
