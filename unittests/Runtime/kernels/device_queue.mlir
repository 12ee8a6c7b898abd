// Device-side enqueue (ABI v11): handlers that publish follow-up tasks.
//   16 chain: a0 = n, a1 = id: count[id] += 1, then if n > 0 enqueue
//      chain(n - 1, id + 1)
//   17 spawn: enqueues opcode a0 with arguments (a1, a2)
//   18 fan: a0 = k, a1 = depth: count[0] += 1, then if depth > 0 enqueue k
//      fan(k, depth - 1)
//   19 fail: faults with code 300
// Tenant 0 may run every arm; tenant 1 only chain and spawn.
vyre.megakernel @device_queue slots(64) workgroups(4) workgroup_size(32) mode(persistent)
    attributes {device_queue = 64 : i32, tenants = array<i32: 15, 3>} {
  vyre.buffer @count binding(0) read_write device_local : memref<4096xi32>
  vyre.handler @chain opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %n = vyre.arg %slot[0]
    %id = vyre.arg %slot[1]
    %one = arith.constant 1 : i32
    %zero = arith.constant 0 : i32
    %chain = arith.constant 16 : i32
    %old = vyre.atomic_rmw add %one, @count[%id] : i32
    %more = arith.cmpi ugt, %n, %zero : i32
    scf.if %more {
      %n1 = arith.subi %n, %one : i32
      %id1 = arith.addi %id, %one : i32
      vyre.enqueue opcode(%chain) args(%n1, %id1)
    }
    vyre.yield
  }
  vyre.handler @spawn opcode(17) {
  ^bb0(%slot: !vyre.slot):
    %op = vyre.arg %slot[0]
    %a = vyre.arg %slot[1]
    %b = vyre.arg %slot[2]
    vyre.enqueue opcode(%op) args(%a, %b)
    vyre.yield
  }
  vyre.handler @fan opcode(18) {
  ^bb0(%slot: !vyre.slot):
    %k = vyre.arg %slot[0]
    %depth = vyre.arg %slot[1]
    %one = arith.constant 1 : i32
    %zero = arith.constant 0 : i32
    %fan = arith.constant 18 : i32
    %old = vyre.atomic_rmw add %one, @count[%zero] : i32
    %more = arith.cmpi ugt, %depth, %zero : i32
    scf.if %more {
      %d1 = arith.subi %depth, %one : i32
      %c0 = arith.constant 0 : index
      %c1 = arith.constant 1 : index
      %kk = arith.index_cast %k : i32 to index
      scf.for %i = %c0 to %kk step %c1 {
        vyre.enqueue opcode(%fan) args(%k, %d1)
      }
    }
    vyre.yield
  }
  vyre.handler @fail opcode(19) {
  ^bb0(%slot: !vyre.slot):
    vyre.fault code(300)
    vyre.yield
  }
}
