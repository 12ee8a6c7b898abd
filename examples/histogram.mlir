// A histogram service: user handlers update a resident user buffer.
//
//   opcode 16  COUNT   a0 = bin, a1 = weight        hist[bin] += weight
//   opcode 17  QUERY   a0 = bin, a1 = observable    observe hist[bin]
//   opcode 18  RESET   a0 = bin                     hist[bin] = 0
//
// Bins are bounds-checked by the lowering: a bin past the buffer's end turns
// the slot into FAULT (out_of_bounds) and the kernel keeps serving. A weight
// above 1000 is rejected with user fault 300.
vyre.megakernel @histogram slots(1024) workgroups(8) workgroup_size(64) mode(persistent)
    attributes {observables = 64 : i32} {
  vyre.buffer @hist binding(0) read_write : memref<256xi32>
  vyre.builtin "atomic_add"
  vyre.builtin "batch_fence"

  vyre.handler @count opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %bin = vyre.arg %slot[0]
    %weight = vyre.arg %slot[1]
    %limit = arith.constant 1000 : i32
    %too_heavy = arith.cmpi ugt, %weight, %limit : i32
    scf.if %too_heavy {
      vyre.fault code(300)
    } else {
      %old = vyre.atomic_rmw add %weight, @hist[%bin] : i32
    }
    vyre.yield
  }

  vyre.handler @query opcode(17) {
  ^bb0(%slot: !vyre.slot):
    %bin = vyre.arg %slot[0]
    %where = vyre.arg %slot[1]
    %value = vyre.load @hist[%bin] : i32
    vyre.observe %value at [%where]
    vyre.yield
  }

  vyre.handler @reset opcode(18) {
  ^bb0(%slot: !vyre.slot):
    %bin = vyre.arg %slot[0]
    %zero = arith.constant 0 : i32
    vyre.store %zero, @hist[%bin] : i32
    vyre.yield
  }

  // A warm-up batch the host publishes before the stream.
  vyre.batch @warmup {
    vyre.work_item opcode(18) args [0]
    vyre.work_item opcode(16) args [0, 5]
    vyre.work_item opcode(16) args [0, 7] priority(0)
    vyre.work_item opcode(17) args [0, 0]
    vyre.work_item opcode(7) args [0, 42]
  }
}
