// The interpreter through upstream's NVVM path to PTX text: vyre's
// target-neutral GPU level, vyre-convert-gpu-to-nvvm, then upstream's
// nvvm-attach-target and gpu-module-to-binary. What is checked is the memory
// model of the ring protocol: every access to a word the host reads or
// writes while the kernel runs is system-scoped, and ordered as intended.
// RUN: vyre-opt %s --vyre-to-nvvm-interpreter \
// RUN:   | mlir-opt --pass-pipeline='builtin.module(nvvm-attach-target{chip=sm_90},gpu-module-to-binary{format=isa})' \
// RUN:   | %python %S/extract_ptx.py | FileCheck %s
// The GPU level itself: workgroup state as attributions, neutral spaces.
// RUN: vyre-opt %s --vyre-to-nvvm-interpreter | FileCheck %s --check-prefix=LLVM

// The workgroup state (the loop's 5 words, the starvation bound's 3, the
// five tails and six queue bounds) is a `.shared` global (address space 3);
// the buffers are global pointers (address space 1); the workgroup size is
// the kernel's maxntid.
// LLVM: llvm.mlir.global internal @__wg_k_0() {addr_space = 3 : i32} : !llvm.array<19 x i32>
// LLVM: llvm.func @k(%{{.*}}: !llvm.ptr<1>
// LLVM-SAME: nvvm.kernel
// LLVM-SAME: nvvm.maxntid = array<i32: 32, 1, 1>
// LLVM-NOT: vyre.binding
// LLVM-NOT: vyre.device

// No access to the ABI's buffers is a plain or volatile global access
// (scoped to nothing, or to the GPU), and none is weaker than relaxed.sys.
// CHECK-LABEL: .entry k(
// CHECK-NOT: {{(ld|st)}}.global.{{[bu]}}
// CHECK-NOT: .volatile
// The loop head: lane 0 reads the host's words (SHUTDOWN, the loop budget,
// the doorbell, the tails) at system scope.
// CHECK: ld.relaxed.sys.global.b32
// The claim: the slot's status read at system scope (CLAIMED is 2); the
// owner lane's acquire fence, then the CLAIMED store, at system scope.
// CHECK: ld.relaxed.sys.global.b32
// CHECK: fence.acq_rel.sys;
// CHECK-NEXT: st.relaxed.sys.global.b32 {{.*}}, 2;
// The next slot's status (loaded early), then the opcode and tenant words
// (slot words 1 and 2), after the fence.
// CHECK: ld.relaxed.sys.global.b32 {{.*}}+4];
// CHECK-NEXT: ld.relaxed.sys.global.b32 {{.*}}+8];
// A DONE: the handler's writes ordered before the one-byte mirror (DONE
// is 3) by a release fence at system scope.
// CHECK: fence.acq_rel.sys;
// CHECK-NEXT: st.relaxed.sys.global.b8 {{.*}}, 3;
// A FAULT: the fault log's words, then the fence and the mirror (7), then
// FAULT_COUNT (control word 2) with release. LLVM 22's NVPTX backend drops
// the order of an ordered atomicrmw, so the order is a fence of its own.
// CHECK: fence.acq_rel.sys;
// CHECK-NEXT: st.relaxed.sys.global.b8 {{.*}}, 7;
// CHECK: fence.acq_rel.sys;
// CHECK-NEXT: atom.global.add.u32 {{.*}}+8], 1;
// DONE_COUNT (control word 1) once per lane and pass, with release: a host
// that sees it reach N sees N mirror bytes.
// CHECK: fence.acq_rel.sys;
// CHECK-NEXT: atom.global.add.u32 {{.*}}+4], %r
// CHECK: ret;
// CHECK-NOT: {{(ld|st)}}.global.{{[bu]}}
// CHECK-NOT: .volatile

vyre.megakernel @k slots(64) workgroups(2) workgroup_size(32) mode(persistent)
    attributes {tenants = array<i32: 1>} {
  vyre.handler @count opcode(16) {
  ^bb0(%slot: !vyre.slot):
    %i = vyre.arg %slot[0]
    %one = arith.constant 1 : i32
    %old = vyre.atomic_rmw add %one, control[%i] : i32
    vyre.yield
  }
}
