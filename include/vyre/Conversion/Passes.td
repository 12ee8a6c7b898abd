//===- Passes.td - vyre conversions ------------------------*- tablegen -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_CONVERSION_PASSES_TD
#define VYRE_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertVyreToGPU : Pass<"convert-vyre-to-gpu", "ModuleOp"> {
  let summary = "Lower each vyre.megakernel to a gpu.func persistent interpreter";
  let description = [{
    Each megakernel becomes `gpu.module @name { gpu.func @name kernel }` with
    the ring, control, debug-log and user buffers as storage-buffer
    arguments (descriptor set 0, bindings from the ring ABI). The body is
    the interpreter loop of the design: per pass, each lane walks its
    strided share of the ring, skips slots that are not PUBLISHED after one
    volatile load, claims with a compare-and-swap, checks the tenant, runs
    the matching handler arm (an if-chain, most-executed first when the
    kernel has a `#vyre.profile`), bounds-checks every buffer, control and
    observable index, and publishes DONE or FAULT with release semantics
    before bumping DONE_COUNT / FAULT_COUNT. `persistent` kernels loop until
    SHUTDOWN; `once` kernels return after a pass that found nothing.

    Built-ins must have been materialized first. The ABI manifest of every
    kernel is attached to the module as the `vyre.kernels` dictionary, which
    `vyre-translate --vyre-to-manifest` prints as JSON.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::gpu::GPUDialect",
    "::mlir::memref::MemRefDialect", "::mlir::scf::SCFDialect",
    "::mlir::spirv::SPIRVDialect"];
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

    Before converting, the results of every `scf.for` are guarded with
    `select(lb < ub, result, init)`: upstream's lowering leaves the result
    variables of a zero-trip loop uninitialized.
  }];
  let dependentDialects = ["::mlir::spirv::SPIRVDialect"];
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
