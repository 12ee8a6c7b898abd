// The hoisting equivalence test's kernel: four user arms that share their
// first steps (the observable a slot's argument 0 picks, argument 1, its
// range check), which vyre-prune-redundancy moves into the dispatch
// prologue, and then each do something different with them.
vyre.megakernel @hoisted slots(1024) workgroups(4) workgroup_size(32) mode(persistent)
    attributes {observables = 64 : i32} {
  vyre.handler @bump opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %a0 = vyre.arg %slot[0]
    %mask = arith.constant 31 : i32
    %word = arith.andi %a0, %mask : i32
    %first = arith.constant 160 : i32
    %obs = arith.addi %word, %first : i32
    %a1 = vyre.arg %slot[1]
    %limit = arith.constant 100 : i32
    %small = arith.cmpi ult, %a1, %limit : i32
    %zero = arith.constant 0 : i32
    %add = arith.select %small, %a1, %zero : i32
    vyre.atomic_rmw add %add, control[%obs] : i32
    vyre.yield
  }
  vyre.handler @twice opcode(17) {
  ^bb0(%slot: !vyre.slot):
    %a0 = vyre.arg %slot[0]
    %a1 = vyre.arg %slot[1]
    %mask = arith.constant 31 : i32
    %word = arith.andi %a0, %mask : i32
    %first = arith.constant 160 : i32
    %obs = arith.addi %word, %first : i32
    %limit = arith.constant 100 : i32
    %small = arith.cmpi ult, %a1, %limit : i32
    %two = arith.constant 2 : i32
    %double = arith.muli %a1, %two : i32
    scf.if %small {
      vyre.atomic_rmw add %double, control[%obs] : i32
    }
    vyre.yield
  }
  vyre.handler @mix opcode(18) {
  ^bb0(%slot: !vyre.slot):
    %a0 = vyre.arg %slot[0]
    %mask = arith.constant 31 : i32
    %word = arith.andi %a0, %mask : i32
    %first = arith.constant 160 : i32
    %obs = arith.addi %word, %first : i32
    %a1 = vyre.arg %slot[1]
    %limit = arith.constant 100 : i32
    %small = arith.cmpi ult, %a1, %limit : i32
    %k = arith.constant 85 : i32
    %mixed = arith.xori %a1, %k : i32
    %byte = arith.constant 255 : i32
    %low = arith.andi %mixed, %byte : i32
    %upper = arith.constant 32 : i32
    %other = arith.addi %obs, %upper : i32
    %add = arith.select %small, %low, %a1 : i32
    vyre.atomic_rmw add %add, control[%other] : i32
    vyre.yield
  }
  vyre.handler @check opcode(19) {
  ^bb0(%slot: !vyre.slot):
    %a0 = vyre.arg %slot[0]
    %mask = arith.constant 31 : i32
    %word = arith.andi %a0, %mask : i32
    %first = arith.constant 160 : i32
    %obs = arith.addi %word, %first : i32
    %a1 = vyre.arg %slot[1]
    %limit = arith.constant 100 : i32
    %small = arith.cmpi ult, %a1, %limit : i32
    scf.if %small {
      %one = arith.constant 1 : i32
      %upper = arith.constant 32 : i32
      %other = arith.addi %obs, %upper : i32
      vyre.atomic_rmw add %one, control[%other] : i32
    } else {
      vyre.fault code(300)
    }
    vyre.yield
  }
}
