// RUN: vyre-opt %s --vyre-fuse-batch -split-input-file -verify-diagnostics
// RUN: not vyre-opt %s --vyre-fuse-batch="batch=nope" -split-input-file 2>&1 | FileCheck %s --check-prefix=NAMED

// NAMED: error: 'vyre.megakernel' op has no vyre.batch @nope (vyre-fuse-batch's `batch`); it has no batch
// NAMED: error: 'vyre.megakernel' op has no vyre.batch @nope (vyre-fuse-batch's `batch`); its batches: @a, @b

// expected-error @below {{'vyre.megakernel' op has no vyre.batch for vyre-fuse-batch to compile; list the work items in one}}
vyre.megakernel @nobatch slots(8) workgroups(1) workgroup_size(32) mode(persistent) {
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    vyre.yield
  }
}

// -----

// expected-error @below {{'vyre.megakernel' op has several batches (@a, @b); choose one with vyre-fuse-batch's `batch` option}}
vyre.megakernel @two slots(8) workgroups(1) workgroup_size(32) mode(persistent) {
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    vyre.yield
  }
  vyre.batch @a {
    vyre.work_item opcode(16)
  }
  vyre.batch @b {
    vyre.work_item opcode(16)
  }
}

// -----

vyre.megakernel @big slots(2) workgroups(1) workgroup_size(32) mode(persistent) {
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    vyre.yield
  }
  // expected-error @below {{'vyre.batch' op has 3 work items but the ring of @big has 2 slots; the fused batch runs on the ring, so split the batch or raise `slots`}}
  vyre.batch @a {
    vyre.work_item opcode(16)
    vyre.work_item opcode(16)
    vyre.work_item opcode(16)
  }
}

// -----

vyre.megakernel @empty slots(2) workgroups(1) workgroup_size(32) mode(persistent) {
  // expected-error @below {{'vyre.batch' op has no work items; there is nothing to fuse}}
  vyre.batch @a {
  }
}

// -----

vyre.megakernel @raw slots(2) workgroups(1) workgroup_size(32) mode(persistent) {
  // expected-error @below {{'vyre.builtin' op is not materialized; run vyre-materialize-builtins before vyre-fuse-batch (the vyre-to-spirv-batch pipeline does)}}
  vyre.builtin "nop"
  vyre.batch @a {
    vyre.work_item opcode(0)
  }
}
