// The tutorial's key-value service (docs/tutorial.md): a table of 4096
// entries resident on the device, direct-mapped by key.
//
//   opcode 16  PUT  a0 = key, a1 = value     entry key % 4096 := (key, value)
//   opcode 17  GET  a0 = key, a1 = answer    answers[a1] := the key's value,
//                                            or user fault 404 if absent
vyre.megakernel @kv slots(1024) workgroups(4) workgroup_size(64) mode(persistent)
    attributes {observables = 16 : i32} {
  vyre.buffer @keys binding(0) read_write : memref<4096xi32>
  vyre.buffer @values binding(1) read_write : memref<4096xi32>
  vyre.buffer @answers binding(2) read_write : memref<?xi32>

  vyre.handler @put opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %key = vyre.arg %slot[0]
    %value = vyre.arg %slot[1]
    %mask = arith.constant 4095 : i32
    %entry = arith.andi %key, %mask : i32
    vyre.store %key, @keys[%entry] : i32
    vyre.store %value, @values[%entry] : i32
    vyre.yield
  }

  vyre.handler @get opcode(17) {
  ^bb0(%slot: !vyre.slot):
    %key = vyre.arg %slot[0]
    %answer = vyre.arg %slot[1]
    %mask = arith.constant 4095 : i32
    %entry = arith.andi %key, %mask : i32
    %stored = vyre.load @keys[%entry] : i32
    %found = arith.cmpi eq, %stored, %key : i32
    scf.if %found {
      %value = vyre.load @values[%entry] : i32
      vyre.store %value, @answers[%answer] : i32
    } else {
      vyre.fault code(404)
    }
    vyre.yield
  }
}
