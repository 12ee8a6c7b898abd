// RUN: vyre-opt %s -split-input-file -verify-diagnostics

// vyre.io_read's verifier: where a request may be made and what it may ask.

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(1) mode(once) {
  vyre.buffer @b binding(0) read_write : memref<8xi32>
  vyre.handler @h opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %c = arith.constant 0 : i32
    %n = arith.constant 4 : i32
    // expected-error @+1 {{needs a persistent kernel, but @k is mode(once)}}
    %r = vyre.io_read source(%c) offset(%c) bytes(%n) into @b[%c]
    vyre.yield
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(1) mode(persistent) {
  vyre.buffer @b binding(0) read_write : memref<8xi32>
  vyre.handler @h opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %c = arith.constant 0 : i32
    %n = arith.constant 4 : i32
    %lo = arith.constant 0 : index
    %hi = arith.constant 2 : index
    %one = arith.constant 1 : index
    scf.for %i = %lo to %hi step %one {
      // expected-error @+1 {{is inside a loop (scf.for); a handler run makes at most one request}}
      %r = vyre.io_read source(%c) offset(%c) bytes(%n) into @b[%c]
    }
    vyre.yield
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(1) mode(persistent) {
  vyre.buffer @b binding(0) read_write : memref<8xi32>
  vyre.handler @h opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %c = arith.constant 0 : i32
    %n = arith.constant 4 : i32
    // expected-error @+1 {{is one of 2 in handler @h; a handler makes at most one request per run}}
    %r = vyre.io_read source(%c) offset(%c) bytes(%n) into @b[%c]
    %s = vyre.io_read source(%c) offset(%c) bytes(%n) into @b[%n]
    vyre.yield
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(1) mode(persistent) {
  vyre.buffer @b binding(0) read_write : memref<8xi32>
  vyre.handler @h opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %c = arith.constant 0 : i32
    %n = arith.constant 6 : i32
    // expected-error @+1 {{reads 6 bytes; a request reads a positive multiple of 4 bytes}}
    %r = vyre.io_read source(%c) offset(%c) bytes(%n) into @b[%c]
    vyre.yield
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(1) mode(persistent) {
  vyre.handler @h opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %c = arith.constant 0 : i32
    %n = arith.constant 4 : i32
    // expected-error @+1 {{reads into unknown buffer @nowhere; declare it with vyre.buffer in @k}}
    %r = vyre.io_read source(%c) offset(%c) bytes(%n) into @nowhere[%c]
    vyre.yield
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(1) mode(persistent) {
  vyre.buffer @b binding(0) read_write : memref<8xi32>
  vyre.handler @h opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %at = arith.constant 6 : i32
    %n = arith.constant 16 : i32
    // expected-error @+1 {{writes elements from 6 to 9 of @b ('memref<8xi32>'), past its end}}
    %r = vyre.io_read source(%at) offset(%at) bytes(%n) into @b[%at]
    vyre.yield
  }
}

// -----

// expected-error @+1 {{io_entries 0 is out of range; the IO queue holds 1 to 4096 requests}}
vyre.megakernel @k slots(4) workgroups(1) workgroup_size(1) mode(persistent)
    attributes {io_entries = 0 : i32} {
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(1) mode(persistent)
    attributes {fused_arms = array<i32: 0>} {
  vyre.buffer @b binding(0) read_write : memref<8xi32>
  vyre.handler @h opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %c = arith.constant 0 : i32
    %n = arith.constant 4 : i32
    // expected-error @+1 {{is in a JIT-fused kernel; vyre-fuse does not fuse handlers that wait for IO yet}}
    %r = vyre.io_read source(%c) offset(%c) bytes(%n) into @b[%c]
    vyre.yield
  }
}
