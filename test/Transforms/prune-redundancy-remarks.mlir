// RUN: vyre-opt %s --vyre-materialize-builtins --vyre-prune-redundancy="report=true" -split-input-file -verify-diagnostics

// With report=true each pass of the pipeline states its counts.
// expected-remark @+4 {{vyre-drop-denied-handlers: 1 handlers no tenant may run removed}}
// expected-remark @+3 {{vyre-merge-equal-handlers: 0 handlers merged into an equal one}}
// expected-remark @+2 {{vyre-hoist-common: 0 computations hoisted above the opcode switch}}
// (the pipeline's passes run in this order)
vyre.megakernel @k slots(8) workgroups(1) workgroup_size(8) mode(once)
    attributes {tenants = array<i32: 3>} {
  vyre.builtin "nop"
  vyre.builtin "store_u32"
  // expected-remark @+1 {{handler @__vyre_atomic_add removed: no tenant in the tenant table of @k may run it (its opcodes now fault TENANT_DENIED without a dispatch arm)}}
  vyre.builtin "atomic_add"
  // A work item naming the removed handler's opcode still verifies.
  // expected-remark @+1 {{vyre-prune-batches: 1 of 3 work items pruned (1 without effect, 0 duplicate, 0 overwritten)}}
  vyre.batch @b {
    vyre.work_item opcode(0)
    vyre.work_item opcode(2) args [1, 160]
    vyre.work_item opcode(1) args [1, 160]
  }
}
