//===- Manifest.cpp - the ABI manifest of a lowered megakernel ---*- C++
//-*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Everything the runtime needs to run the SPIR-V without parsing MLIR:
// geometry, buffer bindings and sizes, the dispatch arms, the tenant table and
// the static batches. Schema: docs/manifest.md. It is built as an attribute
// (so it survives the rest of the pipeline on the module) and printed as JSON
// by vyre-translate.
//
//===----------------------------------------------------------------------===//

#include "KernelContext.h"

#include "vyre/ABI/ManifestKeys.h"

using namespace mlir;
using namespace mlir::vyre;
using namespace ::vyre::manifest;

static Attribute i64(Builder &b, int64_t v) { return b.getI64IntegerAttr(v); }

static DictionaryAttr makeBinding(Builder &b, uint32_t binding, StringRef name,
                                  StringRef kind, StringRef element,
                                  StringRef access, int64_t elements,
                                  StringRef memory = "") {
  NamedAttrList d;
  d.append(key::binding::Binding, i64(b, binding));
  d.append(key::binding::Name, b.getStringAttr(name));
  d.append(key::binding::Kind, b.getStringAttr(kind));
  d.append(key::binding::Element, b.getStringAttr(element));
  d.append(key::binding::Access, b.getStringAttr(access));
  // -1: sized by the host at launch (its length goes to control[128 + n]).
  d.append(key::binding::Elements, i64(b, elements));
  // User buffers: "device" (GPU memory, seen by a running kernel when the
  // host writes it) or "host" (docs/manifest.md).
  if (!memory.empty())
    d.append(key::binding::Memory, b.getStringAttr(memory));
  return d.getDictionary(b.getContext());
}

