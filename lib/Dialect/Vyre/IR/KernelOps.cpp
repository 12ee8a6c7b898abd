//===- KernelOps.cpp - the megakernel and its declarations ------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// vyre.megakernel (its queries and verifiers), vyre.buffer and
// vyre.builtin. The ops themselves are generated into VyreOps.cpp.
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

using namespace mlir;
using namespace mlir::vyre;

//===----------------------------------------------------------------------===//
// MegakernelOp
//===----------------------------------------------------------------------===//

uint32_t MegakernelOp::getNumObservables() {
  return getObservables().value_or(VYRE_DEFAULT_OBSERVABLES);
}

uint32_t MegakernelOp::getNumArms() {
  return llvm::range_size(getBody().front().getOps<HandlerOp>()) +
         llvm::range_size(getBody().front().getOps<BuiltinOp>());
}

uint32_t MegakernelOp::getControlWords() {
  return vyre_control_words(getNumObservables(), getNumArms()) +
         getNumDependencyCounters();
}

uint32_t MegakernelOp::getNumDependencyCounters() {
  return getDependencyCounters().value_or(0);
}

uint32_t MegakernelOp::getNumDeviceQueueLines() {
  return getDeviceQueue().value_or(0);
}

uint32_t MegakernelOp::getNumDebugRecords() {
  return getDebugRecords().value_or(VYRE_DEFAULT_DEBUG_RECORDS);
}

bool MegakernelOp::usesIO() {
  return getBody().walk([](IoReadOp) { return WalkResult::interrupt(); })
      .wasInterrupted();
}

uint32_t MegakernelOp::getNumIoEntries() {
  if (std::optional<uint32_t> entries = getIoEntries())
    return *entries;
  return usesIO() ? VYRE_DEFAULT_IO_ENTRIES : 0;
}

SmallVector<uint32_t> MegakernelOp::getTenantTable() {
  if (std::optional<ArrayRef<int32_t>> tenants = getTenants())
    return llvm::map_to_vector(*tenants,
                               [](int32_t m) { return uint32_t(m); });
  // Tenant 0 may run every arm: `arms` one-bits over its mask words.
  uint32_t arms = getNumArms();
  SmallVector<uint32_t> words(vyre_tenant_mask_words(arms), 0u);
  for (uint32_t w = 0; w < words.size(); ++w) {
    uint32_t bits = std::min(32u, arms - std::min(arms, 32 * w));
    words[w] = bits >= 32 ? ~0u : (1u << bits) - 1u;
  }
  return words;
}

SmallVector<HandlerOp> MegakernelOp::getHandlers() {
  return llvm::to_vector(getBody().front().getOps<HandlerOp>());
}

HandlerOp MegakernelOp::lookupHandler(uint64_t opcode) {
  for (HandlerOp handler : getBody().front().getOps<HandlerOp>())
    if (llvm::is_contained(handler.getOpcodes(), int64_t(opcode)))
      return handler;
  return {};
}

bool MegakernelOp::isDeniedOpcode(uint64_t opcode) {
  std::optional<ArrayRef<int64_t>> denied = getDeniedOpcodes();
  return denied && llvm::is_contained(*denied, int64_t(opcode));
}

bool MegakernelOp::servesOpcode(uint64_t opcode) {
  if (lookupHandler(opcode) || isDeniedOpcode(opcode))
    return true;
  return llvm::any_of(getBody().front().getOps<BuiltinOp>(),
                      [&](BuiltinOp b) { return b.getOpcode() == opcode; });
}

FusedBatchOp MegakernelOp::getFusedBatch() {
  auto fused = getBody().front().getOps<FusedBatchOp>();
  return fused.empty() ? FusedBatchOp() : *fused.begin();
}

DispatchPrologueOp MegakernelOp::getPrologue() {
  auto prologues = getBody().front().getOps<DispatchPrologueOp>();
  return prologues.empty() ? DispatchPrologueOp() : *prologues.begin();
}

LogicalResult MegakernelOp::verifyDependencyCounters() {
  std::optional<uint32_t> counters = getDependencyCounters();
  if (!counters)
    return success();
  if (*counters < 1 || *counters > VYRE_MAX_DEP_COUNTERS)
    return emitOpError() << "dependency_counters " << int32_t(*counters)
                         << " is out of range; a kernel has 1 to "
                         << VYRE_MAX_DEP_COUNTERS << " counters";
  // A dependent slot signals when it ends; these features end a slot
  // more than once (a requeue, an IO wait) or not through the interpreter.
  if (getFusedArms())
    return emitOpError() << "has dependency_counters and fused_arms; a "
                            "JIT-fused kernel requeues slots, and dependent "
                            "slots are not fused yet (leave this kernel out "
                            "of vyre-fuse)";
  if (getFusedBatch())
    return emitOpError() << "has dependency_counters and a vyre.fused_batch; "
                            "a fused batch serves no ring, so nothing could "
                            "wait on a counter";
  if (usesIO())
    return emitOpError() << "has dependency_counters and a handler that uses "
                            "vyre.io_read; a slot that waits for IO runs "
                            "twice, and dependencies across IO waits are "
                            "not supported yet (use separate kernels)";
  return success();
}

