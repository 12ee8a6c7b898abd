//===- BatchOps.cpp - static batches ----------------------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// vyre.batch, vyre.fused_batch and vyre.work_item: their verifiers.
//
//===----------------------------------------------------------------------===//

#include "vyre/Dialect/Vyre/IR/VyreOps.h"
#include "vyre/ABI/RingABI.h"
#include "vyre/Dialect/Vyre/IR/OpcodeUtils.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include "GraphPlan.h"

using namespace mlir;
using namespace mlir::vyre;
namespace graph = ::vyre::graph;

//===----------------------------------------------------------------------===//
// BatchOp, WorkItemOp
//===----------------------------------------------------------------------===//

bool BatchOp::hasEdges() {
  return llvm::any_of(getBody().front().getOps<WorkItemOp>(),
                      [](WorkItemOp item) { return bool(item.getAfter()); });
}

SmallVector<std::pair<uint32_t, uint32_t>> BatchOp::getEdges() {
  SmallVector<std::pair<uint32_t, uint32_t>> edges;
  for (auto [index, item] :
       llvm::enumerate(getBody().front().getOps<WorkItemOp>()))
    if (std::optional<ArrayRef<int32_t>> after = item.getAfter())
      for (int32_t from : *after)
        edges.push_back({uint32_t(from), uint32_t(index)});
  return edges;
}

/// The batch's `after` lists: earlier items only, none twice; then the
/// graph rule the runtime publishes by (common/graph/GraphPlan.h).
static LogicalResult verifyEdges(BatchOp batch) {
  SmallVector<WorkItemOp> items(batch.getBody().front().getOps<WorkItemOp>());
  for (auto [index, item] : llvm::enumerate(items)) {
    std::optional<ArrayRef<int32_t>> after = item.getAfter();
    if (!after)
      continue;
    llvm::SmallDenseSet<int32_t> seen;
    for (int32_t from : *after) {
      if (from < 0 || uint64_t(from) >= index)
        return item.emitOpError()
               << "is item " << index << " and runs after item " << from
               << (from >= 0 && uint64_t(from) < items.size()
                       ? ", which does not come before it"
                       : ", which does not exist")
               << "; `after` names earlier items of the batch (items are in "
                  "topological order, so a batch has no cycle)";
      if (!seen.insert(from).second)
        return item.emitOpError() << "lists item " << from << " twice in "
                                  << "`after`";
    }
  }
  SmallVector<std::pair<uint32_t, uint32_t>> pairs = batch.getEdges();
  if (pairs.empty())
    return success();
  auto kernel = batch->getParentOfType<MegakernelOp>();
  if (kernel && !kernel.getNumDependencyCounters())
    return batch.emitOpError()
           << "has work items with `after`, but @" << kernel.getSymName()
           << " has no dependency counters, so nothing could wait; add "
              "dependency_counters = N to the megakernel";
  std::vector<graph::Edge> edges;
  for (auto [from, to] : pairs)
    edges.push_back({from, to});
  graph::Plan plan;
  std::string why;
  if (!graph::planGraph(items.size(), edges.data(), edges.size(), plan, why,
                        "item"))
    return batch.emitOpError() << why;
  if (kernel && plan.counters > kernel.getNumDependencyCounters())
    return batch.emitOpError()
           << "needs " << plan.counters << " dependency counters and @"
           << kernel.getSymName() << " has "
           << kernel.getNumDependencyCounters()
           << "; the batch could never be published whole (raise "
              "dependency_counters)";
  return success();
}

LogicalResult BatchOp::verifyRegions() {
  for (Operation &op : getBody().front())
    if (!isa<WorkItemOp>(op))
      return op.emitOpError("is not allowed in a vyre.batch, which holds only "
                            "vyre.work_item");
  return verifyEdges(*this);
}

LogicalResult FusedBatchOp::verifyRegions() {
  auto kernel = (*this)->getParentOfType<MegakernelOp>();
  auto batch = dyn_cast_or_null<BatchOp>(
      SymbolTable::lookupSymbolIn(kernel, getBatchAttr().getAttr()));
  if (!batch)
    return emitOpError() << "names batch " << getBatchAttr()
                         << ", which is not a vyre.batch of @"
                         << kernel.getSymName();
  auto workItems = batch.getBody().front().getOps<WorkItemOp>();
  size_t count = std::distance(workItems.begin(), workItems.end());
  if (count != size_t(getItems()))
    return emitOpError() << "has items(" << getItems() << ") but batch "
                         << getBatchAttr() << " holds " << count
                         << " work items";
  if (getAssumes().size() % 3 != 0)
    return emitOpError() << "has " << getAssumes().size()
                         << " `assumes` values; they come in (tenant, arm, "
                            "allowed) triples";
  // Every item is closed exactly once, in batch order.
  int64_t next = 0;
  for (Operation &op : getBody().front()) {
    std::optional<int64_t> item;
    if (auto end = dyn_cast<ItemEndOp>(op))
      item = end.getItem();
    else if (auto requeue = dyn_cast<ItemRequeueOp>(op))
      item = requeue.getItem();
    if (!item)
      continue;
    if (*item != next)
      return op.emitOpError() << "closes item " << *item << " where item "
                              << next << " is next; every item of the batch "
                              << "ends once, in batch order";
    ++next;
  }
  if (next != getItems())
    return emitOpError() << "closes " << next << " of its " << getItems()
                         << " items; end each with vyre.item_end or "
                            "vyre.item_requeue";
  return success();
}

uint32_t WorkItemOp::getPriorityOrDefault() {
  return getPriority().value_or(VYRE_PRIORITY_NORMAL);
}

LogicalResult WorkItemOp::verify() {
  int64_t opcode = getOpcode();
  if (!isValidOpcode(opcode))
    return emitOpError() << "opcode " << opcode
                         << " does not fit in 32 unsigned bits";
  ArrayRef<int64_t> args = getArgs();
  if (args.size() > VYRE_SLOT_ARG_COUNT)
    return emitOpError() << "has " << args.size()
                         << " arguments; a slot holds at most "
                         << VYRE_SLOT_ARG_COUNT;
  for (auto [i, arg] : llvm::enumerate(args))
    if (arg < int64_t(INT32_MIN) || arg > int64_t(UINT32_MAX))
      return emitOpError() << "argument " << i << " (" << arg
                           << ") does not fit in a 32-bit slot word";
  if (getTenantOrDefault() >= VYRE_MAX_TENANTS)
    return emitOpError() << "tenant " << getTenantOrDefault()
                         << " is out of range; tenants are 0 to "
                         << VYRE_MAX_TENANTS - 1;
  if (getPriorityOrDefault() >= VYRE_PRIORITY_LEVELS)
    return emitOpError() << "priority " << getPriorityOrDefault()
                         << " is out of range; priorities are 0 (critical) to "
                         << VYRE_PRIORITY_LEVELS - 1 << " (idle)";
  auto kernel = (*this)->getParentOfType<MegakernelOp>();
  if (kernel && !kernel.servesOpcode(opcode))
    return emitOpError() << "names opcode " << formatOpcode(opcode)
                         << ", which no handler or built-in of @"
                         << kernel.getSymName() << " serves";
  return success();
}
