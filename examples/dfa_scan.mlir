// A DFA scanner: counts the occurrences of a pattern in a text. The text
// (4 bytes per word, little-endian) and the automaton's transition table
// (next = table[state * 256 + byte]) are user buffers; each slot scans one
// chunk. examples/dfa/prepare.py builds the table (a KMP automaton), the
// text buffer and the workload, and computes the CPU answer to check.
//
//   opcode 16 SCAN  a0 = first byte of the chunk, a1 = bytes in it,
//                   a2 = bytes to re-read before it (pattern length - 1, so
//                        matches that straddle chunks are found once),
//                   a3 = the accepting state, a4 = observable to add the
//                        chunk's matches to
vyre.megakernel @dfa_scan slots(256) workgroups(2) workgroup_size(64) mode(once)
    attributes {observables = 4 : i32} {
  vyre.buffer @table binding(0) read_only : memref<?xi32>
  vyre.buffer @text binding(1) read_only : memref<?xi32>

  vyre.handler @scan opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %start = vyre.arg %slot[0]
    %count = vyre.arg %slot[1]
    %overlap = vyre.arg %slot[2]
    %accept = vyre.arg %slot[3]
    %out = vyre.arg %slot[4]
    %c0 = arith.constant 0 : i32
    %c1 = arith.constant 1 : i32
    %c2 = arith.constant 2 : i32
    %c3 = arith.constant 3 : i32
    %c8 = arith.constant 8 : i32
    %c255 = arith.constant 255 : i32
    %c256 = arith.constant 256 : i32
    %enough = arith.cmpi uge, %start, %overlap : i32
    %back = arith.subi %start, %overlap : i32
    %from = arith.select %enough, %back, %c0 : i32
    %to = arith.addi %start, %count : i32
    %r:2 = scf.for %i = %from to %to step %c1
        iter_args(%state = %c0, %hits = %c0) -> (i32, i32) : i32 {
      %w = arith.shrui %i, %c2 : i32
      %word = vyre.load @text[%w] : i32
      %lane = arith.andi %i, %c3 : i32
      %shift = arith.muli %lane, %c8 : i32
      %shifted = arith.shrui %word, %shift : i32
      %byte = arith.andi %shifted, %c255 : i32
      %row = arith.muli %state, %c256 : i32
      %at = arith.addi %row, %byte : i32
      %next = vyre.load @table[%at] : i32
      %accepting = arith.cmpi eq, %next, %accept : i32
      %ours = arith.cmpi uge, %i, %start : i32
      %hit = arith.andi %accepting, %ours : i1
      %one = arith.extui %hit : i1 to i32
      %more = arith.addi %hits, %one : i32
      scf.yield %next, %more : i32, i32
    }
    %base = arith.constant 160 : i32
    %word = arith.addi %base, %out : i32
    %old = vyre.atomic_rmw add %r#1, control[%word] : i32
    vyre.yield
  }
}
