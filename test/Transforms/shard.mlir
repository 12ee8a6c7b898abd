// RUN: vyre-opt %s --vyre-shard | FileCheck %s
// RUN: vyre-opt %s --vyre-shard="strategy=strided priority-weights=1,1,1,1,1 starvation-bound=4" | FileCheck %s --check-prefix=OPTS
// RUN: vyre-opt %s --vyre-shard="priorities=false" | FileCheck %s --check-prefix=ONE
// RUN: vyre-opt %s --vyre-shard | vyre-opt --vyre-shard | FileCheck %s

// Default weights 1,2,8,2,1 of 256 slots: 18, 36, 146+2 (rounding), 36, 18.
// priorities=false: one partition of 256 slots, not fewer than the lanes.
// 4 x 64 = 256 lanes > 148 normal slots: the cost rule picks contiguous.
// CHECK-LABEL: vyre.megakernel @wide
// CHECK-SAME: shard = #vyre.shard<strategy = contiguous, partitions = [0, 18, 54, 202, 238, 256]>
// OPTS-LABEL: vyre.megakernel @wide
// OPTS-SAME: shard = #vyre.shard<strategy = strided, partitions = [0, 51, 102, 154, 205, 256], starvation_bound = 4>
// ONE-LABEL: vyre.megakernel @wide
// ONE-SAME: shard = #vyre.shard<strategy = strided>
vyre.megakernel @wide slots(256) workgroups(4) workgroup_size(64) mode(persistent) {
  vyre.builtin "nop"
}

// 1 x 32 lanes <= 2048 normal slots, and one workgroup: strided.
// CHECK-LABEL: vyre.megakernel @deep
// CHECK-SAME: shard = #vyre.shard<strategy = strided, partitions = [0, 146, 438, 1610, 1902, 2048]>
vyre.megakernel @deep slots(2048) workgroups(1) workgroup_size(32) mode(once) {
  vyre.builtin "nop"
}

// An explicit geometry is the user's and is kept.
// CHECK-LABEL: vyre.megakernel @mine
// CHECK-SAME: shard = #vyre.shard<strategy = strided, partitions = [0, 1, 2, 60, 63, 64], starvation_bound = 2>
// OPTS-LABEL: vyre.megakernel @mine
// OPTS-SAME: partitions = [0, 1, 2, 60, 63, 64], starvation_bound = 2>
vyre.megakernel @mine slots(64) workgroups(1) workgroup_size(32) mode(once)
    attributes {shard = #vyre.shard<strategy = strided, partitions = [0, 1, 2, 60, 63, 64], starvation_bound = 2>} {
  vyre.builtin "nop"
}
