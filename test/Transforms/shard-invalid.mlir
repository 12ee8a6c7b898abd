// RUN: vyre-opt %s --vyre-shard -split-input-file -verify-diagnostics
// RUN: not vyre-opt %s --vyre-shard="strategy=diagonal" 2>&1 | FileCheck %s --check-prefix=STRATEGY
// RUN: not vyre-opt %s --vyre-shard="priority-weights=1,1,0,1,1" 2>&1 | FileCheck %s --check-prefix=WEIGHTS
// RUN: not vyre-opt %s --vyre-shard="starvation-bound=-1" 2>&1 | FileCheck %s --check-prefix=BOUND

// STRATEGY: vyre-shard: strategy 'diagonal' is not one of contiguous, strided, auto
// WEIGHTS: vyre-shard: priority-weights needs 5 weights (critical, high, normal, low, idle) with a non-zero normal weight
// BOUND: vyre-shard: starvation-bound must be 0 (never skip the lower partitions) or positive, got -1

// expected-error @+1 {{has 3 ring slots, too few for 5 priority partitions; give it more slots or run vyre-shard with priorities=false}}
vyre.megakernel @tiny slots(3) workgroups(1) workgroup_size(1) mode(once) {
  vyre.builtin "nop"
}
