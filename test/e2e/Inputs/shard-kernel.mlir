// The shard equivalence test's kernel: 4 workgroups of 32 lanes serving a
// 1024-slot ring, whatever vyre-shard makes of it.
vyre.megakernel @sharded slots(1024) workgroups(4) workgroup_size(32) mode(persistent)
    attributes {observables = 64 : i32} {
  vyre.builtin "nop"
  vyre.builtin "store_u32"
  vyre.builtin "atomic_add"
  vyre.builtin "printf"
}