DictionaryAttr mlir::vyre::detail::buildManifest(MegakernelOp kernel,
                                                 ArrayRef<HandlerOp> arms) {
  Builder b(kernel.getContext());
  NamedAttrList m;
  m.append(key::document::AbiVersion, i64(b, VYRE_ABI_VERSION));
  m.append(key::document::Kernel, kernel.getSymNameAttr());
  m.append(key::document::EntryPoint, kernel.getSymNameAttr());
  m.append(key::document::Mode,
           b.getStringAttr(stringifyMode(kernel.getMode())));
  m.append(key::document::Slots, i64(b, kernel.getSlots()));
  // A fused batch is one lane's straight-line code.
  FusedBatchOp fusedBatch = kernel.getFusedBatch();
  m.append(key::document::Workgroups,
           i64(b, fusedBatch ? 1 : kernel.getWorkgroups()));
  m.append(key::document::WorkgroupSize,
           i64(b, fusedBatch ? 1 : kernel.getWorkgroupSize()));
  m.append(key::document::Observables, i64(b, kernel.getNumObservables()));
  m.append(key::document::ControlWords, i64(b, kernel.getControlWords()));
  m.append(key::document::DebugRecords, i64(b, kernel.getNumDebugRecords()));
  // GPU-initiated IO: the queue after the completion plane (0: none).
  m.append(key::document::IoEntries, i64(b, kernel.getNumIoEntries()));
  // Slot-level dependencies (ABI v10): counters after the control words,
  // the dependency plane after the ring's lines (0: none).
  m.append(key::document::DependencyCounters,
           i64(b, kernel.getNumDependencyCounters()));
  // Device-side enqueue (ABI v11): lines after the dependency plane.
  m.append(key::document::DeviceQueue, i64(b, kernel.getNumDeviceQueueLines()));

  uint32_t debugWords = VYRE_DEBUG_HEADER_WORDS +
                        kernel.getNumDebugRecords() * VYRE_DEBUG_RECORD_WORDS;
  SmallVector<Attribute> bindings = {
      makeBinding(b, VYRE_BINDING_RING, word::kind::Ring, word::kind::Ring,
                  word::element::I32, word::access::ReadWrite,
                  int64_t(vyre_ring_words(kernel.getSlots(),
                                          kernel.getNumDependencyCounters(),
                                          kernel.getNumDeviceQueueLines()))),
      makeBinding(b, VYRE_BINDING_CONTROL, word::kind::Control,
                  word::kind::Control, word::element::I32,
                  word::access::ReadWrite, kernel.getControlWords()),
      makeBinding(b, VYRE_BINDING_DEBUG, word::kind::Debug, word::kind::Debug,
                  word::element::I32, word::access::ReadWrite, debugWords),
      makeBinding(b, VYRE_BINDING_COMPLETIONS, word::kind::Completions,
                  word::kind::Completions, word::element::I8,
                  word::access::ReadWrite,
                  int64_t(vyre_completions_bytes(kernel.getSlots(),
                                                 kernel.getNumIoEntries())))};
  for (BufferOp buffer : kernel.getBody().front().getOps<BufferOp>()) {
    MemRefType type = buffer.getMemRefType();
    std::string element;
    llvm::raw_string_ostream os(element);
    os << type.getElementType();
    bindings.push_back(makeBinding(
        b, VYRE_BINDING_USER_BASE + buffer.getBinding(), buffer.getSymName(),
        word::kind::User, element, stringifyAccess(buffer.getAccess()),
        type.hasStaticShape() ? type.getNumElements() : -1,
        buffer.isInDeviceMemory() ? word::memory::Device : word::memory::Host));
  }
  m.append(key::document::Bindings, b.getArrayAttr(bindings));

  SmallVector<Attribute> armAttrs;
  for (auto [index, armHandler] : llvm::enumerate(arms)) {
    HandlerOp handler = armHandler;
    NamedAttrList arm;
    arm.append(key::arm::Index, i64(b, index));
    arm.append(key::arm::Handler, handler.getSymNameAttr());
    arm.append(key::arm::Opcodes, b.getI64ArrayAttr(handler.getOpcodes()));
    arm.append(key::arm::Builtin, b.getBoolAttr(handler.getBuiltin()));
    armAttrs.push_back(arm.getDictionary(b.getContext()));
  }
  m.append(key::document::Arms, b.getArrayAttr(armAttrs));
  // A JIT-fused kernel: the runtime loads it only as a variant of the
  // generic kernel (vyre_kernel_add_variant), which serves what it requeues.
  // Its deferred arms it serves itself, later, in opcode-uniform rounds.
  auto armList = [&](ArrayRef<int32_t> list) {
    return b.getI64ArrayAttr(
        llvm::map_to_vector(list, [](int32_t a) { return int64_t(a); }));
  };
  if (std::optional<ArrayRef<int32_t>> fused = kernel.getFusedArms())
    m.append(key::document::FusedArms, armList(*fused));
  if (std::optional<ArrayRef<int32_t>> deferred = kernel.getDeferredArms())
    m.append(key::document::DeferredArms, armList(*deferred));

  // A fused batch: the runtime runs it only through vyre_kernel_run_batch,
  // which writes this batch's items to the ring first.
  if (fusedBatch) {
    NamedAttrList fb;
    fb.append(key::fused_batch::Batch, fusedBatch.getBatchAttr().getAttr());
    fb.append(key::fused_batch::Items, i64(b, fusedBatch.getItems()));
    int64_t requeued = 0;
    fusedBatch.walk([&](ItemRequeueOp) { ++requeued; });
    fb.append(key::fused_batch::RequeuedItems, i64(b, requeued));
    m.append(key::document::FusedBatch, fb.getDictionary(b.getContext()));
  }

  SmallVector<int64_t> tenants = llvm::map_to_vector(
      kernel.getTenantTable(), [](uint32_t mask) { return int64_t(mask); });
  m.append(key::document::Tenants, b.getI64ArrayAttr(tenants));
  m.append(key::document::TenantMaskWords,
           i64(b, vyre_tenant_mask_words(kernel.getNumArms())));
  m.append(key::document::MaxTenants, i64(b, VYRE_MAX_TENANTS));

  if (ShardAttr shard = kernel.getShardAttr()) {
    SmallVector<int64_t> offsets(shard.getPartitions());
    m.append(key::document::ShardStrategy,
             b.getStringAttr(stringifyShardStrategy(shard.getStrategy())));
    // Absent: one partition, every priority shares the ring.
    if (!offsets.empty())
      m.append(key::document::PriorityOffsets, b.getI64ArrayAttr(offsets));
    m.append(key::document::StarvationBound,
             i64(b, shard.getStarvationBound()));
  }

  NamedAttrList batches;
  for (BatchOp batch : kernel.getBody().front().getOps<BatchOp>()) {
    SmallVector<Attribute> items;
    for (WorkItemOp item : batch.getBody().front().getOps<WorkItemOp>()) {
      NamedAttrList w;
      w.append(key::work_item::Opcode, i64(b, item.getOpcode()));
      w.append(key::work_item::Args, b.getI64ArrayAttr(item.getArgs()));
      w.append(key::work_item::Tenant, i64(b, item.getTenantOrDefault()));
      w.append(key::work_item::Priority, i64(b, item.getPriorityOrDefault()));
      // Earlier items it runs after (a task graph); absent: none.
      if (std::optional<ArrayRef<int32_t>> after = item.getAfter())
        w.append(key::work_item::After,
                 b.getI64ArrayAttr(llvm::map_to_vector(
                     *after, [](int32_t i) { return int64_t(i); })));
      items.push_back(w.getDictionary(b.getContext()));
    }
    batches.append(batch.getSymNameAttr(), b.getArrayAttr(items));
  }
  m.append(key::document::Batches, batches.getDictionary(b.getContext()));
  return m.getDictionary(b.getContext());
}
