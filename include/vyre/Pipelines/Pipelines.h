//===- Pipelines.h - named vyre pass pipelines -------------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_PIPELINES_PIPELINES_H
#define VYRE_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace mlir::vyre {

/// The options every vyre-to-spirv pipeline takes.
template <typename Derived>
struct CommonPipelineOptions : public PassPipelineOptions<Derived> {
  using PassOptions = mlir::detail::PassOptions;
  PassOptions::Option<std::string> spirvVersion{
      *this, "spirv-version",
      llvm::cl::desc("SPIR-V version of the default target env (v1.0-v1.3)"),
      llvm::cl::init("v1.3")};
  PassOptions::Option<std::string> profile{
      *this, "profile",
      llvm::cl::desc("a profile file (vyre-run --profile-out) to attach "
                     "with vyre-attach-profile: hot arms are tested first"),
      llvm::cl::init("")};
  PassOptions::Option<bool> prune{
      *this, "prune",
      llvm::cl::desc("run vyre-prune-redundancy (merge and drop handlers, "
                     "prune static batches)"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> pruneDropDenied{
      *this, "prune-drop-denied",
      llvm::cl::desc("vyre-prune-redundancy: remove handlers no tenant in "
                     "the tenant table may run"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> pruneHoist{
      *this, "prune-hoist",
      llvm::cl::desc("vyre-prune-redundancy: hoist computations every "
                     "dispatch arm performs above the opcode switch"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> shard{
      *this, "shard",
      llvm::cl::desc("run vyre-shard (ring partitions and priorities)"),
      llvm::cl::init(true)};
  PassOptions::Option<std::string> shardStrategy{
      *this, "shard-strategy",
      llvm::cl::desc("vyre-shard strategy: contiguous, strided or auto"),
      llvm::cl::init("auto")};
  PassOptions::Option<bool> priorities{
      *this, "priorities",
      llvm::cl::desc("vyre-shard: five priority partitions (false: one)"),
      llvm::cl::init(true)};
  PassOptions::Option<int32_t> starvationBound{
      *this, "starvation-bound",
      llvm::cl::desc("vyre-shard: passes in a row that may skip the lower "
                     "partitions (0: never skip)"),
      llvm::cl::init(16)};
};

struct InterpreterPipelineOptions
    : public CommonPipelineOptions<InterpreterPipelineOptions> {};

/// vyre-to-spirv-jit: the interpreter pipeline's options (`profile` is
/// required) and vyre-fuse's.
struct JitPipelineOptions : public CommonPipelineOptions<JitPipelineOptions> {
  PassOptions::Option<unsigned> budget{
      *this, "budget",
      llvm::cl::desc("vyre-fuse: the most operations the fused arms may hold"),
      llvm::cl::init(256)};
  PassOptions::Option<unsigned> requeueCost{
      *this, "requeue-cost",
      llvm::cl::desc("vyre-fuse: cost units of a requeued slot (one opcode "
                     "test is 1)"),
      llvm::cl::init(64)};
  PassOptions::Option<unsigned> deferBudget{
      *this, "defer-budget",
      llvm::cl::desc("vyre-fuse: the most operations the deferred arms "
                     "(served in the fused kernel in opcode-uniform rounds, "
                     "not requeued) may hold; 0: requeue every unfused arm"),
      llvm::cl::init(0)};
  PassOptions::Option<bool> report{
      *this, "report",
      llvm::cl::desc("vyre-fuse: a remark with the chosen arms and costs"),
      llvm::cl::init(false)};
};

/// vyre-to-spirv-batch: the interpreter pipeline's options and
/// vyre-fuse-batch's.
struct BatchPipelineOptions
    : public CommonPipelineOptions<BatchPipelineOptions> {
  PassOptions::Option<std::string> batch{
      *this, "batch",
      llvm::cl::desc("vyre-fuse-batch: the vyre.batch to compile (default: "
                     "the kernel's only one)"),
      llvm::cl::init("")};
  PassOptions::Option<uint64_t> maxLoopTrips{
      *this, "max-loop-trips",
      llvm::cl::desc("vyre-fuse-batch: loop iterations the whole batch may "
                     "run; items past it are requeued"),
      llvm::cl::init(16384)};
};

/// vyre-prune-redundancy: the four pruning passes, each behind an option.
struct PruneRedundancyOptions
    : public PassPipelineOptions<PruneRedundancyOptions> {
  Option<bool> dropDenied{
      *this, "drop-denied",
      llvm::cl::desc("vyre-drop-denied-handlers: remove handlers no tenant "
                     "in the tenant table may run"),
      llvm::cl::init(true)};
  Option<bool> mergeHandlers{
      *this, "merge-handlers",
      llvm::cl::desc("vyre-merge-equal-handlers: merge handlers with "
                     "structurally equal bodies into one arm"),
      llvm::cl::init(true)};
  Option<bool> hoistCommon{
      *this, "hoist-common",
      llvm::cl::desc("vyre-hoist-common: hoist computations every dispatch "
                     "arm performs above the opcode switch"),
      llvm::cl::init(true)};
  Option<bool> pruneBatches{
      *this, "prune-batches",
      llvm::cl::desc("vyre-prune-batches: drop vyre.batch work items whose "
                     "effect is subsumed"),
      llvm::cl::init(true)};
  Option<bool> report{
      *this, "report",
      llvm::cl::desc("each pass emits a remark with its counts"),
      llvm::cl::init(false)};
};

/// vyre-drop-denied-handlers -> vyre-merge-equal-handlers ->
/// vyre-hoist-common -> vyre-prune-batches, those `options` turn on.
void buildPruneRedundancyPipeline(OpPassManager &pm,
                                  const PruneRedundancyOptions &options);

/// materialize built-ins -> [attach profile] -> prune redundancy -> shard ->
/// convert-vyre-to-gpu -> canonicalize, cse (the target-neutral GPU level)
/// -> vyre-prepare-gpu-for-spirv -> vyre-convert-gpu-to-spirv ->
/// spirv-lower-abi-attrs, vyre-spirv-mark-coherent, spirv-update-vce.
void buildVyreToSPIRVInterpreterPipeline(
    OpPassManager &pm, const InterpreterPipelineOptions &options);

/// The same GPU level -> vyre-convert-gpu-to-nvvm: gpu.modules of LLVM/NVVM
/// ops, for nvvm-attach-target and gpu-module-to-binary (spirv-version is
/// ignored).
void buildVyreToNVVMInterpreterPipeline(
    OpPassManager &pm, const InterpreterPipelineOptions &options);

/// materialize built-ins -> attach profile -> prune redundancy -> vyre-fuse
/// -> shard -> the rest as above: a JIT-fused kernel that requeues the
/// opcodes it did not fuse to the generic interpreter.
void buildVyreToSPIRVJitPipeline(OpPassManager &pm,
                                 const JitPipelineOptions &options);

/// materialize built-ins -> [attach profile] -> prune redundancy ->
/// vyre-fuse-batch, canonicalize, cse -> shard -> the rest as above: a
/// one-lane kernel that runs one static batch as straight-line code.
void buildVyreToSPIRVBatchPipeline(OpPassManager &pm,
                                   const BatchPipelineOptions &options);

/// Registers every named vyre pipeline with the global registry.
void registerVyrePipelines();

/// Adds the dialects a vyre pipeline reads and writes (vyre, arith, cf,
/// func, gpu, memref, scf, spirv): the tools that parse a user's kernel
/// and run the pipelines (vyre-opt, vyre-compile) register these.
void registerVyrePipelineDialects(DialectRegistry &registry);

} // namespace mlir::vyre

#endif // VYRE_PIPELINES_PIPELINES_H