LogicalResult MegakernelOp::verifyDeviceQueue() {
  std::optional<uint32_t> lines = getDeviceQueue();
  bool enqueues = getBody()
                      .walk([](EnqueueOp) { return WalkResult::interrupt(); })
                      .wasInterrupted();
  if (!lines) {
    if (enqueues)
      return emitOpError() << "has a handler that uses vyre.enqueue but no "
                              "device queue; add device_queue = N (lines) "
                              "to the megakernel";
    return success();
  }
  if (*lines < 1 || *lines > VYRE_MAX_DEVICE_QUEUE)
    return emitOpError() << "device_queue " << int32_t(*lines)
                         << " is out of range; the device queue holds 1 to "
                         << VYRE_MAX_DEVICE_QUEUE << " lines";
  if (getMode() != Mode::persistent)
    return emitOpError() << "has a device_queue but is mode(once); only a "
                            "persistent kernel serves the tasks its handlers "
                            "enqueue (a once dispatch ends when the host's "
                            "ring is drained)";
  if (getFusedArms())
    return emitOpError() << "has a device_queue and fused_arms; a JIT-fused "
                            "kernel does not serve the device queue yet "
                            "(leave this kernel out of vyre-fuse)";
  if (getFusedBatch())
    return emitOpError() << "has a device_queue and a vyre.fused_batch; a "
                            "fused batch serves no queue";
  if (usesIO())
    return emitOpError() << "has a device_queue and a handler that uses "
                            "vyre.io_read; a slot that waits for IO runs "
                            "twice and would enqueue twice";
  return success();
}

LogicalResult MegakernelOp::verify() {
  if (getSlots() > VYRE_MAX_SLOTS)
    return emitOpError() << "slots " << getSlots() << " exceeds "
                         << VYRE_MAX_SLOTS
                         << ", the most a ring holds (its word indices are "
                            "32-bit signed integers on the device)";
  if (getDebugRecords() && *getDebugRecords() > VYRE_MAX_DEBUG_RECORDS)
    return emitOpError() << "debug_records " << *getDebugRecords()
                         << " exceeds " << VYRE_MAX_DEBUG_RECORDS;
  if (getWorkgroupSize() > 1024)
    return emitOpError() << "workgroup_size " << getWorkgroupSize()
                         << " exceeds 1024, the largest workgroup Vulkan "
                            "guarantees";
  if (std::optional<uint32_t> obs = getObservables();
      obs && *obs > VYRE_MAX_OBSERVABLES)
    return emitOpError() << "observables " << *obs << " exceeds the maximum of "
                         << VYRE_MAX_OBSERVABLES;
  if (std::optional<uint32_t> io = getIoEntries();
      io && (*io < 1 || *io > VYRE_MAX_IO_ENTRIES))
    return emitOpError() << "io_entries " << int32_t(*io)
                         << " is out of range; the IO queue holds 1 to "
                         << VYRE_MAX_IO_ENTRIES << " requests";
  if (failed(verifyDependencyCounters()) || failed(verifyDeviceQueue()))
    return failure();
  if (std::optional<ArrayRef<int64_t>> denied = getDeniedOpcodes())
    for (int64_t opcode : *denied)
      if (!isValidOpcode(opcode))
        return emitOpError() << "denied opcode " << opcode
                             << " does not fit in 32 unsigned bits";
  if (std::optional<ArrayRef<int32_t>> fused = getFusedArms()) {
    if (getMode() != Mode::persistent)
      return emitOpError()
             << "has fused_arms but mode(once); a JIT-fused kernel requeues "
                "slots to the generic interpreter, which the runtime swaps in "
                "only for persistent kernels";
    llvm::SmallDenseSet<int32_t> seen;
    for (int32_t arm : *fused)
      if (!seen.insert(arm).second)
        return emitOpError() << "fused_arms lists arm " << arm << " twice";
    if (std::optional<ArrayRef<int32_t>> deferred = getDeferredArms())
      for (int32_t arm : *deferred)
        if (!seen.insert(arm).second)
          return emitOpError()
                 << "deferred_arms lists arm " << arm
                 << (llvm::is_contained(*fused, arm)
                         ? ", which fused_arms lists too; an arm is served "
                           "at claim time or deferred, not both"
                         : " twice");
  } else if (getDeferredArms()) {
    return emitOpError()
           << "has deferred_arms but no fused_arms; deferral is a way of "
              "serving the arms a JIT-fused kernel did not fuse (vyre-fuse "
              "sets both)";
  }
  if (ShardAttr shard = getShardAttr()) {
    ArrayRef<int32_t> parts = shard.getPartitions();
    if (!parts.empty() && uint32_t(parts.back()) != getSlots())
      return emitOpError() << "shard partitions end at slot " << parts.back()
                           << " but the ring has " << getSlots()
                           << " slots; the last offset must equal `slots`";
  }
  return success();
}

