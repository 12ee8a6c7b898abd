// A key-value lookup service over a table much larger than the GPU's copy
// of it: the GPU keeps hot rows in a cache, and a miss asks the host for
// the row with vyre.io_read (GPU-initiated IO, docs/design.md).
//
//   opcode 16  LOOKUP  a0 = key, a1 = staging row, a2 = result element
//                      out[a2] = checksum of row `key`: sum of w * row[w]
//                      for w = 1..16 (1-based weights, so a zero row and a
//                      missing one differ from a row of the wrong key)
//   opcode 17  STAGED  a1 = staging row, a2 = result element: the same
//                      checksum of a row the host wrote into staging row
//                      a1 itself (the baseline vyre-io-bench compares
//                      against: the host reads with pread and uploads)
//
// The table lives in host source 0 (a file, rows of 16 i32 words, 64
// bytes). @cache holds 1024 rows, direct-mapped (set = key mod 1024);
// @tags[set] is key + 1 of the row the set holds, 0 while empty, and
// 0xFFFFFFFF while a lane writes it. A hit reads the set between two
// acq_rel compare-and-swaps of its tag (a seqlock: a row replaced meanwhile
// changes the tag, and the lookup counts as a miss). A miss reads the row
// into its own staging row a1, which the host gives each slot in flight,
// answers from there, and installs the row if it can lock the set.
//
// Memory: @cache and @tags are device_local (only the GPU touches them, so
// they live in its memory, not across the bus); @stage is in device memory
// because vyre.io_read writes into it (the host writes it while the kernel
// runs); @out stays in host memory, which the host reads after each
// completion at memory speed.
//
// Observables: 0 hits, 1 misses, 2 rows installed.
vyre.megakernel @kv_cache slots(1024) workgroups(16) workgroup_size(64) mode(persistent)
    attributes {observables = 16 : i32, io_entries = 256 : i32} {
  vyre.buffer @cache binding(0) read_write device_local : memref<16384xi32>
  vyre.buffer @tags binding(1) read_write device_local : memref<1024xi32>
  vyre.buffer @stage binding(2) read_write : memref<?xi32>
  vyre.buffer @out binding(3) read_write : memref<?xi32>

  vyre.handler @lookup opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %key = vyre.arg %slot[0]
    %stage_row = vyre.arg %slot[1]
    %where = vyre.arg %slot[2]
    %sets = arith.constant 1024 : i32
    %words = arith.constant 16 : i32
    %row_bytes = arith.constant 64 : i32
    %one = arith.constant 1 : i32
    %zero = arith.constant 0 : i32
    %locked = arith.constant -1 : i32
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c16 = arith.constant 16 : index
    %set = arith.remui %key, %sets : i32
    %want = arith.addi %key, %one : i32
    %line = arith.muli %set, %words : i32
    // The seqlock's read side: the tag, the row, the tag again.
    %t1 = vyre.atomic_cas @tags[%set], %want, %want : i32
    %first_hit = arith.cmpi eq, %t1, %want : i32
    %cached = scf.if %first_hit -> (i32) {
      %sum = scf.for %w = %c0 to %c16 step %c1 iter_args(%acc = %zero) -> (i32) {
        %wi = arith.index_cast %w : index to i32
        %at = arith.addi %line, %wi : i32
        %v = vyre.load @cache[%at] : i32
        %weight = arith.addi %wi, %one : i32
        %term = arith.muli %v, %weight : i32
        %next = arith.addi %acc, %term : i32
        scf.yield %next : i32
      }
      scf.yield %sum : i32
    } else {
      scf.yield %zero : i32
    }
    %t2 = scf.if %first_hit -> (i32) {
      %again = vyre.atomic_cas @tags[%set], %want, %want : i32
      scf.yield %again : i32
    } else {
      scf.yield %zero : i32
    }
    %hit = arith.cmpi eq, %t2, %want : i32
    %hits = arith.constant 160 : i32
    scf.if %hit {
      vyre.store %cached, @out[%where] : i32
      %h = vyre.atomic_rmw add %one, control[%hits] : i32
    } else {
      // A miss: the row into this slot's staging row. The slot waits, and
      // runs again from the top once the host has written it.
      %offset = arith.muli %key, %row_bytes : i32
      %first = arith.muli %stage_row, %words : i32
      %ready = vyre.io_read source(%zero) offset(%offset) bytes(%row_bytes) into @stage[%first]
      scf.if %ready {
        %sum = scf.for %w = %c0 to %c16 step %c1 iter_args(%acc = %zero) -> (i32) {
          %wi = arith.index_cast %w : index to i32
          %at = arith.addi %first, %wi : i32
          %v = vyre.load @stage[%at] : i32
          %weight = arith.addi %wi, %one : i32
          %term = arith.muli %v, %weight : i32
          %next = arith.addi %acc, %term : i32
          scf.yield %next : i32
        }
        vyre.store %sum, @out[%where] : i32
        %misses = arith.constant 161 : i32
        %m = vyre.atomic_rmw add %one, control[%misses] : i32
        // Install it unless another lane holds the set: lock, copy, tag.
        %free = arith.cmpi ne, %t1, %locked : i32
        scf.if %free {
          %got = vyre.atomic_cas @tags[%set], %t1, %locked : i32
          %mine = arith.cmpi eq, %got, %t1 : i32
          scf.if %mine {
            scf.for %w = %c0 to %c16 step %c1 {
              %wi = arith.index_cast %w : index to i32
              %from = arith.addi %first, %wi : i32
              %to = arith.addi %line, %wi : i32
              %v = vyre.load @stage[%from] : i32
              vyre.store %v, @cache[%to] : i32
            }
            %unlocked = vyre.atomic_cas @tags[%set], %locked, %want : i32
            %installs = arith.constant 162 : i32
            %i = vyre.atomic_rmw add %one, control[%installs] : i32
          }
        }
      }
    }
    vyre.yield
  }

  vyre.handler @staged opcode(17) {
  ^bb0(%slot: !vyre.slot):
    %stage_row = vyre.arg %slot[1]
    %where = vyre.arg %slot[2]
    %words = arith.constant 16 : i32
    %one = arith.constant 1 : i32
    %zero = arith.constant 0 : i32
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c16 = arith.constant 16 : index
    %first = arith.muli %stage_row, %words : i32
    %sum = scf.for %w = %c0 to %c16 step %c1 iter_args(%acc = %zero) -> (i32) {
      %wi = arith.index_cast %w : index to i32
      %at = arith.addi %first, %wi : i32
      %v = vyre.load @stage[%at] : i32
      %weight = arith.addi %wi, %one : i32
      %term = arith.muli %v, %weight : i32
      %next = arith.addi %acc, %term : i32
      scf.yield %next : i32
    }
    vyre.store %sum, @out[%where] : i32
    vyre.yield
  }
}
