// RUN: vyre-opt %s -split-input-file -verify-diagnostics -allow-unregistered-dialect

// expected-error @+1 {{workgroup_size 2048 exceeds 1024}}
vyre.megakernel @k slots(4) workgroups(1) workgroup_size(2048) mode(once) {}

// -----

// expected-error @+1 {{attribute 'slots' failed to satisfy constraint: 32-bit signless integer attribute whose value is positive}}
vyre.megakernel @k slots(0) workgroups(1) workgroup_size(4) mode(once) {}

// -----

// expected-error @+1 {{observables 70000 exceeds the maximum of 65536}}
vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once)
    attributes {observables = 70000 : i32} {}

// -----

// expected-error @+1 {{tenant table has 33 entries; the ABI allows at most 32}}
vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once)
    attributes {tenants = array<i32: 1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1>} {}

// -----

// expected-error @+1 {{shard partitions end at slot 128 but the ring has 256 slots}}
vyre.megakernel @k slots(256) workgroups(1) workgroup_size(4) mode(once)
    attributes {shard = #vyre.shard<strategy = strided, partitions = [0, 16, 64, 100, 120, 128]>} {}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.handler @a opcode(20) { ^bb0(%s: !vyre.slot): vyre.yield }
  // expected-error @+1 {{opcode 20 is already served by handler @a; each opcode needs exactly one handler}}
  vyre.handler @b opcode(21, 20) { ^bb0(%s: !vyre.slot): vyre.yield }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.builtin "atomic_add"
  // expected-error @+1 {{opcode 2 is already served by built-in "atomic_add"}}
  vyre.builtin "atomic_add"
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.handler @__vyre_nop opcode(0) builtin { ^bb0(%s: !vyre.slot): vyre.yield }
  // expected-error @+1 {{opcode 0 is already served by handler @__vyre_nop}}
  vyre.builtin "nop"
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.buffer @a binding(0) read_only : memref<4xi32>
  // expected-error @+1 {{binding 0 is already used by @a; give each buffer its own binding}}
  vyre.buffer @b binding(0) read_only : memref<4xi32>
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{binding 16 is out of range; user bindings are 0 to 15}}
  vyre.buffer @a binding(16) read_only : memref<4xi32>
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{is not allowed in a vyre.megakernel body, which holds only vyre.buffer, vyre.builtin, vyre.handler and vyre.batch}}
  %c = arith.constant 0 : i32
}

// -----

// expected-error @+1 {{has 33 dispatch arms (handlers and built-ins); ABI v2 supports at most 32}}
vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.builtin "nop"
  vyre.handler @h8 opcode(8) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h9 opcode(9) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h10 opcode(10) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h11 opcode(11) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h12 opcode(12) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h13 opcode(13) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h14 opcode(14) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h15 opcode(15) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h16 opcode(16) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h17 opcode(17) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h18 opcode(18) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h19 opcode(19) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h20 opcode(20) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h21 opcode(21) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h22 opcode(22) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h23 opcode(23) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h24 opcode(24) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h25 opcode(25) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h26 opcode(26) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h27 opcode(27) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h28 opcode(28) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h29 opcode(29) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h30 opcode(30) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h31 opcode(31) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h32 opcode(32) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h33 opcode(33) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h34 opcode(34) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h35 opcode(35) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h36 opcode(36) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h37 opcode(37) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h38 opcode(38) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.handler @h39 opcode(39, 40, 41) { ^bb0(%s: !vyre.slot): vyre.yield }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{buffer must hold at least one element}}
  vyre.buffer @a binding(0) read_only : memref<0xi32>
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{buffer memref must have the identity layout}}
  vyre.buffer @a binding(0) read_only : memref<4xi32, strided<[2]>>
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{attribute 'type' failed to satisfy constraint: type attribute of 1D memref of 32-bit signless integer or 32-bit float values}}
  vyre.buffer @a binding(0) read_only : memref<4x4xi32>
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{unknown built-in "atomic_mul"; known built-ins: nop, store_u32, atomic_add, load_u32, compare_swap, memcpy, dfa_step, batch_fence, printf, shutdown, packed_slot}}
  vyre.builtin "atomic_mul"
}

// -----