LogicalResult MegakernelOp::verifyRegions() {
  // opcode -> the op serving it, to report both sides of a clash.
  llvm::DenseMap<int64_t, Operation *> servedBy;
  llvm::DenseMap<int64_t, BufferOp> bindings;
  unsigned arms = 0;

  auto describe = [](Operation *op) -> std::string {
    if (auto handler = dyn_cast<HandlerOp>(op))
      return "handler @" + handler.getSymName().str();
    return "built-in \"" + cast<BuiltinOp>(op).getName().str() + "\"";
  };
  auto claim = [&](int64_t opcode, Operation *op) -> LogicalResult {
    auto [it, inserted] = servedBy.try_emplace(opcode, op);
    if (inserted)
      return success();
    return op->emitOpError()
           << "opcode " << formatOpcode(opcode) << " is already served by "
           << describe(it->second) << "; each opcode needs exactly one handler";
  };

  for (Operation &op : getBody().front()) {
    if (auto handler = dyn_cast<HandlerOp>(op)) {
      ++arms;
      for (int64_t opcode : handler.getOpcodes())
        if (failed(claim(opcode, handler)))
          return failure();
    } else if (auto builtin = dyn_cast<BuiltinOp>(op)) {
      ++arms;
      if (failed(claim(builtin.getOpcode(), builtin)))
        return failure();
    } else if (auto buffer = dyn_cast<BufferOp>(op)) {
      auto [it, inserted] = bindings.try_emplace(buffer.getBinding(), buffer);
      if (!inserted)
        return buffer.emitOpError()
               << "binding " << buffer.getBinding() << " is already used by @"
               << it->second.getSymName() << "; give each buffer its own "
               << "binding";
      if (buffer.getBinding() >= VYRE_MAX_USER_BUFFERS)
        return buffer.emitOpError()
               << "binding " << buffer.getBinding()
               << " is out of range; user bindings are 0 to "
               << VYRE_MAX_USER_BUFFERS - 1;
    } else if (auto prologue = dyn_cast<DispatchPrologueOp>(op)) {
      if (prologue != getPrologue())
        return prologue.emitOpError()
               << "is the second vyre.dispatch_prologue of @" << getSymName()
               << "; a megakernel has at most one (yield more values from "
                  "the first)";
    } else if (auto fusedBatch = dyn_cast<FusedBatchOp>(op)) {
      if (fusedBatch != getFusedBatch())
        return fusedBatch.emitOpError()
               << "is the second vyre.fused_batch of @" << getSymName()
               << "; a kernel lowers to one straight-line batch (compile "
                  "each batch into its own kernel)";
      if (getFusedArms())
        return fusedBatch.emitOpError()
               << "is in @" << getSymName()
               << ", which also has fused_arms; a kernel is either a "
                  "JIT-fused interpreter or a fused batch, not both";
    } else if (!isa<BatchOp>(op)) {
      return op.emitOpError()
             << "is not allowed in a vyre.megakernel body, which holds only "
                "vyre.buffer, vyre.builtin, vyre.handler, vyre.batch, "
                "vyre.fused_batch and vyre.dispatch_prologue";
    }
  }
  if (failed(verifyDependencyCounters()) || failed(verifyDeviceQueue()))
    return failure();
  if (std::optional<ArrayRef<int64_t>> denied = getDeniedOpcodes())
    for (int64_t opcode : *denied)
      if (Operation *server = servedBy.lookup(opcode))
        return emitOpError() << "denies opcode " << formatOpcode(opcode)
                             << ", which " << describe(server)
                             << " serves; `denied_opcodes` lists only "
                                "opcodes that no arm serves";
  for (auto [name, list] : {std::pair{"fused_arms", getFusedArms()},
                             std::pair{"deferred_arms", getDeferredArms()}})
    if (list)
      for (int32_t arm : *list)
        if (arm < 0 || unsigned(arm) >= arms)
          return emitOpError() << name << " names arm " << arm
                               << " but the kernel has " << arms
                               << " dispatch arms (0 to " << int(arms) - 1
                               << ")";
  if (arms > VYRE_MAX_HANDLERS)
    return emitOpError() << "has " << arms
                         << " dispatch arms (handlers and built-ins); ABI v"
                         << VYRE_ABI_VERSION << " supports at most "
                         << VYRE_MAX_HANDLERS
                         << " (tenant masks of " << VYRE_MAX_TENANT_MASK_WORDS
                         << " words); merge handlers that share a body";
  if (std::optional<ArrayRef<int32_t>> tenants = getTenants()) {
    uint32_t words = vyre_tenant_mask_words(arms);
    if (tenants->size() % words != 0)
      return emitOpError()
             << "tenant table has " << tenants->size() << " words, but with "
             << arms << " dispatch arms each tenant's mask takes " << words
             << " words (bit h % 32 of word h / 32 allows arm h); give a "
                "multiple of "
             << words;
    if (tenants->size() / words > VYRE_MAX_TENANTS)
      return emitOpError() << "tenant table has " << tenants->size() / words
                           << " entries; the ABI allows at most "
                           << VYRE_MAX_TENANTS;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// BufferOp, BuiltinOp
//===----------------------------------------------------------------------===//

bool BufferOp::isInDeviceMemory() {
  if (getDeviceLocal())
    return true;
  auto kernel = (*this)->getParentOfType<MegakernelOp>();
  StringRef name = getSymName();
  return kernel.getBody()
      .walk([&](IoReadOp read) {
        return read.getBuffer() == name ? WalkResult::interrupt()
                                        : WalkResult::advance();
      })
      .wasInterrupted();
}

LogicalResult BufferOp::verify() {
  MemRefType type = getMemRefType();
  if (type.getRank() != 1)
    return emitOpError() << "buffer must be a rank-1 memref (memref<Nxi32>, "
                            "memref<?xf32>), not "
                         << type << "; index a flat buffer instead";
  Type element = type.getElementType();
  if (!element.isSignlessInteger(32) && !element.isF32()) {
    InFlightDiagnostic diag = emitOpError()
                              << "buffer elements are " << element
                              << "; vyre buffers hold 32-bit words, i32 or f32";
    if (auto integer = dyn_cast<IntegerType>(element);
        integer && integer.getWidth() == 32)
      diag << ". Declare i32: arith takes signless integers, and its unsigned "
              "ops (arith.divui, arith.remui, arith.shrui, arith.cmpi ult) "
              "treat the words as unsigned";
    return diag;
  }
  if (type.hasStaticShape() && type.getNumElements() == 0)
    return emitOpError("buffer must hold at least one element");
  if (!type.getLayout().isIdentity())
    return emitOpError("buffer memref must have the identity layout");
  return success();
}

LogicalResult BuiltinOp::verify() {
  std::optional<uint32_t> opcode = lookupBuiltinOpcode(getName());
  if (!opcode)
    return emitOpError() << "unknown built-in \"" << getName()
                         << "\"; known built-ins: " << listBuiltinNames();
  bool isDfa = *opcode == VYRE_OP_DFA_STEP;
  if (isDfa && !getTableAttr())
    return emitOpError() << "\"dfa_step\" needs its transition table: write "
                            "vyre.builtin \"dfa_step\" table @buffer";
  if (!isDfa && getTableAttr())
    return emitOpError() << "only \"dfa_step\" takes a table; \""
                         << getName() << "\" does not";
  return success();
}

LogicalResult BuiltinOp::verifySymbolUses(SymbolTableCollection &symbols) {
  FlatSymbolRefAttr table = getTableAttr();
  if (!table)
    return success();
  auto kernel = (*this)->getParentOfType<MegakernelOp>();
  auto decl = symbols.lookupSymbolIn<BufferOp>(kernel.getOperation(),
                                               table.getAttr());
  if (!decl)
    return emitOpError() << "table " << table
                         << " is not a vyre.buffer of @" << kernel.getSymName();
  if (!decl.getElementType().isInteger(32) || !decl.isReadable())
    return emitOpError() << "table " << table
                         << " must be a readable buffer of i32";
  return success();
}

uint32_t BuiltinOp::getOpcode() { return *lookupBuiltinOpcode(getName()); }
