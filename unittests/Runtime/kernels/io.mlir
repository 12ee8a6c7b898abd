// IoTest's kernel (unittests/Runtime/IoTest.cpp): GPU-initiated IO.
//
//   opcode 16  SUM_ROW  a0 = row, a1 = staging row, a2 = result element,
//                       a3 = source: reads the 8 words of `row` (32 bytes at
//                       row * 32) of the source into staging row a1, then
//                       out[a2] = their sum + 1 (0 stays "never written")
//   opcode 17  BUMP     a0 = observable: observable a0 += 1, no IO
//
// `out` and `stage` are sized by the host.
vyre.megakernel @io slots(128) workgroups(2) workgroup_size(32) mode(persistent)
    attributes {observables = 16 : i32, io_entries = 8 : i32} {
  vyre.buffer @stage binding(0) read_write : memref<?xi32>
  vyre.buffer @out binding(1) read_write : memref<?xi32>

  vyre.handler @sum_row opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %row = vyre.arg %slot[0]
    %stage = vyre.arg %slot[1]
    %where = vyre.arg %slot[2]
    %src = vyre.arg %slot[3]
    %c32 = arith.constant 32 : i32
    %c8 = arith.constant 8 : i32
    %off = arith.muli %row, %c32 : i32
    %first = arith.muli %stage, %c8 : i32
    %ready = vyre.io_read source(%src) offset(%off) bytes(%c32) into @stage[%first]
    scf.if %ready {
      %c0 = arith.constant 0 : index
      %c8i = arith.constant 8 : index
      %c1 = arith.constant 1 : index
      %one = arith.constant 1 : i32
      %sum = scf.for %i = %c0 to %c8i step %c1 iter_args(%acc = %one) -> (i32) {
        %ii = arith.index_cast %i : index to i32
        %at = arith.addi %first, %ii : i32
        %v = vyre.load @stage[%at] : i32
        %n = arith.addi %acc, %v : i32
        scf.yield %n : i32
      }
      vyre.store %sum, @out[%where] : i32
    }
    vyre.yield
  }

  vyre.handler @bump opcode(17) {
  ^bb0(%slot: !vyre.slot):
    %obs = vyre.arg %slot[0]
    %c160 = arith.constant 160 : i32
    %word = arith.addi %obs, %c160 : i32
    %one = arith.constant 1 : i32
    %old = vyre.atomic_rmw add %one, control[%word] : i32
    vyre.yield
  }
}
