// Each pruning pass, and the vyre-prune-redundancy pipeline of the four,
// works on dispatch arms and says so, naming itself, before touching a
// kernel whose built-ins are not materialized.
// RUN: not vyre-opt %s --vyre-prune-redundancy 2>&1 | FileCheck %s --check-prefix=DROP
// RUN: not vyre-opt %s --vyre-drop-denied-handlers 2>&1 | FileCheck %s --check-prefix=DROP
// RUN: not vyre-opt %s --vyre-merge-equal-handlers 2>&1 | FileCheck %s --check-prefix=MERGE
// RUN: not vyre-opt %s --vyre-hoist-common 2>&1 | FileCheck %s --check-prefix=HOIST
// RUN: not vyre-opt %s --vyre-prune-batches 2>&1 | FileCheck %s --check-prefix=BATCHES

// DROP: error: 'vyre.megakernel' op still requests built-ins; vyre-drop-denied-handlers works on dispatch arms, so run vyre-materialize-builtins first
// MERGE: error: 'vyre.megakernel' op still requests built-ins; vyre-merge-equal-handlers works on dispatch arms, so run vyre-materialize-builtins first
// HOIST: error: 'vyre.megakernel' op still requests built-ins; vyre-hoist-common works on dispatch arms, so run vyre-materialize-builtins first
// BATCHES: error: 'vyre.megakernel' op still requests built-ins; vyre-prune-batches works on dispatch arms, so run vyre-materialize-builtins first
vyre.megakernel @k slots(8) workgroups(1) workgroup_size(8) mode(once) {
  vyre.builtin "nop"
}
