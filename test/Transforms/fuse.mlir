// Subset selection: the same kernel under several budgets and profiles.
// Arm sizes (operations in the body): @__vyre_atomic_add 3, @hot 5,
// @warm 3, @big 8, @cold 0; arm numbers follow the body: atomic_add 0,
// hot 1, warm 2, big 3, cold 4.
// RUN: vyre-opt %s --vyre-materialize-builtins --vyre-fuse="report=true" -verify-diagnostics -split-input-file | FileCheck %s --check-prefix=ALL
// RUN: vyre-opt %s --vyre-materialize-builtins --vyre-fuse="budget=16" -split-input-file 2>/dev/null | FileCheck %s --check-prefix=B16
// RUN: vyre-opt %s --vyre-materialize-builtins --vyre-fuse="budget=8" -split-input-file 2>/dev/null | FileCheck %s --check-prefix=B8
// RUN: vyre-opt %s --vyre-materialize-builtins --vyre-fuse="budget=4" -split-input-file 2>/dev/null | FileCheck %s --check-prefix=B4
// A small budget leaves hot slots to requeue: the model says so.
// RUN: vyre-opt %s --vyre-materialize-builtins --vyre-fuse="budget=8" -split-input-file 2>&1 >/dev/null | FileCheck %s --check-prefix=WARN
// Deferred arms: the executed arms left out, by falling count, while they
// fit defer-budget together.
// RUN: vyre-opt %s --vyre-materialize-builtins --vyre-fuse="budget=8 defer-budget=3" -split-input-file 2>/dev/null | FileCheck %s --check-prefix=D3
// RUN: vyre-opt %s --vyre-materialize-builtins --vyre-fuse="budget=8 defer-budget=11" -split-input-file 2>/dev/null | FileCheck %s --check-prefix=D11
// RUN: vyre-opt %s --vyre-materialize-builtins --vyre-fuse="budget=8 defer-budget=11 report=true" -split-input-file 2>&1 >/dev/null | FileCheck %s --check-prefix=DREPORT
// Fused twice: the second run recomputes the same choice.
// RUN: vyre-opt %s --vyre-materialize-builtins --vyre-fuse --vyre-fuse -split-input-file | FileCheck %s --check-prefix=ALL

// Skewed profile. Everything executed fits in 256 operations: all four
// executed arms, hottest first; @cold (never executed) stays out.
// ALL-LABEL: vyre.megakernel @skewed
// ALL-SAME: fused_arms = array<i32: 1, 2, 3, 0>
// 16 operations: @hot, @warm and @big fill it exactly; atomic_add (10
// slots) is requeued rather than @big (40 slots).
// B16-LABEL: vyre.megakernel @skewed
// B16-SAME: fused_arms = array<i32: 1, 2, 3>
// B16-NOT: fused_arms = array<i32: 1, 2, 3, 0>
// 8 operations: @hot and @warm.
// B8-LABEL: vyre.megakernel @skewed
// B8-SAME: fused_arms = array<i32: 1, 2>
// 4 operations: @hot (5) does not fit; @warm (3) is the best that does.
// B4-LABEL: vyre.megakernel @skewed
// B4-SAME: fused_arms = array<i32: 2>
// @big (40 slots, 8 operations) does not fit 3; @__vyre_atomic_add (10
// slots, 3 operations) does.
// D3-LABEL: vyre.megakernel @skewed
// D3-SAME: deferred_arms = array<i32: 0>
// D3-SAME: fused_arms = array<i32: 1, 2>
// D11-LABEL: vyre.megakernel @skewed
// D11-SAME: deferred_arms = array<i32: 3, 0>
// D11-SAME: fused_arms = array<i32: 1, 2>
// DREPORT: remark: vyre-fuse: fused 2 of 5 arms (@hot, @warm), 8 of 8 operations; model cost {{[0-9]+}} vs 2120 generic; 50 of 1000 profiled slots not fused, 50 of them deferred (@big, @__vyre_atomic_add)
// Nothing is deferred when everything executed is fused.
// D11-LABEL: vyre.megakernel @uniform
// D11-NOT: deferred_arms
// WARN: warning: vyre-fuse: the budget of 8 operations leaves 50 of 1000 profiled slots to requeue; the model expects the fused kernel to cost more than the generic interpreter (4300 vs 2120); raise `budget`

// expected-remark @below {{vyre-fuse: fused 4 of 5 arms (@hot, @warm, @big, @__vyre_atomic_add), 19 of 256 operations; model cost 1160 vs 2120 generic; 0 of 1000 profiled slots not fused, 0 of them deferred (none)}}
vyre.megakernel @skewed slots(64) workgroups(1) workgroup_size(32) mode(persistent)
    attributes {profile = #vyre.profile<{16: 900, 17: 50, 18: 40, 19: 0, 2: 10}>} {
  vyre.builtin "atomic_add"
  vyre.handler @hot opcode(16) {
  ^bb0(%s: !vyre.slot):
    %a = vyre.arg %s[0]
    %c = arith.constant 3 : i32
    %m = arith.muli %a, %c : i32
    %i = arith.constant 0 : i32
    vyre.observe %m at [%i]
    vyre.yield
  }
  vyre.handler @warm opcode(17) {
  ^bb0(%s: !vyre.slot):
    %a = vyre.arg %s[0]
    %i = arith.constant 1 : i32
    vyre.observe %a at [%i]
    vyre.yield
  }
  vyre.handler @big opcode(18) {
  ^bb0(%s: !vyre.slot):
    %a = vyre.arg %s[0]
    %b = arith.addi %a, %a : i32
    %c = arith.addi %b, %a : i32
    %d = arith.addi %c, %b : i32
    %e = arith.addi %d, %c : i32
    %f = arith.addi %e, %d : i32
    %i = arith.constant 2 : i32
    vyre.observe %f at [%i]
    vyre.yield
  }
  vyre.handler @cold opcode(19) {
  ^bb0(%s: !vyre.slot):
    vyre.yield
  }
}

// -----

// Uniform profile over two merged opcodes and one more arm: the count of
// an arm is the sum over its opcodes (arm 0 serves 20 and 21: 300 + 300),
// so it is tested first.
// ALL-LABEL: vyre.megakernel @uniform
// ALL-SAME: fused_arms = array<i32: 0, 1>
// B4-LABEL: vyre.megakernel @uniform
// B4-SAME: fused_arms = array<i32: 0, 1>
// expected-remark @below {{vyre-fuse: fused 2 of 2 arms (@pair, @one), 2 of 256 operations; model cost 1400 vs 1400 generic; 0 of 1000 profiled slots not fused, 0 of them deferred (none)}}
vyre.megakernel @uniform slots(64) workgroups(1) workgroup_size(32) mode(persistent)
    attributes {profile = #vyre.profile<{20: 300, 21: 300, 22: 400}>} {
  vyre.handler @pair opcode(20, 21) {
  ^bb0(%s: !vyre.slot):
    %a = vyre.arg %s[0]
    vyre.yield
  }
  vyre.handler @one opcode(22) {
  ^bb0(%s: !vyre.slot):
    %a = vyre.arg %s[1]
    vyre.yield
  }
}
