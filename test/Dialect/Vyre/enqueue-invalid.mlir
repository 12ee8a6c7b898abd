// RUN: vyre-opt %s -split-input-file -verify-diagnostics

// expected-error @+1 {{has a handler that uses vyre.enqueue but no device queue; add device_queue = N}}
vyre.megakernel @no_queue slots(64) workgroups(1) workgroup_size(32) mode(persistent) {
  vyre.handler @h opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %op = arith.constant 16 : i32
    vyre.enqueue opcode(%op)
    vyre.yield
  }
}

// -----

// expected-error @+1 {{has a device_queue but is mode(once); only a persistent kernel serves}}
vyre.megakernel @once slots(64) workgroups(1) workgroup_size(32) mode(once)
    attributes {device_queue = 8 : i32} {
  vyre.handler @h opcode(16) {
  ^bb0(%slot: !vyre.slot):
    vyre.yield
  }
}

// -----

// expected-error @+1 {{device_queue 0 is out of range; the device queue holds 1 to 1048576 lines}}
vyre.megakernel @empty slots(64) workgroups(1) workgroup_size(32) mode(persistent)
    attributes {device_queue = 0 : i32} {
  vyre.handler @h opcode(16) {
  ^bb0(%slot: !vyre.slot):
    vyre.yield
  }
}

// -----

vyre.megakernel @unserved slots(64) workgroups(1) workgroup_size(32) mode(persistent)
    attributes {device_queue = 8 : i32} {
  vyre.handler @h opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %op = arith.constant 99 : i32
    // expected-error @+1 {{enqueues opcode 99, which no arm of @unserved serves; the task would fault unknown_opcode}}
    vyre.enqueue opcode(%op)
    vyre.yield
  }
}

// -----

vyre.megakernel @wide slots(64) workgroups(1) workgroup_size(32) mode(persistent)
    attributes {device_queue = 8 : i32} {
  vyre.handler @h opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %op = arith.constant 16 : i32
    // expected-error @+1 {{passes 13 argument words; a task has at most 12}}
    vyre.enqueue opcode(%op) args(%op, %op, %op, %op, %op, %op, %op, %op, %op, %op, %op, %op, %op)
    vyre.yield
  }
}

// -----

// expected-error @+1 {{has a device_queue and a handler that uses vyre.io_read; a slot that waits for IO runs twice and would enqueue twice}}
vyre.megakernel @io slots(64) workgroups(1) workgroup_size(32) mode(persistent)
    attributes {device_queue = 8 : i32} {
  vyre.buffer @b binding(0) read_write device_local : memref<64xi32>
  vyre.handler @h opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %z = arith.constant 0 : i32
    %four = arith.constant 4 : i32
    %r = vyre.io_read source(%z) offset(%z) bytes(%four) into @b[%z]
    vyre.yield
  }
}
