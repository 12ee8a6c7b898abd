// The benchmarks' trivial megakernel: NOP and ATOMIC_ADD on observables,
// a 4096-slot ring served by 4 workgroups of 64 lanes (16 slots per lane).
// bench/compile.sh also builds it in once mode and with other geometries.
vyre.megakernel @trivial slots(4096) workgroups(4) workgroup_size(64) mode(persistent)
    attributes {observables = 32 : i32} {
  vyre.builtin "nop"
  vyre.builtin "atomic_add"
}