// expected-error @+1 {{'vyre.builtin' op expects parent op 'vyre.megakernel'}}
vyre.builtin "nop"

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{must serve at least one opcode}}
  vyre.handler @h opcode() { ^bb0(%s: !vyre.slot): vyre.yield }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{opcode 4294967296 does not fit in 32 unsigned bits}}
  vyre.handler @h opcode(4294967296) { ^bb0(%s: !vyre.slot): vyre.yield }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{lists opcode 16 twice}}
  vyre.handler @h opcode(16, 16) { ^bb0(%s: !vyre.slot): vyre.yield }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{opcode 3 is reserved for the built-in "load_u32"; user handlers take opcodes 8 to 0xffef or 0x10000 to 0x7fffffff (use vyre.builtin to request a built-in)}}
  vyre.handler @h opcode(3) { ^bb0(%s: !vyre.slot): vyre.yield }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{opcode 0xfff0 is reserved; user handlers take}}
  vyre.handler @h opcode(0xfff0) { ^bb0(%s: !vyre.slot): vyre.yield }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{opcode 0x80000002 is reserved; user handlers take}}
  vyre.handler @h opcode(0x80000002) { ^bb0(%s: !vyre.slot): vyre.yield }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{is marked builtin but opcode 16 is not a reserved opcode}}
  vyre.handler @h opcode(16) builtin { ^bb0(%s: !vyre.slot): vyre.yield }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{'vyre.handler' op expects a non-empty block}}
  vyre.handler @h opcode(16) {}
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{body must take exactly one argument of type !vyre.slot, got 2 argument(s)}}
  vyre.handler @h opcode(16) { ^bb0(%s: !vyre.slot, %t: !vyre.slot): vyre.yield }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{body must take exactly one argument of type !vyre.slot, got 1 argument(s)}}
  vyre.handler @h opcode(16) { ^bb0(%s: i32): vyre.yield }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{body must end with vyre.yield}}
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    "test.terminator"() : () -> ()
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    // expected-error @+1 {{argument index 12 is out of range; a slot has 12 argument words (0-11)}}
    %a = vyre.arg %s[12]
    vyre.yield
  }
}

// -----

func.func @outside(%s: !vyre.slot) -> i32 {
  // expected-error @+1 {{must be inside a vyre.handler body}}
  %a = vyre.arg %s[0]
  return %a : i32
}

// -----

func.func @outside() {
  %c = arith.constant 0 : i32
  // expected-error @+1 {{'vyre.observe' op must be inside a vyre.handler body}}
  vyre.observe %c at [%c]
  return
}

// -----

