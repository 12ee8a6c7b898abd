// A megakernel that serves only built-in opcodes: counters and flags kept in
// the control buffer's observable words, a fence to order batches, and
// PRINTF for debugging. The host drives it with raw slots, e.g.
//   STORE_U32  a0 = value, a1 = control word
//   ATOMIC_ADD a0 = delta, a1 = control word
//   LOAD_U32   a0 = control word, a1 = observable index
vyre.megakernel @counters slots(256) workgroups(2) workgroup_size(64) mode(once) {
  vyre.builtin "nop"
  vyre.builtin "store_u32"
  vyre.builtin "atomic_add"
  vyre.builtin "load_u32"
  vyre.builtin "compare_swap"
  vyre.builtin "memcpy"
  vyre.builtin "batch_fence"
  vyre.builtin "printf"
  vyre.builtin "shutdown"
  vyre.builtin "packed_slot"
}
