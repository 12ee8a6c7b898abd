// The end-to-end tests' kernel: every built-in, a DFA table, 64
// observables, a small debug log (so overflow is testable), and a tenant
// table: tenant 0 may run everything, tenant 1 only arms 0-3 (nop,
// store_u32, atomic_add, load_u32), tenant 2 nothing. The build compiles it
// twice, as written (persistent) and in once mode.
vyre.megakernel @builtins slots(256) workgroups(4) workgroup_size(32) mode(persistent)
    attributes {observables = 64 : i32, debug_records = 32 : i32,
                tenants = array<i32: -1, 15, 0>} {
  vyre.buffer @dfa binding(0) read_only : memref<512xi32>
  vyre.builtin "nop"
  vyre.builtin "store_u32"
  vyre.builtin "atomic_add"
  vyre.builtin "load_u32"
  vyre.builtin "compare_swap"
  vyre.builtin "memcpy"
  vyre.builtin "dfa_step" table @dfa
  vyre.builtin "batch_fence"
  vyre.builtin "printf"
  vyre.builtin "shutdown"
  vyre.builtin "packed_slot"
}
