// The load benchmark's megakernel (bench/load, vyre-load-bench): the three
// task kinds of bench/load/LoadGen.h as vyre sees them:
//   nop         does nothing;
//   atomic_add  observable[a1 - 160] += a0 (the built-in);
//   lcg         a0 rounds of x <- x * 1664525 + 1013904223 from x = a1,
//               added into observable a1 & 31 (LoadGen.h's oracle).
// 4096 slots, 4 workgroups of 64 lanes; bench/compile.sh builds it in other
// geometries too, and a 1M-slot once build for the pre-filled drain.
vyre.megakernel @load slots(4096) workgroups(4) workgroup_size(64) mode(persistent)
    attributes {observables = 32 : i32} {
  vyre.builtin "nop"
  vyre.builtin "atomic_add"
  vyre.handler @lcg opcode(16) {
  ^bb0(%s: !vyre.slot):
    %rounds = vyre.arg %s[0]
    %at = vyre.arg %s[1]
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %n = arith.index_cast %rounds : i32 to index
    %a = arith.constant 1664525 : i32
    %b = arith.constant 1013904223 : i32
    %x = scf.for %i = %c0 to %n step %c1 iter_args(%v = %at) -> (i32) {
      %m = arith.muli %v, %a : i32
      %next = arith.addi %m, %b : i32
      scf.yield %next : i32
    }
    %mask = arith.constant 31 : i32
    %obs = arith.andi %at, %mask : i32
    %base = arith.constant 160 : i32
    %word = arith.addi %base, %obs : i32
    %old = vyre.atomic_rmw add %x, control[%word] : i32
    vyre.yield
  }
}
