// RUN: vyre-opt %s --vyre-attach-profile=file=%S/Inputs/profile-good.json | FileCheck %s
// RUN: vyre-opt %s --vyre-attach-profile=file=%S/Inputs/profile-good.json -verify-diagnostics -o /dev/null
// The pipeline option attaches it too.
// RUN: vyre-opt %s --vyre-to-spirv-interpreter="profile=%S/Inputs/profile-good.json" -verify-diagnostics -o /dev/null
// The lowering then tests the hot arm (opcode 17, execution counter in
// control word 42) first, NOP (word 40) next, @cold (word 41) last.
// RUN: vyre-opt %s --vyre-materialize-builtins --vyre-attach-profile=file=%S/Inputs/profile-good.json --convert-vyre-to-gpu 2>/dev/null | FileCheck %s --check-prefix=ORDER
// ORDER: arith.constant 17 : i32
// ORDER: arith.constant 42 : i32
// ORDER: arith.constant 40 : i32
// ORDER: arith.constant 41 : i32
// RUN: not vyre-opt %s --vyre-attach-profile 2>&1 | FileCheck %s --check-prefix=NOFILE
// RUN: not vyre-opt %s --vyre-attach-profile=file=%S/Inputs/absent.json 2>&1 | FileCheck %s --check-prefix=ABSENT
// RUN: not vyre-opt %s --vyre-attach-profile=file=%S/Inputs/profile-bad-json.json 2>&1 | FileCheck %s --check-prefix=JSON
// RUN: not vyre-opt %s --vyre-attach-profile=file=%S/Inputs/profile-future.json 2>&1 | FileCheck %s --check-prefix=FORMAT
// RUN: not vyre-opt %s --vyre-attach-profile=file=%S/Inputs/profile-other-kernel.json 2>&1 | FileCheck %s --check-prefix=KERNEL
// RUN: not vyre-opt %s --vyre-attach-profile=file=%S/Inputs/profile-negative.json 2>&1 | FileCheck %s --check-prefix=COUNT

// Each arm's count lands on its first opcode (one counter per arm); the
// old profile is replaced; opcode 40, which @hot does not serve, is dropped
// with a warning.
// CHECK: vyre.megakernel @hot
// CHECK-SAME: profile = #vyre.profile<{0: 7, 16: 3, 17: 900}>

// NOFILE: vyre-attach-profile: no profile given; pass file=PATH
// ABSENT: vyre-attach-profile: cannot read profile {{.*}}absent.json: {{.*}}
// JSON: vyre-attach-profile: profile {{.*}}profile-bad-json.json is not valid JSON
// FORMAT: vyre-attach-profile: profile {{.*}}: format 2, but this vyre-opt reads 1 (write it with vyre-run --profile-out or vyre_kernel_save_profile)
// KERNEL: vyre-attach-profile: profile {{.*}} is for kernel 'other', but the module has 'hot'; profile the kernel you compile
// COUNT: vyre-attach-profile: profile {{.*}}: arm 0 has no non-negative "count"

// expected-warning @+1 {{counts opcode 40, which @hot does not serve; ignored}}
vyre.megakernel @hot slots(64) workgroups(1) workgroup_size(32) mode(once)
    attributes {profile = #vyre.profile<{16: 1}>} {
  vyre.builtin "nop"
  vyre.handler @cold opcode(16, 18) {
  ^bb0(%slot: !vyre.slot):
    vyre.yield
  }
  vyre.handler @hot opcode(17) {
  ^bb0(%slot: !vyre.slot):
    vyre.yield
  }
}
