// Breadth-first search as a GPU-generated worklist (device-side enqueue).
//
// The graph is in CSR form: @offsets[v] .. @offsets[v+1] index @edges, the
// neighbours of v. @levels[v] is v's distance from the root, -1 (all ones)
// while unreached; the host sets the root's to 0 and publishes one slot,
// VISIT(root, 0). From there the GPU makes its own work:
//
//   visit (16)  a0 = v, a1 = d: unless a shorter path reached v since
//               (levels[v] < d), for each neighbour u: levels[u] =
//               min(levels[u], d + 1), and if that lowered it, enqueue
//               VISIT(u, d + 1). The minimum makes the result the BFS
//               distances whatever order the tasks run in (a label-
//               correcting search); a task that finds no free line in the
//               device queue faults queue_full, and the host's sweep
//               (vyre-bfs-bench) publishes VISIT for every reached vertex
//               again, so nothing is lost.
//   expand (17) the level-synchronous baseline: a0 = v, a1 = d: each
//               unreached neighbour u (compare-and-swap -1 -> d + 1) is
//               appended to @frontier at observable 0's count. The host
//               publishes one batch per level and waits for it.
//
// The buffers are device-local: the host writes them before the launch
// (and @frontier is read back once per level).
vyre.megakernel @bfs slots(4096) workgroups(64) workgroup_size(64) mode(persistent)
    attributes {observables = 16 : i32, device_queue = 65536 : i32} {
  vyre.buffer @offsets binding(0) read_only device_local : memref<?xi32>
  vyre.buffer @edges binding(1) read_only device_local : memref<?xi32>
  vyre.buffer @levels binding(2) read_write device_local : memref<?xi32>
  vyre.buffer @frontier binding(3) read_write : memref<?xi32>

  vyre.handler @visit opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %v = vyre.arg %slot[0]
    %d = vyre.arg %slot[1]
    %one = arith.constant 1 : i32
    %visit = arith.constant 16 : i32
    %now = vyre.load @levels[%v] : i32
    %current = arith.cmpi uge, %now, %d : i32
    scf.if %current {
      %v1 = arith.addi %v, %one : i32
      %begin = vyre.load @offsets[%v] : i32
      %end = vyre.load @offsets[%v1] : i32
      %next = arith.addi %d, %one : i32
      %b = arith.index_cast %begin : i32 to index
      %e = arith.index_cast %end : i32 to index
      %c1 = arith.constant 1 : index
      scf.for %i = %b to %e step %c1 {
        %ii = arith.index_cast %i : index to i32
        %u = vyre.load @edges[%ii] : i32
        %old = vyre.atomic_rmw umin %next, @levels[%u] : i32
        %lowered = arith.cmpi ult, %next, %old : i32
        scf.if %lowered {
          vyre.enqueue opcode(%visit) args(%u, %next)
        }
      }
    }
    vyre.yield
  }

  vyre.handler @expand opcode(17) {
  ^bb0(%slot: !vyre.slot):
    %v = vyre.arg %slot[0]
    %d = vyre.arg %slot[1]
    %one = arith.constant 1 : i32
    %unreached = arith.constant -1 : i32
    %count = arith.constant 160 : i32
    %v1 = arith.addi %v, %one : i32
    %begin = vyre.load @offsets[%v] : i32
    %end = vyre.load @offsets[%v1] : i32
    %next = arith.addi %d, %one : i32
    %b = arith.index_cast %begin : i32 to index
    %e = arith.index_cast %end : i32 to index
    %c1 = arith.constant 1 : index
    scf.for %i = %b to %e step %c1 {
      %ii = arith.index_cast %i : index to i32
      %u = vyre.load @edges[%ii] : i32
      %old = vyre.atomic_cas @levels[%u], %unreached, %next : i32
      %first = arith.cmpi eq, %old, %unreached : i32
      scf.if %first {
        %at = vyre.atomic_rmw add %one, control[%count] : i32
        vyre.store %u, @frontier[%at] : i32
      }
    }
    vyre.yield
  }
}
