//===- Manifest.cpp - the ABI manifest, read and checked ---------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "Manifest.h"

#include <algorithm>
#include "Json.h"
#include "vyre/ABI/ManifestKeys.h"
#include "vyre/ABI/RingABI.h"

using namespace vyre;
using namespace vyre::manifest;


namespace {
/// Field readers that record the first problem, naming the field.
class Reader {
public:
  explicit Reader(std::string &error) : error(error) {}

  bool ok() const { return error.empty(); }
  bool fail(const std::string &message) {
    if (error.empty())
      error = "invalid ABI manifest: " + message;
    return false;
  }

  const json::Value *field(const json::Value &obj, const std::string &key,
                           json::Value::Kind kind, const std::string &where) {
    const json::Value *v = obj.find(key);
    if (!v) {
      fail(where + " lacks \"" + key + "\"");
      return nullptr;
    }
    if (v->kind != kind) {
      fail(where + " field \"" + key + "\" has the wrong type");
      return nullptr;
    }
    return v;
  }
  uint32_t u32(const json::Value &obj, const std::string &key,
               const std::string &where) {
    const json::Value *v = field(obj, key, json::Value::Kind::Number, where);
    if (!v)
      return 0;
    if (v->number < 0 || v->number > int64_t(UINT32_MAX)) {
      fail(where + " field \"" + key + "\" is out of range");
      return 0;
    }
    return uint32_t(v->number);
  }
  int64_t i64(const json::Value &obj, const std::string &key,
              const std::string &where) {
    const json::Value *v = field(obj, key, json::Value::Kind::Number, where);
    return v ? v->number : 0;
  }
  std::string str(const json::Value &obj, const std::string &key,
                  const std::string &where) {
    const json::Value *v = field(obj, key, json::Value::Kind::String, where);
    return v ? v->string : std::string();
  }
  std::vector<uint32_t> u32s(const json::Value &obj, const std::string &key,
                             const std::string &where) {
    std::vector<uint32_t> out;
    const json::Value *v = field(obj, key, json::Value::Kind::Array, where);
    if (!v)
      return out;
    for (const json::Value &e : v->array) {
      if (e.kind != json::Value::Kind::Number || e.number < INT32_MIN ||
          e.number > int64_t(UINT32_MAX)) {
        fail(where + " field \"" + key + "\" must hold 32-bit integers");
        return {};
      }
      out.push_back(uint32_t(e.number));
    }
    return out;
  }

private:
  std::string &error;
};
} // namespace

/// The optional vyre-shard geometry: priority_offsets (5 partition starts
/// and the slot count), starvation_bound, shard_strategy.
static bool parseShard(Reader &r, const json::Value &root, Manifest &m) {
  if (!root.find(key::document::PriorityOffsets))
    return true;
  m.priorityOffsets = r.u32s(root, key::document::PriorityOffsets, "manifest");
  m.starvationBound = r.u32(root, key::document::StarvationBound, "manifest");
  m.shardStrategy = r.str(root, key::document::ShardStrategy, "manifest");
  if (!r.ok())
    return false;
  const std::vector<uint32_t> &o = m.priorityOffsets;
  if (o.size() != VYRE_PRIORITY_OFFSET_WORDS || o.front() != 0 ||
      o.back() != m.slots || !std::is_sorted(o.begin(), o.end()))
    return r.fail("priority_offsets must be " +
                  std::to_string(VYRE_PRIORITY_OFFSET_WORDS) +
                  " non-decreasing slot indices from 0 to slots (" +
                  std::to_string(m.slots) + "); recompile with vyre-shard");
  if (m.shardStrategy != word::shard_strategy::Strided &&
      m.shardStrategy != word::shard_strategy::Contiguous)
    return r.fail("shard_strategy \"" + m.shardStrategy +
                  "\" is neither strided nor contiguous");
  return true;
}