func.func @yield_outside() {
  // expected-error @+1 {{'vyre.yield' op expects parent op 'vyre.handler'}}
  vyre.yield
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    %i = vyre.arg %s[0]
    // expected-error @+1 {{control buffer elements are i32}}
    %v = vyre.load control[%i] : f32
    vyre.yield
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once)
    attributes {observables = 8 : i32} {
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    %i = arith.constant 168 : i32
    // expected-error @+1 {{control index 168 is out of range; the control buffer of @k has 168 words}}
    %v = vyre.load control[%i] : i32
    vyre.yield
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    %i = vyre.arg %s[0]
    // expected-error @+1 {{refers to unknown buffer @nope; declare it with vyre.buffer in @k}}
    %v = vyre.load @nope[%i] : i32
    vyre.yield
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.buffer @f binding(0) read_write : memref<8xf32>
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    %i = vyre.arg %s[0]
    // expected-error @+1 {{accesses @f as 'i32' but its elements are 'f32'}}
    %v = vyre.atomic_rmw add %i, @f[%i] : i32
    vyre.yield
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.buffer @out binding(0) write_only : memref<8xi32>
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    %i = vyre.arg %s[0]
    // expected-error @+1 {{reads @out, which is declared write_only}}
    %v = vyre.load @out[%i] : i32
    vyre.yield
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.buffer @in binding(0) read_only : memref<8xi32>
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    %i = vyre.arg %s[0]
    // expected-error @+1 {{writes @in, which is declared read_only}}
    %v = vyre.atomic_cas @in[%i], %i, %i : i32
    vyre.yield
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.buffer @in binding(0) read_write : memref<8xi32>
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    %i = arith.constant 8 : i32
    // expected-error @+1 {{index 8 is out of range for @in ('memref<8xi32>')}}
    vyre.store %i, @in[%i] : i32
    vyre.yield
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.buffer @in binding(0) read_write : memref<?xi32>
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    %i = arith.constant -1 : i32
    // expected-error @+1 {{index -1 is out of range for @in ('memref<?xi32>')}}
    vyre.store %i, @in[%i] : i32
    vyre.yield
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    %i = arith.constant 256 : i32
    // expected-error @+1 {{observable index 256 is out of range; @k has 256 observables (raise its `observables` attribute)}}
    vyre.observe %i at [%i]
    vyre.yield
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    // expected-error @+1 {{fault code 4 is reserved for the runtime; user fault codes start at 256}}
    vyre.fault code(4)
    vyre.yield
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    %i = vyre.arg %s[0]
    // expected-error @+1 {{has 4 arguments; a debug-log record holds at most 3}}
    vyre.printf %i(%i, %i, %i, %i)
    vyre.yield
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.handler @h opcode(16) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.batch @b {
    // expected-error @+1 {{is not allowed in a vyre.batch, which holds only vyre.work_item}}
    %c = arith.constant 0 : i32
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.batch @b {
    // expected-error @+1 {{opcode 4294967296 does not fit in 32 unsigned bits}}
    vyre.work_item opcode(4294967296)
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.handler @h opcode(16) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.batch @b {
    // expected-error @+1 {{has 13 arguments; a slot holds at most 12}}
    vyre.work_item opcode(16) args [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.handler @h opcode(16) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.batch @b {
    // expected-error @+1 {{argument 1 (4294967296) does not fit in a 32-bit slot word}}
    vyre.work_item opcode(16) args [0, 4294967296]
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.handler @h opcode(16) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.batch @b {
    // expected-error @+1 {{tenant 32 is out of range; tenants are 0 to 31}}
    vyre.work_item opcode(16) tenant(32)
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.handler @h opcode(16) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.batch @b {
    // expected-error @+1 {{priority 5 is out of range; priorities are 0 (critical) to 4 (idle)}}
    vyre.work_item opcode(16) priority(5)
  }
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.handler @h opcode(16) { ^bb0(%s: !vyre.slot): vyre.yield }
  vyre.batch @b {
    // expected-error @+1 {{names opcode 17, which no handler or built-in of @k serves}}
    vyre.work_item opcode(17)
  }
}

// -----

// expected-error @+1 {{profile lists opcode 16 twice}}
"test.op"() {p = #vyre.profile<{16: 1, 16: 2}>} : () -> ()

// -----

// expected-error @+1 {{profile count for opcode 16 is negative (-3)}}
"test.op"() {p = #vyre.profile<{16: -3}>} : () -> ()

// -----

// expected-error @+1 {{profile opcode 4294967296 does not fit in 32 unsigned bits}}
"test.op"() {p = #vyre.profile<{4294967296: 1}>} : () -> ()

// -----

// expected-error @+1 {{starvation_bound must be positive, got 0}}
"test.op"() {s = #vyre.shard<strategy = strided, starvation_bound = 0>} : () -> ()

// -----

// expected-error @+1 {{partitions must hold 6 offsets (5 partition starts and the slot count), got 3}}
"test.op"() {s = #vyre.shard<strategy = strided, partitions = [0, 1, 2]>} : () -> ()

// -----

// expected-error @+1 {{the first priority partition must start at slot 0, got 4}}
"test.op"() {s = #vyre.shard<strategy = strided, partitions = [4, 8, 8, 8, 8, 8]>} : () -> ()

// -----

// expected-error @+1 {{partition offsets must not decrease: offset 2 (4) < offset 1 (8)}}
"test.op"() {s = #vyre.shard<strategy = contiguous, partitions = [0, 8, 4, 8, 8, 8]>} : () -> ()

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{"dfa_step" needs its transition table: write vyre.builtin "dfa_step" table @buffer}}
  vyre.builtin "dfa_step"
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.buffer @t binding(0) read_only : memref<256xi32>
  // expected-error @+1 {{only "dfa_step" takes a table; "nop" does not}}
  vyre.builtin "nop" table @t
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  // expected-error @+1 {{table @missing is not a vyre.buffer of @k}}
  vyre.builtin "dfa_step" table @missing
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.buffer @t binding(0) read_only : memref<256xf32>
  // expected-error @+1 {{table @t must be a readable buffer of i32}}
  vyre.builtin "dfa_step" table @t
}

// -----

vyre.megakernel @k slots(4) workgroups(1) workgroup_size(4) mode(once) {
  vyre.handler @h opcode(16) {
  ^bb0(%s: !vyre.slot):
    // expected-error @+1 {{fault code 0 means `no fault`; pick a code from 256 up}}
    vyre.fault code(0)
    vyre.yield
  }
}

// -----

func.func @fence() {
  // expected-error @+1 {{a relaxed fence orders nothing; use acquire, release or acq_rel}}
  vyre.device.fence relaxed
  return
}
