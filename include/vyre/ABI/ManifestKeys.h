/*===- ManifestKeys.h - the manifest's keys and words, in one place -*- C -*-===*
 *
 * Part of the vyre project, under the Apache License v2.0 with LLVM
 * Exceptions. See LICENSE.TXT for license information.
 *
 *===----------------------------------------------------------------------===*
 *
 * The single list of the ABI manifest's keys and the words its string
 * fields take (docs/manifest.md gives their meaning). The compiler's writer
 * (lib/Conversion/VyreToGPU/Manifest.cpp, vyre-translate's module hash)
 * and the runtime's reader (runtime/src/Manifest.cpp) spell every key
 * through these constants, and test/Docs/check_docs.py holds
 * docs/manifest.md to exactly this list, so a key cannot be renamed,
 * added or dropped on one side only. C++ only; MLIR-free.
 *
 *===----------------------------------------------------------------------===*/

#ifndef VYRE_ABI_MANIFESTKEYS_H
#define VYRE_ABI_MANIFESTKEYS_H

/* X(object, Name, "key"): object is the JSON object the key belongs to
 * (document: the top level; binding, arm, work_item, fused_batch: the
 * objects in its arrays). Every key is listed once, in document order. */
#define VYRE_MANIFEST_KEYS(X)                                                 \
  X(document, AbiVersion, "abi_version")                                      \
  X(document, Kernel, "kernel")                                               \
  X(document, EntryPoint, "entry_point")                                      \
  X(document, Mode, "mode")                                                   \
  X(document, Slots, "slots")                                                 \
  X(document, Workgroups, "workgroups")                                       \
  X(document, WorkgroupSize, "workgroup_size")                                \
  X(document, Observables, "observables")                                     \
  X(document, ControlWords, "control_words")                                  \
  X(document, DebugRecords, "debug_records")                                  \
  X(document, ModuleHash, "module_hash")                                      \
  X(document, IoEntries, "io_entries")                                        \
  X(document, DependencyCounters, "dependency_counters")                      \
  X(document, DeviceQueue, "device_queue")                                    \
  X(document, Bindings, "bindings")                                           \
  X(document, Arms, "arms")                                                   \
  X(document, TenantMaskWords, "tenant_mask_words")                           \
  X(document, Tenants, "tenants")                                             \
  X(document, MaxTenants, "max_tenants")                                      \
  X(document, ShardStrategy, "shard_strategy")                                \
  X(document, StarvationBound, "starvation_bound")                            \
  X(document, PriorityOffsets, "priority_offsets")                            \
  X(document, Batches, "batches")                                             \
  X(document, FusedArms, "fused_arms")                                        \
  X(document, DeferredArms, "deferred_arms")                                  \
  X(document, FusedBatch, "fused_batch")                                      \
  X(binding, Binding, "binding")                                              \
  X(binding, Name, "name")                                                    \
  X(binding, Kind, "kind")                                                    \
  X(binding, Element, "element")                                              \
  X(binding, Access, "access")                                                \
  X(binding, Elements, "elements")                                            \
  X(binding, Memory, "memory")                                                \
  X(arm, Index, "index")                                                      \
  X(arm, Handler, "handler")                                                  \
  X(arm, Opcodes, "opcodes")                                                  \
  X(arm, Builtin, "builtin")                                                  \
  X(work_item, Opcode, "opcode")                                              \
  X(work_item, Args, "args")                                                  \
  X(work_item, Tenant, "tenant")                                              \
  X(work_item, Priority, "priority")                                          \
  X(work_item, After, "after")                                                \
  X(fused_batch, Batch, "batch")                                              \
  X(fused_batch, Items, "items")                                              \
  X(fused_batch, RequeuedItems, "requeued_items")

/* X(field, Name, "word"): the words a string field may hold. */
#define VYRE_MANIFEST_WORDS(X)                                                \
  X(mode, Persistent, "persistent")                                           \
  X(mode, Once, "once")                                                       \
  X(kind, Ring, "ring")                                                       \
  X(kind, Control, "control")                                                 \
  X(kind, Debug, "debug")                                                     \
  X(kind, Completions, "completions")                                         \
  X(kind, User, "user")                                                       \
  X(element, I32, "i32")                                                      \
  X(element, F32, "f32")                                                      \
  X(element, I8, "i8")                                                        \
  X(access, ReadOnly, "read_only")                                            \
  X(access, WriteOnly, "write_only")                                          \
  X(access, ReadWrite, "read_write")                                          \
  X(memory, Device, "device")                                                 \
  X(memory, Host, "host")                                                     \
  X(shard_strategy, Strided, "strided")                                       \
  X(shard_strategy, Contiguous, "contiguous")

#ifdef __cplusplus
namespace vyre {
namespace manifest {
/* The constants: manifest::key::document::Slots is "slots",
 * manifest::word::mode::Once is "once". */
namespace key {
#define VYRE_MANIFEST_KEY_CONSTANT(object, name, text)                        \
  namespace object {                                                          \
  inline constexpr const char name[] = text;                                  \
  }
VYRE_MANIFEST_KEYS(VYRE_MANIFEST_KEY_CONSTANT)
#undef VYRE_MANIFEST_KEY_CONSTANT
} // namespace key
namespace word {
#define VYRE_MANIFEST_WORD_CONSTANT(field, name, text)                        \
  namespace field {                                                           \
  inline constexpr const char name[] = text;                                  \
  }
VYRE_MANIFEST_WORDS(VYRE_MANIFEST_WORD_CONSTANT)
#undef VYRE_MANIFEST_WORD_CONSTANT
} // namespace word
} // namespace manifest
} // namespace vyre
#endif

#endif /* VYRE_ABI_MANIFESTKEYS_H */
