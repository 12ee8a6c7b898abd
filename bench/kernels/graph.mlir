// vyre-graph-bench's kernel (issue 26): one step handler, and NOP for the
// barriers between a layered graph's layers.
//   16 step: value[a0] = value[a1] + 1
vyre.megakernel @graph slots(4096) workgroups(4) workgroup_size(64) mode(persistent)
    attributes {dependency_counters = 4096 : i32} {
  vyre.builtin "nop"
  vyre.buffer @value binding(0) read_write device_local : memref<8192xi32>
  vyre.handler @step opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %task = vyre.arg %slot[0]
    %from = vyre.arg %slot[1]
    %v = vyre.load @value[%from] : i32
    %one = arith.constant 1 : i32
    %next = arith.addi %v, %one : i32
    vyre.store %next, @value[%task] : i32
    vyre.yield
  }
}
