//===- ArmTable.h - the arms' tenant columns, for the pruning passes -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// What vyre-drop-denied-handlers, vyre-merge-equal-handlers,
// vyre-hoist-common and vyre-prune-batches share: the tenant table as one
// column per arm (arm numbers feed the table, so every change to the
// handler list rewrites the table with it), and the check that built-ins
// were materialized into arms first.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_LIB_DIALECT_VYRE_TRANSFORMS_ARMTABLE_H
#define VYRE_LIB_DIALECT_VYRE_TRANSFORMS_ARMTABLE_H

#include "vyre/ABI/RingABI.h"
#include "vyre/Dialect/Vyre/IR/VyreOps.h"

#include <vector>

namespace mlir::vyre {

/// Fails with a diagnostic naming `pass` if `kernel` still requests
/// built-ins: the pruning passes work on dispatch arms.
inline LogicalResult requireArms(MegakernelOp kernel, StringRef pass) {
  if (kernel.getBody().front().getOps<BuiltinOp>().empty())
    return success();
  return kernel.emitOpError()
         << "still requests built-ins; " << pass
         << " works on dispatch arms, so run vyre-materialize-builtins first";
}

/// Runs `prune` on every megakernel of `module` that has its arms; false if
/// one did not (the pass fails).
template <typename Fn> bool forEachKernel(Operation *module, StringRef pass,
                                          Fn prune) {
  WalkResult result = module->walk([&](MegakernelOp kernel) {
    if (failed(requireArms(kernel, pass)))
      return WalkResult::interrupt();
    prune(kernel);
    return WalkResult::advance();
  });
  return !result.wasInterrupted();
}

/// The tenant table as per-arm columns: the arms are renumbered while
/// handlers are removed, and the table is written back at the end.
class TenantTable {
public:
  explicit TenantTable(MegakernelOp kernel)
      : explicitTable(kernel.getTenants().has_value()) {
    uint32_t arms = kernel.getNumArms();
    uint32_t words = vyre_tenant_mask_words(arms);
    SmallVector<uint32_t> table = kernel.getTenantTable();
    tenants = table.size() / words;
    columns.assign(arms, SmallVector<bool>(tenants, false));
    for (uint32_t t = 0; t < tenants; ++t)
      for (uint32_t h = 0; h < arms; ++h)
        columns[h][t] = (table[t * words + h / 32] >> (h % 32)) & 1u;
  }

  /// False when no `tenants` attribute was written: tenant 0 may run every
  /// arm, whatever the arms become.
  bool isExplicit() const { return explicitTable; }
  bool anyTenantMayRun(unsigned arm) const {
    return llvm::is_contained(columns[arm], true);
  }
  bool mayRun(unsigned arm, uint32_t tenant) const {
    return tenant < tenants && columns[arm][tenant];
  }
  bool sameColumn(unsigned a, unsigned b) const {
    return columns[a] == columns[b];
  }
  void eraseArm(unsigned arm) {
    columns.erase(columns.begin() + arm);
    changed = true;
  }

  /// Rewrites the attribute if arms went away (an untouched table keeps its
  /// words, bits past the last arm included).
  void writeBack(MegakernelOp kernel) const {
    if (!explicitTable || !changed)
      return;
    uint32_t arms = columns.size();
    uint32_t words = vyre_tenant_mask_words(arms);
    SmallVector<int32_t> table(tenants * words, 0);
    for (uint32_t t = 0; t < tenants; ++t)
      for (uint32_t h = 0; h < arms; ++h)
        if (columns[h][t])
          table[t * words + h / 32] |= int32_t(1u << (h % 32));
    kernel.setTenants(table);
  }

private:
  bool explicitTable;
  bool changed = false;
  uint32_t tenants = 0;
  /// columns[arm][tenant]: the tenant may run the arm.
  std::vector<SmallVector<bool>> columns;
};

} // namespace mlir::vyre

#endif // VYRE_LIB_DIALECT_VYRE_TRANSFORMS_ARMTABLE_H
