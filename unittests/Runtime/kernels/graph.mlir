// Dependent tasks (ABI v10): a kernel with dependency counters.
//   16 step: value[a0] = value[a1] + 1, and order[a0] = the next number of
//      a shared sequence (when the task ran relative to the others)
//   17 fail: faults with code 300
vyre.megakernel @graph slots(256) workgroups(4) workgroup_size(32) mode(persistent)
    attributes {dependency_counters = 1024 : i32} {
  vyre.builtin "nop"
  vyre.buffer @value binding(0) read_write : memref<4096xi32>
  vyre.buffer @order binding(1) read_write : memref<4096xi32>
  vyre.buffer @sequence binding(2) read_write : memref<1xi32>
  vyre.handler @step opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %task = vyre.arg %slot[0]
    %from = vyre.arg %slot[1]
    %v = vyre.load @value[%from] : i32
    %one = arith.constant 1 : i32
    %next = arith.addi %v, %one : i32
    vyre.store %next, @value[%task] : i32
    %zero = arith.constant 0 : i32
    %n = vyre.atomic_rmw add %one, @sequence[%zero] : i32
    vyre.store %n, @order[%task] : i32
    vyre.yield
  }
  vyre.handler @fail opcode(17) {
  ^bb0(%slot: !vyre.slot):
    vyre.fault code(300)
    vyre.yield
  }
}
