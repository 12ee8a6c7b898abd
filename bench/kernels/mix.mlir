// The JIT benchmark's megakernel (bench/vyre-bench/jit-bench.cpp): 16 user
// handlers, opcodes 16-31, each a0 rounds of its own LCG from a1, added into
// observable a1 & 31; equal in cost, different in constants (so
// vyre-prune-redundancy keeps them apart). 4096 slots, 4 workgroups of 64
// lanes; bench/compile.sh builds the generic interpreter, the interpreter
// ordered by a profile and JIT-fused kernels for a skewed and a uniform mix.
vyre.megakernel @mix slots(4096) workgroups(4) workgroup_size(64) mode(persistent)
    attributes {observables = 32 : i32} {
  vyre.handler @mix0 opcode(16) {
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
  vyre.handler @mix1 opcode(17) {
  ^bb0(%s: !vyre.slot):
    %rounds = vyre.arg %s[0]
    %at = vyre.arg %s[1]
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %n = arith.index_cast %rounds : i32 to index
    %a = arith.constant 1680363 : i32
    %b = arith.constant 1013904224 : i32
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
  vyre.handler @mix2 opcode(18) {
  ^bb0(%s: !vyre.slot):
    %rounds = vyre.arg %s[0]
    %at = vyre.arg %s[1]
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %n = arith.index_cast %rounds : i32 to index
    %a = arith.constant 1696201 : i32
    %b = arith.constant 1013904225 : i32
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
  vyre.handler @mix3 opcode(19) {
  ^bb0(%s: !vyre.slot):
    %rounds = vyre.arg %s[0]
    %at = vyre.arg %s[1]
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %n = arith.index_cast %rounds : i32 to index
    %a = arith.constant 1712039 : i32
    %b = arith.constant 1013904226 : i32
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
  vyre.handler @mix4 opcode(20) {
  ^bb0(%s: !vyre.slot):
    %rounds = vyre.arg %s[0]
    %at = vyre.arg %s[1]
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %n = arith.index_cast %rounds : i32 to index
    %a = arith.constant 1727877 : i32
    %b = arith.constant 1013904227 : i32
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
  vyre.handler @mix5 opcode(21) {
  ^bb0(%s: !vyre.slot):
    %rounds = vyre.arg %s[0]
    %at = vyre.arg %s[1]
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %n = arith.index_cast %rounds : i32 to index
    %a = arith.constant 1743715 : i32
    %b = arith.constant 1013904228 : i32
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
  vyre.handler @mix6 opcode(22) {
  ^bb0(%s: !vyre.slot):
    %rounds = vyre.arg %s[0]
    %at = vyre.arg %s[1]
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %n = arith.index_cast %rounds : i32 to index
    %a = arith.constant 1759553 : i32
    %b = arith.constant 1013904229 : i32
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
  vyre.handler @mix7 opcode(23) {
  ^bb0(%s: !vyre.slot):
    %rounds = vyre.arg %s[0]
    %at = vyre.arg %s[1]
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %n = arith.index_cast %rounds : i32 to index
    %a = arith.constant 1775391 : i32
    %b = arith.constant 1013904230 : i32
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
  vyre.handler @mix8 opcode(24) {
  ^bb0(%s: !vyre.slot):
    %rounds = vyre.arg %s[0]
    %at = vyre.arg %s[1]
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %n = arith.index_cast %rounds : i32 to index
    %a = arith.constant 1791229 : i32
    %b = arith.constant 1013904231 : i32
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
  vyre.handler @mix9 opcode(25) {
  ^bb0(%s: !vyre.slot):
    %rounds = vyre.arg %s[0]
    %at = vyre.arg %s[1]
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %n = arith.index_cast %rounds : i32 to index
    %a = arith.constant 1807067 : i32
    %b = arith.constant 1013904232 : i32
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
  vyre.handler @mix10 opcode(26) {
  ^bb0(%s: !vyre.slot):
    %rounds = vyre.arg %s[0]
    %at = vyre.arg %s[1]
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %n = arith.index_cast %rounds : i32 to index
    %a = arith.constant 1822905 : i32
    %b = arith.constant 1013904233 : i32
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
  vyre.handler @mix11 opcode(27) {
  ^bb0(%s: !vyre.slot):
    %rounds = vyre.arg %s[0]
    %at = vyre.arg %s[1]
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %n = arith.index_cast %rounds : i32 to index
    %a = arith.constant 1838743 : i32
    %b = arith.constant 1013904234 : i32
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
  vyre.handler @mix12 opcode(28) {
  ^bb0(%s: !vyre.slot):
    %rounds = vyre.arg %s[0]
    %at = vyre.arg %s[1]
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %n = arith.index_cast %rounds : i32 to index
    %a = arith.constant 1854581 : i32
    %b = arith.constant 1013904235 : i32
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
  vyre.handler @mix13 opcode(29) {
  ^bb0(%s: !vyre.slot):
    %rounds = vyre.arg %s[0]
    %at = vyre.arg %s[1]
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %n = arith.index_cast %rounds : i32 to index
    %a = arith.constant 1870419 : i32
    %b = arith.constant 1013904236 : i32
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
  vyre.handler @mix14 opcode(30) {
  ^bb0(%s: !vyre.slot):
    %rounds = vyre.arg %s[0]
    %at = vyre.arg %s[1]
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %n = arith.index_cast %rounds : i32 to index
    %a = arith.constant 1886257 : i32
    %b = arith.constant 1013904237 : i32
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
  vyre.handler @mix15 opcode(31) {
  ^bb0(%s: !vyre.slot):
    %rounds = vyre.arg %s[0]
    %at = vyre.arg %s[1]
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %n = arith.index_cast %rounds : i32 to index
    %a = arith.constant 1902095 : i32
    %b = arith.constant 1013904238 : i32
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
