// A task graph (issue 26): a sum as a reduction tree. Four leaves each sum
// the integers of their quarter of [0, 4096) into a partial; two combines
// wait for their pair of leaves; the root waits for both combines and
// writes the total, 4096 * 4095 / 2 = 8386560, to observable 0. The edges
// are the work items' `after` lists: a combine runs only once both of its
// leaves ended DONE, and if one of them had faulted it would end FAULT
// dependency_failed without running, as would the root.
//
//   vyre-run examples/reduce_tree.mlir --batch tree --expect-observable 0=8386560
vyre.megakernel @reduce_tree slots(64) workgroups(2) workgroup_size(32) mode(persistent)
    attributes {observables = 4 : i32, dependency_counters = 16 : i32} {
  vyre.buffer @partial binding(0) read_write : memref<8xi32>
  // 16 leaf: partial[a0] = a1 + (a1 + 1) + ... + (a1 + a2 - 1)
  vyre.handler @leaf opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %out = vyre.arg %slot[0]
    %first = vyre.arg %slot[1]
    %count = vyre.arg %slot[2]
    %zero = arith.constant 0 : i32
    %one = arith.constant 1 : i32
    %sum = scf.for %i = %zero to %count step %one iter_args(%acc = %zero) -> (i32) : i32 {
      %v = arith.addi %first, %i : i32
      %next = arith.addi %acc, %v : i32
      scf.yield %next : i32
    }
    vyre.store %sum, @partial[%out] : i32
    vyre.yield
  }
  // 17 combine: partial[a0] = partial[a1] + partial[a2]; observable a3
  // gets it too when a3 < 4 (the root passes 0, the others 4).
  vyre.handler @combine opcode(17) {
  ^bb0(%slot: !vyre.slot):
    %out = vyre.arg %slot[0]
    %a = vyre.arg %slot[1]
    %b = vyre.arg %slot[2]
    %obs = vyre.arg %slot[3]
    %x = vyre.load @partial[%a] : i32
    %y = vyre.load @partial[%b] : i32
    %s = arith.addi %x, %y : i32
    vyre.store %s, @partial[%out] : i32
    %four = arith.constant 4 : i32
    %report = arith.cmpi ult, %obs, %four : i32
    scf.if %report {
      vyre.observe %s at [%obs]
    }
    vyre.yield
  }
  vyre.batch @tree {
    vyre.work_item opcode(16) args [0, 0, 1024]
    vyre.work_item opcode(16) args [1, 1024, 1024]
    vyre.work_item opcode(16) args [2, 2048, 1024]
    vyre.work_item opcode(16) args [3, 3072, 1024]
    vyre.work_item opcode(17) args [4, 0, 1, 4] after [0, 1]
    vyre.work_item opcode(17) args [5, 2, 3, 4] after [2, 3]
    vyre.work_item opcode(17) args [6, 4, 5, 0] after [4, 5]
  }
}
