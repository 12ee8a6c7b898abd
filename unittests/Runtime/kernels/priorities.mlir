// One lane and explicit priority partitions, so the order in which slots
// run is fully determined by the layout: critical [0, 8), high [8, 16),
// normal [16, 48), low [48, 56), idle [56, 64).
vyre.megakernel @priorities slots(64) workgroups(1) workgroup_size(1) mode(once)
    attributes {observables = 64 : i32,
                shard = #vyre.shard<strategy = strided,
                                    partitions = [0, 8, 16, 48, 56, 64]>} {
  // 16: observable a0 = the number of slots that ran before this one
  // (observable 0 is the running count).
  vyre.handler @rank opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %at = vyre.arg %slot[0]
    %one = arith.constant 1 : i32
    %count = arith.constant 160 : i32
    %rank = vyre.atomic_rmw add %one, control[%count] : i32
    vyre.observe %rank at [%at]
    vyre.yield
  }
}
