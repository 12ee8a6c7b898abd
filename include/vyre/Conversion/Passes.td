//===- Passes.td - vyre conversions ------------------------*- tablegen -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_CONVERSION_PASSES_TD
#define VYRE_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def VyreEmitManifest : Pass<"vyre-emit-manifest", "ModuleOp"> {
  let summary = "Record each megakernel's ABI manifest on the module";
  let description = [{
    Builds the manifest of every `vyre.megakernel` as the pipeline leaves it
    (geometry, bindings and sizes, arms in dispatch order, tenants, shard
    layout, fused and deferred arms, batches, IO; docs/manifest.md) and sets
    it on the module as the `vyre.kernels` dictionary, which
    `vyre-translate --vyre-to-manifest` prints as JSON. Runs last before
    `convert-vyre-to-gpu`, which replaces the megakernels. Built-ins must
    have been materialized.
  }];
}

def ConvertVyreToGPU : Pass<"convert-vyre-to-gpu", "ModuleOp"> {
  let summary = "Lower each vyre.megakernel to a gpu.func persistent interpreter";
  let description = [{
    Each megakernel becomes `gpu.module @name { gpu.func @name kernel }`, a
    target-neutral GPU level: the ring, control, debug-log, completion and
    user buffers are arguments in `#gpu.address_space<global>`, each with
    its `vyre.binding` (descriptor set 0, bindings from the ring ABI); the
    words a workgroup shares are workgroup attributions; per-lane variables
    are `memref.alloca` in `#gpu.address_space<private>`; the workgroup
    size is the function's `known_block_size`. Accesses whose ordering the
    ring protocol relies on are `vyre.device.*` ops. The SPIR-V target
    (vyre-prepare-gpu-for-spirv, vyre-convert-gpu-to-spirv) and the NVVM
    target (vyre-convert-gpu-to-nvvm) map them.

    The body is the interpreter loop of the design: per pass, each lane
    walks its strided share of the ring, skips slots that are not PUBLISHED
    after one volatile load, claims its own slots (one owner lane per slot:
    a fence and a store, no compare-and-swap), checks the tenant, runs the
    matching handler arm (an if-chain, most-executed first when the kernel
    has a `#vyre.profile`), bounds-checks every buffer, control and
    observable index, and completes the slot with release semantics
    (DONE_COUNT once per lane and pass). `persistent` kernels loop until
    SHUTDOWN; `once` kernels return after a pass that found nothing.

    Built-ins must have been materialized first. The manifest is
    `vyre-emit-manifest`'s, run before this pass.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::gpu::GPUDialect",
    "::mlir::memref::MemRefDialect", "::mlir::scf::SCFDialect"];
}

def VyrePrepareGPUForSPIRV : Pass<"vyre-prepare-gpu-for-spirv", "ModuleOp"> {
  let summary = "Map vyre's target-neutral GPU level onto SPIR-V's ABI";
  let description = [{
    What upstream's GPU-to-SPIR-V conversion needs and the neutral level
    does not say: the module's `spirv.target_env` (unless it has one: Vulkan
    1.1 compute, SPIR-V `spirv-version`, 8-bit storage for the completion
    plane); each kernel's `spirv.entry_point_abi` from its
    `known_block_size` and each argument's `spirv.interface_var_abi` from
    its `vyre.binding`; workgroup attributions as `memref.alloc` in
    Workgroup storage at the function's start (upstream has no lowering for
    attributions); and every memref's `#gpu.address_space` as a SPIR-V
    storage class: global -> StorageBuffer, workgroup -> Workgroup,
    private -> Function.
  }];
  let dependentDialects = ["::mlir::spirv::SPIRVDialect",
                           "::mlir::memref::MemRefDialect"];
  let options = [
    Option<"spirvVersion", "spirv-version", "std::string", "\"v1.3\"",
           "SPIR-V version of the default spirv.target_env (v1.0-v1.3); "
           "ignored when the module already has one">,
  ];
}

def VyreConvertGPUToSPIRV : Pass<"vyre-convert-gpu-to-spirv", "ModuleOp"> {
  let summary = "Convert vyre's gpu.modules (with vyre.device ops) to spirv.module";
  let description = [{
    The upstream GPU, SCF, arith, memref and func to SPIR-V patterns, plus
    patterns for the `vyre.device.*` ops: volatile loads and stores become
    `spirv.Load`/`spirv.Store` with the `Volatile` memory access, atomics
    become `spirv.Atomic*` at Device scope with UniformMemory semantics and
    the requested order, fences become `spirv.MemoryBarrier`. Each
    gpu.module is replaced by its spirv.module.

    Run vyre-prepare-gpu-for-spirv first. Before converting, the results
    of every `scf.for` are guarded with
    `select(lb < ub, result, init)`: upstream's lowering leaves the result
    variables of a zero-trip loop uninitialized.
  }];
  let dependentDialects = ["::mlir::spirv::SPIRVDialect"];
}

def VyreConvertGPUToNVVM : Pass<"vyre-convert-gpu-to-nvvm", "ModuleOp"> {
  let summary = "Convert vyre's gpu.modules (with vyre.device ops) to NVVM";
  let description = [{
    The NVVM target of the neutral GPU level: upstream's GPU-to-NVVM, arith,
    cf and memref-to-LLVM patterns with patterns for the `vyre.device.*`
    ops, after SCF is lowered to cf, in one conversion per gpu.module (the
    module stays, for `nvvm-attach-target` and `gpu-module-to-binary`).
    Every device access is at system scope, since the host reads and
    writes those words while the kernel runs: volatile loads and stores
    become atomic monotonic ones (`ld.relaxed.sys`, `st.relaxed.sys`), an
    ordered atomic becomes a system-scope fence around a monotonic RMW (LLVM
    22's NVPTX backend drops the ordering and scope of an ordered
    `atomicrmw`), and fences are system-scope. Global memory is address
    space 1, workgroup attributions become `.shared` globals. No CUDA
    executor runs the result yet.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect",
                           "::mlir::NVVM::NVVMDialect",
                           "::mlir::cf::ControlFlowDialect"];
}

def VyreSPIRVMarkCoherent
    : Pass<"vyre-spirv-mark-coherent", "::mlir::spirv::ModuleOp"> {
  let summary = "Decorate every storage buffer of a vyre kernel Coherent";
  let description = [{
    A persistent interpreter polls words that other agents write while it
    runs: the host publishes slots and raises SHUTDOWN, lanes on other
    compute units complete slots and update user buffers. Under the GLSL450
    memory model a per-access `Volatile` operand does not stop a driver from
    serving such a load from a non-coherent per-unit cache: on an H100 the
    lanes never saw a slot published after their first pass read its line.
    The `Coherent` decoration on the buffer variables (GLSL's `coherent`)
    makes every access to them coherent at device scope, which is what the
    ring ABI assumes. Run after `spirv-lower-abi-attrs`, which creates the
    variables.
  }];
}

#endif // VYRE_CONVERSION_PASSES_TD
