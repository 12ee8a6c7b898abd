//===- DropDeniedHandlers.cpp - remove arms no tenant may run ----*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// A handler no tenant of the kernel's tenant table may run is dead code in
// every dispatch; its opcodes keep faulting TENANT_DENIED through the
// kernel's denied_opcodes list.
//
//===----------------------------------------------------------------------===//

#include "ArmTable.h"
#include "vyre/Dialect/Vyre/Transforms/Passes.h"

namespace mlir::vyre {
#define GEN_PASS_DEF_VYREDROPDENIEDHANDLERS
#include "vyre/Dialect/Vyre/Transforms/Passes.h.inc"
} // namespace mlir::vyre

using namespace mlir;
using namespace mlir::vyre;

namespace {

/// Removes the arms of `kernel` no tenant may run; how many.
unsigned dropDeniedHandlers(MegakernelOp kernel, TenantTable &table) {
  unsigned dropped = 0;
  SmallVector<int64_t> denied;
  if (std::optional<ArrayRef<int64_t>> old = kernel.getDeniedOpcodes())
    denied.assign(old->begin(), old->end());
  SmallVector<HandlerOp> handlers = kernel.getHandlers();
  for (unsigned arm = handlers.size(); arm-- > 0;) {
    if (table.anyTenantMayRun(arm))
      continue;
    HandlerOp handler = handlers[arm];
    handler.emitRemark() << "handler @" << handler.getSymName()
                         << " removed: no tenant in the tenant table of @"
                         << kernel.getSymName()
                         << " may run it (its opcodes now fault "
                            "TENANT_DENIED without a dispatch arm)";
    llvm::append_range(denied, handler.getOpcodes());
    table.eraseArm(arm);
    handler.erase();
    ++dropped;
  }
  if (!denied.empty()) {
    llvm::sort(denied);
    kernel.setDeniedOpcodes(denied);
  }
  return dropped;
}

struct DropDeniedHandlersPass
    : mlir::vyre::impl::VyreDropDeniedHandlersBase<DropDeniedHandlersPass> {
  using Base::Base;

  void runOnOperation() override {
    bool ok = forEachKernel(getOperation(), getArgument(), [&](MegakernelOp k) {
      TenantTable table(k);
      if (!table.isExplicit())
        return; // tenant 0 may run every arm
      unsigned dropped = dropDeniedHandlers(k, table);
      table.writeBack(k);
      numDropped += dropped;
      if (report)
        k.emitRemark() << getArgument() << ": " << dropped
                       << " handlers no tenant may run removed";
    });
    if (!ok)
      signalPassFailure();
  }
};

} // namespace
