// 40 dispatch arms: more than 32, so tenant masks take two words and arms
// 32-39 keep their mask bits and counters in the wide-arm region after the
// observables. Handler h (opcode 16 + h): observable a0 += h + 1.
// Tenant 0 may run every arm; tenant 1 only arm 32 (bit 0 of its word 1).
vyre.megakernel @wide_arms slots(64) workgroups(2) workgroup_size(32) mode(persistent)
    attributes {observables = 8 : i32, tenants = array<i32: -1, 255, 0, 1>} {
  vyre.handler @h0 opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %o = vyre.arg %slot[0]
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %o : i32
    %inc = arith.constant 1 : i32
    %old = vyre.atomic_rmw add %inc, control[%at] : i32
    vyre.yield
  }
  vyre.handler @h1 opcode(17) {
  ^bb0(%slot: !vyre.slot):
    %o = vyre.arg %slot[0]
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %o : i32
    %inc = arith.constant 2 : i32
    %old = vyre.atomic_rmw add %inc, control[%at] : i32
    vyre.yield
  }
  vyre.handler @h2 opcode(18) {
  ^bb0(%slot: !vyre.slot):
    %o = vyre.arg %slot[0]
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %o : i32
    %inc = arith.constant 3 : i32
    %old = vyre.atomic_rmw add %inc, control[%at] : i32
    vyre.yield
  }
  vyre.handler @h3 opcode(19) {
  ^bb0(%slot: !vyre.slot):
    %o = vyre.arg %slot[0]
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %o : i32
    %inc = arith.constant 4 : i32
    %old = vyre.atomic_rmw add %inc, control[%at] : i32
    vyre.yield
  }
  vyre.handler @h4 opcode(20) {
  ^bb0(%slot: !vyre.slot):
    %o = vyre.arg %slot[0]
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %o : i32
    %inc = arith.constant 5 : i32
    %old = vyre.atomic_rmw add %inc, control[%at] : i32
    vyre.yield
  }
  vyre.handler @h5 opcode(21) {
  ^bb0(%slot: !vyre.slot):
    %o = vyre.arg %slot[0]
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %o : i32
    %inc = arith.constant 6 : i32
    %old = vyre.atomic_rmw add %inc, control[%at] : i32
    vyre.yield
  }
  vyre.handler @h6 opcode(22) {
  ^bb0(%slot: !vyre.slot):
    %o = vyre.arg %slot[0]
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %o : i32
    %inc = arith.constant 7 : i32
    %old = vyre.atomic_rmw add %inc, control[%at] : i32
    vyre.yield
  }
  vyre.handler @h7 opcode(23) {
  ^bb0(%slot: !vyre.slot):
    %o = vyre.arg %slot[0]
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %o : i32
    %inc = arith.constant 8 : i32
    %old = vyre.atomic_rmw add %inc, control[%at] : i32
    vyre.yield
  }
  vyre.handler @h8 opcode(24) {
  ^bb0(%slot: !vyre.slot):
    %o = vyre.arg %slot[0]
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %o : i32
    %inc = arith.constant 9 : i32
    %old = vyre.atomic_rmw add %inc, control[%at] : i32
    vyre.yield
  }
  vyre.handler @h9 opcode(25) {
  ^bb0(%slot: !vyre.slot):
    %o = vyre.arg %slot[0]
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %o : i32
    %inc = arith.constant 10 : i32
    %old = vyre.atomic_rmw add %inc, control[%at] : i32
    vyre.yield
  }
  vyre.handler @h10 opcode(26) {
  ^bb0(%slot: !vyre.slot):
    %o = vyre.arg %slot[0]
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %o : i32
    %inc = arith.constant 11 : i32
    %old = vyre.atomic_rmw add %inc, control[%at] : i32
    vyre.yield
  }
  vyre.handler @h11 opcode(27) {
  ^bb0(%slot: !vyre.slot):
    %o = vyre.arg %slot[0]
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %o : i32
    %inc = arith.constant 12 : i32
    %old = vyre.atomic_rmw add %inc, control[%at] : i32
    vyre.yield
  }
  vyre.handler @h12 opcode(28) {
  ^bb0(%slot: !vyre.slot):
    %o = vyre.arg %slot[0]
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %o : i32
    %inc = arith.constant 13 : i32
    %old = vyre.atomic_rmw add %inc, control[%at] : i32
    vyre.yield
  }
  vyre.handler @h13 opcode(29) {
  ^bb0(%slot: !vyre.slot):
    %o = vyre.arg %slot[0]
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %o : i32
    %inc = arith.constant 14 : i32
    %old = vyre.atomic_rmw add %inc, control[%at] : i32
    vyre.yield
  }
  vyre.handler @h14 opcode(30) {
  ^bb0(%slot: !vyre.slot):
    %o = vyre.arg %slot[0]
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %o : i32
    %inc = arith.constant 15 : i32
    %old = vyre.atomic_rmw add %inc, control[%at] : i32
    vyre.yield
  }
  vyre.handler @h15 opcode(31) {
  ^bb0(%slot: !vyre.slot):
    %o = vyre.arg %slot[0]
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %o : i32
    %inc = arith.constant 16 : i32
    %old = vyre.atomic_rmw add %inc, control[%at] : i32
    vyre.yield
  }
  vyre.handler @h16 opcode(32) {
  ^bb0(%slot: !vyre.slot):
    %o = vyre.arg %slot[0]
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %o : i32
    %inc = arith.constant 17 : i32
    %old = vyre.atomic_rmw add %inc, control[%at] : i32
    vyre.yield
  }
  vyre.handler @h17 opcode(33) {
  ^bb0(%slot: !vyre.slot):
    %o = vyre.arg %slot[0]
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %o : i32
    %inc = arith.constant 18 : i32
    %old = vyre.atomic_rmw add %inc, control[%at] : i32
    vyre.yield
  }
  vyre.handler @h18 opcode(34) {
  ^bb0(%slot: !vyre.slot):
    %o = vyre.arg %slot[0]
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %o : i32
    %inc = arith.constant 19 : i32
    %old = vyre.atomic_rmw add %inc, control[%at] : i32
    vyre.yield
  }
  vyre.handler @h19 opcode(35) {
  ^bb0(%slot: !vyre.slot):
    %o = vyre.arg %slot[0]
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %o : i32
    %inc = arith.constant 20 : i32
    %old = vyre.atomic_rmw add %inc, control[%at] : i32
    vyre.yield
  }
  vyre.handler @h20 opcode(36) {
  ^bb0(%slot: !vyre.slot):
    %o = vyre.arg %slot[0]
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %o : i32
    %inc = arith.constant 21 : i32
    %old = vyre.atomic_rmw add %inc, control[%at] : i32
    vyre.yield
  }
  vyre.handler @h21 opcode(37) {
  ^bb0(%slot: !vyre.slot):
    %o = vyre.arg %slot[0]
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %o : i32
    %inc = arith.constant 22 : i32
    %old = vyre.atomic_rmw add %inc, control[%at] : i32
    vyre.yield
  }
  vyre.handler @h22 opcode(38) {
  ^bb0(%slot: !vyre.slot):
    %o = vyre.arg %slot[0]
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %o : i32
    %inc = arith.constant 23 : i32
    %old = vyre.atomic_rmw add %inc, control[%at] : i32
    vyre.yield
  }
  vyre.handler @h23 opcode(39) {
  ^bb0(%slot: !vyre.slot):
    %o = vyre.arg %slot[0]
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %o : i32
    %inc = arith.constant 24 : i32
    %old = vyre.atomic_rmw add %inc, control[%at] : i32
    vyre.yield
  }
  vyre.handler @h24 opcode(40) {
  ^bb0(%slot: !vyre.slot):
    %o = vyre.arg %slot[0]
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %o : i32
    %inc = arith.constant 25 : i32
    %old = vyre.atomic_rmw add %inc, control[%at] : i32
    vyre.yield
  }
  vyre.handler @h25 opcode(41) {
  ^bb0(%slot: !vyre.slot):
    %o = vyre.arg %slot[0]
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %o : i32
    %inc = arith.constant 26 : i32
    %old = vyre.atomic_rmw add %inc, control[%at] : i32
    vyre.yield
  }
  vyre.handler @h26 opcode(42) {
  ^bb0(%slot: !vyre.slot):
    %o = vyre.arg %slot[0]
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %o : i32
    %inc = arith.constant 27 : i32
    %old = vyre.atomic_rmw add %inc, control[%at] : i32
    vyre.yield
  }
  vyre.handler @h27 opcode(43) {
  ^bb0(%slot: !vyre.slot):
    %o = vyre.arg %slot[0]
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %o : i32
    %inc = arith.constant 28 : i32
    %old = vyre.atomic_rmw add %inc, control[%at] : i32
    vyre.yield
  }
  vyre.handler @h28 opcode(44) {
  ^bb0(%slot: !vyre.slot):
    %o = vyre.arg %slot[0]
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %o : i32
    %inc = arith.constant 29 : i32
    %old = vyre.atomic_rmw add %inc, control[%at] : i32
    vyre.yield
  }
  vyre.handler @h29 opcode(45) {
  ^bb0(%slot: !vyre.slot):
    %o = vyre.arg %slot[0]
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %o : i32
    %inc = arith.constant 30 : i32
    %old = vyre.atomic_rmw add %inc, control[%at] : i32
    vyre.yield
  }
  vyre.handler @h30 opcode(46) {
  ^bb0(%slot: !vyre.slot):
    %o = vyre.arg %slot[0]
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %o : i32
    %inc = arith.constant 31 : i32
    %old = vyre.atomic_rmw add %inc, control[%at] : i32
    vyre.yield
  }
  vyre.handler @h31 opcode(47) {
  ^bb0(%slot: !vyre.slot):
    %o = vyre.arg %slot[0]
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %o : i32
    %inc = arith.constant 32 : i32
    %old = vyre.atomic_rmw add %inc, control[%at] : i32
    vyre.yield
  }
  vyre.handler @h32 opcode(48) {
  ^bb0(%slot: !vyre.slot):
    %o = vyre.arg %slot[0]
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %o : i32
    %inc = arith.constant 33 : i32
    %old = vyre.atomic_rmw add %inc, control[%at] : i32
    vyre.yield
  }
  vyre.handler @h33 opcode(49) {
  ^bb0(%slot: !vyre.slot):
    %o = vyre.arg %slot[0]
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %o : i32
    %inc = arith.constant 34 : i32
    %old = vyre.atomic_rmw add %inc, control[%at] : i32
    vyre.yield
  }
  vyre.handler @h34 opcode(50) {
  ^bb0(%slot: !vyre.slot):
    %o = vyre.arg %slot[0]
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %o : i32
    %inc = arith.constant 35 : i32
    %old = vyre.atomic_rmw add %inc, control[%at] : i32
    vyre.yield
  }
  vyre.handler @h35 opcode(51) {
  ^bb0(%slot: !vyre.slot):
    %o = vyre.arg %slot[0]
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %o : i32
    %inc = arith.constant 36 : i32
    %old = vyre.atomic_rmw add %inc, control[%at] : i32
    vyre.yield
  }
  vyre.handler @h36 opcode(52) {
  ^bb0(%slot: !vyre.slot):
    %o = vyre.arg %slot[0]
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %o : i32
    %inc = arith.constant 37 : i32
    %old = vyre.atomic_rmw add %inc, control[%at] : i32
    vyre.yield
  }
  vyre.handler @h37 opcode(53) {
  ^bb0(%slot: !vyre.slot):
    %o = vyre.arg %slot[0]
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %o : i32
    %inc = arith.constant 38 : i32
    %old = vyre.atomic_rmw add %inc, control[%at] : i32
    vyre.yield
  }
  vyre.handler @h38 opcode(54) {
  ^bb0(%slot: !vyre.slot):
    %o = vyre.arg %slot[0]
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %o : i32
    %inc = arith.constant 39 : i32
    %old = vyre.atomic_rmw add %inc, control[%at] : i32
    vyre.yield
  }
  vyre.handler @h39 opcode(55) {
  ^bb0(%slot: !vyre.slot):
    %o = vyre.arg %slot[0]
    %base = arith.constant 160 : i32
    %at = arith.addi %base, %o : i32
    %inc = arith.constant 40 : i32
    %old = vyre.atomic_rmw add %inc, control[%at] : i32
    vyre.yield
  }
}
