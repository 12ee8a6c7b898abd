//===- WorkgroupState.cpp - words a workgroup keeps between passes --------===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "WorkgroupState.h"

using namespace mlir;
using namespace mlir::vyre;
using namespace mlir::vyre::detail;

void WorkgroupState::create() {
  array = ctx.workgroupArray(size);
  for (int64_t w : singles)
    indices[w] = ctx.index(w);
}

Value WorkgroupState::indexOf(StateWord w) {
  assert(w && "a word that was never reserved");
  if (Value cached = indices.lookup(w.index))
    return cached;
  return ctx.index(w.index);
}

Value WorkgroupState::load(StateWord w) { return loadAt(indexOf(w)); }

Value WorkgroupState::loadAt(Value index) {
  return memref::LoadOp::create(ctx.b, ctx.loc, array, index);
}

void WorkgroupState::store(Value value, StateWord w) {
  storeAt(value, indexOf(w));
}

void WorkgroupState::storeAt(Value value, Value index) {
  memref::StoreOp::create(ctx.b, ctx.loc, value, array, index);
}

Value WorkgroupState::flag(StateWord w) {
  return ctx.cmp(arith::CmpIPredicate::ne, load(w), ctx.i32(0));
}

void WorkgroupState::atomic(arith::AtomicRMWKind kind, Value value,
                            StateWord w) {
  memref::AtomicRMWOp::create(ctx.b, ctx.loc, kind, value, array,
                              ValueRange{indexOf(w)});
}