bool vyre::parseManifest(const std::string &text, Manifest &m,
                         std::string &error) {
  json::Value root;
  std::string parseError;
  if (!json::parse(text, root, parseError)) {
    error = "ABI manifest is not valid JSON: " + parseError;
    return false;
  }
  error.clear();
  Reader r(error);
  if (root.kind != json::Value::Kind::Object)
    return r.fail("the top level must be an object");

  m.abiVersion = r.u32(root, key::document::AbiVersion, "manifest");
  if (r.ok() && m.abiVersion != VYRE_ABI_VERSION)
    return r.fail("it is for ring ABI v" + std::to_string(m.abiVersion) +
                  " but this runtime speaks v" +
                  std::to_string(VYRE_ABI_VERSION) +
                  "; recompile the kernel with a matching vyre");
  m.kernel = r.str(root, key::document::Kernel, "manifest");
  m.entryPoint = r.str(root, key::document::EntryPoint, "manifest");
  m.mode = r.str(root, key::document::Mode, "manifest");
  m.slots = r.u32(root, key::document::Slots, "manifest");
  m.workgroups = r.u32(root, key::document::Workgroups, "manifest");
  m.workgroupSize = r.u32(root, key::document::WorkgroupSize, "manifest");
  m.observables = r.u32(root, key::document::Observables, "manifest");
  m.controlWords = r.u32(root, key::document::ControlWords, "manifest");
  m.debugRecords = r.u32(root, key::document::DebugRecords, "manifest");
  m.tenants = r.u32s(root, key::document::Tenants, "manifest");
  m.tenantMaskWords = r.u32(root, key::document::TenantMaskWords, "manifest");
  if (!r.ok())
    return false;
  if (m.mode != word::mode::Persistent && m.mode != word::mode::Once)
    return r.fail("mode \"" + m.mode + "\" is neither persistent nor once");
  if (m.slots == 0 || m.workgroups == 0 || m.workgroupSize == 0)
    return r.fail("slots, workgroups and workgroup_size must be positive");
  if (m.slots > VYRE_MAX_SLOTS)
    return r.fail("slots is " + std::to_string(m.slots) + "; a ring holds at "
                  "most " + std::to_string(VYRE_MAX_SLOTS));
  if (m.debugRecords > VYRE_MAX_DEBUG_RECORDS ||
      m.observables > VYRE_MAX_OBSERVABLES)
    return r.fail("debug_records (" + std::to_string(m.debugRecords) +
                  ") or observables (" + std::to_string(m.observables) +
                  ") is past its ABI maximum (" +
                  std::to_string(VYRE_MAX_DEBUG_RECORDS) + ", " +
                  std::to_string(VYRE_MAX_OBSERVABLES) + ")");
  // The control buffer's size depends on the arm count, so check it before
  // the bindings that must match it.
  const json::Value *armList =
      r.field(root, key::document::Arms, json::Value::Kind::Array, "manifest");
  if (!armList)
    return false;
  uint32_t numArms = armList->array.size();
  if (numArms > VYRE_MAX_HANDLERS)
    return r.fail("more than " + std::to_string(VYRE_MAX_HANDLERS) +
                  " dispatch arms");
  if (root.find(key::document::DependencyCounters)) {
    m.dependencyCounters =
        r.u32(root, key::document::DependencyCounters, "manifest");
    if (!r.ok())
      return false;
    if (m.dependencyCounters > VYRE_MAX_DEP_COUNTERS)
      return r.fail("dependency_counters is " +
                    std::to_string(m.dependencyCounters) +
                    "; a kernel has at most " +
                    std::to_string(VYRE_MAX_DEP_COUNTERS));
  }
  if (root.find(key::document::DeviceQueue)) {
    m.deviceQueue = r.u32(root, key::document::DeviceQueue, "manifest");
    if (!r.ok())
      return false;
    if (m.deviceQueue > VYRE_MAX_DEVICE_QUEUE)
      return r.fail("device_queue is " + std::to_string(m.deviceQueue) +
                    " lines; a kernel has at most " +
                    std::to_string(VYRE_MAX_DEVICE_QUEUE));
    if (m.deviceQueue && m.mode != word::mode::Persistent)
      return r.fail("device_queue is set on a " + m.mode +
                    " kernel; only persistent kernels serve a device queue");
  }
  if (m.controlWords != vyre_control_words(m.observables, numArms) +
                            m.dependencyCounters)
    return r.fail("control_words (" + std::to_string(m.controlWords) +
                  ") does not match 160 + observables (" +
                  std::to_string(m.observables) + ") + the wide-arm region (" +
                  std::to_string(vyre_wide_arm_words(numArms)) + " words for " +
                  std::to_string(numArms) + " arms) + dependency_counters (" +
                  std::to_string(m.dependencyCounters) + ")");
  if (m.tenantMaskWords != vyre_tenant_mask_words(numArms))
    return r.fail("tenant_mask_words is " + std::to_string(m.tenantMaskWords) +
                  " but " + std::to_string(numArms) + " dispatch arms need " +
                  std::to_string(vyre_tenant_mask_words(numArms)));
  if (m.tenants.size() % m.tenantMaskWords != 0 ||
      m.tenants.size() / m.tenantMaskWords > VYRE_MAX_TENANTS)
    return r.fail("the tenant table has " + std::to_string(m.tenants.size()) +
                  " words; it needs " + std::to_string(m.tenantMaskWords) +
                  " per tenant and at most " +
                  std::to_string(VYRE_MAX_TENANTS) + " tenants");
  if (!parseShard(r, root, m))
    return false;
  if (root.find(key::document::IoEntries)) {
    m.ioEntries = r.u32(root, key::document::IoEntries, "manifest");
    if (!r.ok())
      return false;
    if (m.ioEntries > VYRE_MAX_IO_ENTRIES)
      return r.fail("io_entries is " + std::to_string(m.ioEntries) +
                    "; the IO queue holds at most " +
                    std::to_string(VYRE_MAX_IO_ENTRIES) + " requests");
    if (m.ioEntries && m.mode != word::mode::Persistent)
      return r.fail("a once kernel has an IO queue; vyre.io_read needs a "
                    "persistent kernel, recompile it");
  }

  const json::Value *bindings =
      r.field(root, key::document::Bindings, json::Value::Kind::Array, "manifest");
  if (!bindings)
    return false;
  for (const json::Value &b : bindings->array) {
    BindingInfo info;
    std::string where = "a binding";
    info.binding = r.u32(b, key::binding::Binding, where);
    info.name = r.str(b, key::binding::Name, where);
    info.kind = r.str(b, key::binding::Kind, where);
    info.element = r.str(b, key::binding::Element, where);
    info.access = r.str(b, key::binding::Access, where);
    info.elements = r.i64(b, key::binding::Elements, where);
    if (b.find(key::binding::Memory)) {
      std::string memory = r.str(b, key::binding::Memory, where);
      if (r.ok() && memory != word::memory::Device &&
          memory != word::memory::Host)
        return r.fail("binding " + info.name + " has memory \"" + memory +
                      "\"; it is \"device\" or \"host\"");
      info.deviceMemory = memory == word::memory::Device;
    }
    if (!r.ok())
      return false;
    bool plane = info.kind == word::kind::Completions &&
                 info.element == word::element::I8;
    if (info.element != word::element::I32 &&
        info.element != word::element::F32 && !plane)
      return r.fail("binding " + info.name + " has element type " +
                    info.element +
                    "; only i32 and f32 exist (i8 for the completion plane)");
    m.bindings.push_back(info);
  }
  // The four system bindings must sit where the ABI says.
  struct Expected {
    const char *name;
    uint32_t binding;
    int64_t elements;
    const char *element;
  } expected[] = {
      {word::kind::Ring, VYRE_BINDING_RING, int64_t(m.ringWords()),
       word::element::I32},
      {word::kind::Control, VYRE_BINDING_CONTROL, m.controlWords,
       word::element::I32},
      {word::kind::Debug, VYRE_BINDING_DEBUG,
       VYRE_DEBUG_HEADER_WORDS + int64_t(m.debugRecords) * VYRE_DEBUG_RECORD_WORDS,
       word::element::I32},
      {word::kind::Completions, VYRE_BINDING_COMPLETIONS,
       int64_t(vyre_completions_bytes(m.slots, m.ioEntries)), word::element::I8},
  };
  for (const Expected &e : expected) {
    const BindingInfo *b = m.findBinding(e.name);
    if (!b || b->kind != e.name || b->binding != e.binding ||
        b->elements != e.elements || b->element != e.element)
      return r.fail(std::string("the ") + e.name + " buffer (kind \"" +
                    e.name + "\") must be binding " +
                    std::to_string(e.binding) + " with " +
                    std::to_string(e.elements) + " elements of " + e.element);
  }
  for (const BindingInfo &b : m.bindings)
    if (b.kind == word::kind::User &&
        (b.binding < VYRE_BINDING_USER_BASE ||
         b.binding >= VYRE_BINDING_USER_BASE + VYRE_MAX_USER_BUFFERS))
      return r.fail("user buffer " + b.name + " has binding " +
                    std::to_string(b.binding) + ", outside " +
                    std::to_string(VYRE_BINDING_USER_BASE) + ".." +
                    std::to_string(VYRE_BINDING_USER_BASE +
                                   VYRE_MAX_USER_BUFFERS - 1));

  const json::Value *arms =
      r.field(root, key::document::Arms, json::Value::Kind::Array, "manifest");
  if (!arms)
    return false;
  for (const json::Value &a : arms->array) {
    ArmInfo info;
    info.index = r.u32(a, key::arm::Index, "an arm");
    info.handler = r.str(a, key::arm::Handler, "an arm");
    info.opcodes = r.u32s(a, key::arm::Opcodes, "an arm");
    if (const json::Value *b = a.find(key::arm::Builtin))
      info.builtin = b->kind == json::Value::Kind::Bool && b->boolean;
    if (!r.ok())
      return false;
    m.arms.push_back(info);
  }
  // A list of arm numbers, each naming one of the kernel's arms.
  auto readArms = [&](const char *key, std::vector<uint32_t> &out) {
    out = r.u32s(root, key, "manifest");
    if (!r.ok())
      return false;
    for (uint32_t arm : out)
      if (arm >= m.arms.size())
        return r.fail(std::string(key) + " names arm " + std::to_string(arm) +
                      " but the kernel has " + std::to_string(m.arms.size()) +
                      " arms");
    return true;
  };
  if (root.find(key::document::FusedArms)) {
    if (!readArms(key::document::FusedArms, m.fusedArms))
      return false;
    if (m.fusedArms.empty())
      return r.fail("fused_arms is empty; a JIT-fused kernel serves at "
                    "least one arm");
    if (!m.persistent())
      return r.fail("fused_arms is set on a once kernel; JIT-fused kernels "
                    "are persistent (recompile with vyre-to-spirv-jit)");
  }
  if (root.find(key::document::DeferredArms)) {
    if (m.fusedArms.empty())
      return r.fail("deferred_arms is set but fused_arms is not; only a "
                    "JIT-fused kernel defers arms (recompile with "
                    "vyre-to-spirv-jit)");
    if (!readArms(key::document::DeferredArms, m.deferredArms))
      return false;
  }
  if (const json::Value *batches = root.find(key::document::Batches)) {
    for (const auto &[name, items] : batches->object) {
      std::vector<WorkItem> list;
      for (const json::Value &w : items.array) {
        WorkItem item;
        item.opcode = r.u32(w, key::work_item::Opcode, "a work item");
        item.tenant = r.u32(w, key::work_item::Tenant, "a work item");
        item.priority = r.u32(w, key::work_item::Priority, "a work item");
        item.args = r.u32s(w, key::work_item::Args, "a work item");
        if (w.find(key::work_item::After))
          item.after = r.u32s(w, key::work_item::After, "a work item");
        if (!r.ok())
          return false;
        for (uint32_t from : item.after)
          if (from >= list.size())
            return r.fail("work item " + std::to_string(list.size()) +
                          " of batch " + name + " runs after item " +
                          std::to_string(from) +
                          ", which does not come before it");
        list.push_back(item);
      }
      m.batches[name] = list;
    }
  }
  if (const json::Value *fused = root.find(key::document::FusedBatch)) {
    m.fusedBatch = r.str(*fused, key::fused_batch::Batch, key::document::FusedBatch);
    uint32_t items = r.u32(*fused, key::fused_batch::Items, key::document::FusedBatch);
    if (!r.ok())
      return false;
    auto batch = m.batches.find(m.fusedBatch);
    if (batch == m.batches.end() || batch->second.size() != items)
      return r.fail("fused_batch runs batch \"" + m.fusedBatch + "\" of " +
                    std::to_string(items) +
                    " items, but the manifest's batches do not list it with "
                    "that many; recompile with vyre-to-spirv-batch");
    if (items > m.slots)
      return r.fail("fused_batch has " + std::to_string(items) +
                    " items but the ring only " + std::to_string(m.slots) +
                    " slots");
    if (!m.fusedArms.empty())
      return r.fail("the manifest has both fused_arms and fused_batch; a "
                    "kernel is one or the other");
  }
  return checkManifestConsistency(m, error);
}

