// User handlers touching a dynamic-size user buffer, with a user fault and
// a handler that never returns (for the watchdog test).
vyre.megakernel @user_handlers slots(128) workgroups(2) workgroup_size(32) mode(persistent)
    attributes {observables = 16 : i32} {
  vyre.buffer @data binding(0) read_write : memref<?xi32>
  // 16: data[a0] += a1 (faults with 300 when a1 > 1000)
  vyre.handler @add opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %i = vyre.arg %slot[0]
    %v = vyre.arg %slot[1]
    %limit = arith.constant 1000 : i32
    %big = arith.cmpi ugt, %v, %limit : i32
    scf.if %big {
      vyre.fault code(300)
    } else {
      %old = vyre.atomic_rmw add %v, @data[%i] : i32
    }
    vyre.yield
  }
  // 17: observable a1 = data[a0] * 2
  vyre.handler @double opcode(17) {
  ^bb0(%slot: !vyre.slot):
    %i = vyre.arg %slot[0]
    %o = vyre.arg %slot[1]
    %v = vyre.load @data[%i] : i32
    %two = arith.constant 2 : i32
    %d = arith.muli %v, %two : i32
    vyre.observe %d at [%o]
    vyre.yield
  }
  // 18: spins while control[a0] == a1, counting its iterations in
  // observable a2 (a stuck handler for the watchdog). The count matters:
  // Mesa deletes a loop whose only work is loads, volatile or not.
  vyre.handler @spin opcode(18) {
  ^bb0(%slot: !vyre.slot):
    %w = vyre.arg %slot[0]
    %v = vyre.arg %slot[1]
    %counter = vyre.arg %slot[2]
    %one = arith.constant 1 : i32
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %counter : i32
    scf.while : () -> () {
      %cur = vyre.load control[%w] : i32
      %same = arith.cmpi eq, %cur, %v : i32
      scf.condition(%same)
    } do {
      // 32 atomics per iteration: a long stall even where the device
      // bounds the loop (lavapipe: 65535 iterations).
      %o0 = vyre.atomic_rmw add %one, control[%at] : i32
      %o1 = vyre.atomic_rmw add %one, control[%at] : i32
      %o2 = vyre.atomic_rmw add %one, control[%at] : i32
      %o3 = vyre.atomic_rmw add %one, control[%at] : i32
      %o4 = vyre.atomic_rmw add %one, control[%at] : i32
      %o5 = vyre.atomic_rmw add %one, control[%at] : i32
      %o6 = vyre.atomic_rmw add %one, control[%at] : i32
      %o7 = vyre.atomic_rmw add %one, control[%at] : i32
      %o8 = vyre.atomic_rmw add %one, control[%at] : i32
      %o9 = vyre.atomic_rmw add %one, control[%at] : i32
      %o10 = vyre.atomic_rmw add %one, control[%at] : i32
      %o11 = vyre.atomic_rmw add %one, control[%at] : i32
      %o12 = vyre.atomic_rmw add %one, control[%at] : i32
      %o13 = vyre.atomic_rmw add %one, control[%at] : i32
      %o14 = vyre.atomic_rmw add %one, control[%at] : i32
      %o15 = vyre.atomic_rmw add %one, control[%at] : i32
      %o16 = vyre.atomic_rmw add %one, control[%at] : i32
      %o17 = vyre.atomic_rmw add %one, control[%at] : i32
      %o18 = vyre.atomic_rmw add %one, control[%at] : i32
      %o19 = vyre.atomic_rmw add %one, control[%at] : i32
      %o20 = vyre.atomic_rmw add %one, control[%at] : i32
      %o21 = vyre.atomic_rmw add %one, control[%at] : i32
      %o22 = vyre.atomic_rmw add %one, control[%at] : i32
      %o23 = vyre.atomic_rmw add %one, control[%at] : i32
      %o24 = vyre.atomic_rmw add %one, control[%at] : i32
      %o25 = vyre.atomic_rmw add %one, control[%at] : i32
      %o26 = vyre.atomic_rmw add %one, control[%at] : i32
      %o27 = vyre.atomic_rmw add %one, control[%at] : i32
      %o28 = vyre.atomic_rmw add %one, control[%at] : i32
      %o29 = vyre.atomic_rmw add %one, control[%at] : i32
      %o30 = vyre.atomic_rmw add %one, control[%at] : i32
      %o31 = vyre.atomic_rmw add %one, control[%at] : i32
      scf.yield
    }
    vyre.yield
  }
}
