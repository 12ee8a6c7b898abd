//===- Pipelines.cpp - named vyre pass pipelines -----------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "vyre/Pipelines/Pipelines.h"
#include "vyre/Conversion/Passes.h"
#include "vyre/Dialect/Vyre/Transforms/Passes.h"

#include "vyre/Dialect/Vyre/IR/VyreDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVOps.h"
#include "mlir/Dialect/SPIRV/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::vyre;

namespace {

/// The passes down to the target-neutral GPU level, around the optional
/// vyre-fuse step.
template <typename Options>
void buildGPULevel(OpPassManager &pm, const Options &options,
                   function_ref<void(OpPassManager &)> fuse) {
  pm.addPass(createVyreMaterializeBuiltins());
  if (!options.profile.empty()) {
    VyreAttachProfileOptions profile;
    profile.file = options.profile;
    pm.addPass(createVyreAttachProfile(profile));
  }
  if (options.prune) {
    PruneRedundancyOptions prune;
    prune.dropDenied = options.pruneDropDenied;
    prune.hoistCommon = options.pruneHoist;
    buildPruneRedundancyPipeline(pm, prune);
  }
  if (fuse)
    fuse(pm);
  if (options.shard) {
    VyreShardOptions shard;
    shard.strategy = options.shardStrategy;
    shard.priorities = options.priorities;
    shard.starvationBound = options.starvationBound;
    pm.addPass(createVyreShard(shard));
  }
  pm.addPass(createVyreEmitManifest());
  pm.addPass(createConvertVyreToGPU());
  // Bottom-up: the dispatch chain nests one scf.if per arm, and the default
  // top-down walk re-visits that nest so often that canonicalizing 256 arms
  // took 4.9 s; bottom-up reaches the same fixpoint (equal IR after CSE) in
  // 0.7 s (bench/compile-time.sh, docs/benchmarks.md).
  pm.addPass(createCanonicalizerPass(
      GreedyRewriteConfig().setUseTopDownTraversal(false)));
  pm.addPass(createCSEPass());
}

/// The GPU level, then the SPIR-V target.
template <typename Options>
void buildPipeline(OpPassManager &pm, const Options &options,
                   function_ref<void(OpPassManager &)> fuse) {
  buildGPULevel(pm, options, fuse);
  VyrePrepareGPUForSPIRVOptions spirvTarget;
  spirvTarget.spirvVersion = options.spirvVersion;
  pm.addPass(createVyrePrepareGPUForSPIRV(spirvTarget));
  pm.addPass(createVyreConvertGPUToSPIRV());
  OpPassManager &spirvPM = pm.nest<spirv::ModuleOp>();
  spirvPM.addPass(spirv::createSPIRVLowerABIAttributesPass());
  spirvPM.addPass(createVyreSPIRVMarkCoherent());
  spirvPM.addPass(spirv::createSPIRVUpdateVCEPass());
}

} // namespace

/// Adds the pass `create` makes from its options, with `report` set, if
/// `on`.
template <typename PassOptions, typename Create>
static void addReporting(OpPassManager &pm, bool on, bool report,
                         Create create) {
  if (!on)
    return;
  PassOptions options;
  options.report = report;
  pm.addPass(create(options));
}

void mlir::vyre::buildPruneRedundancyPipeline(
    OpPassManager &pm, const PruneRedundancyOptions &options) {
  bool report = options.report;
  addReporting<VyreDropDeniedHandlersOptions>(
      pm, options.dropDenied, report,
      [](const auto &o) { return createVyreDropDeniedHandlers(o); });
  addReporting<VyreMergeEqualHandlersOptions>(
      pm, options.mergeHandlers, report,
      [](const auto &o) { return createVyreMergeEqualHandlers(o); });
  addReporting<VyreHoistCommonOptions>(
      pm, options.hoistCommon, report,
      [](const auto &o) { return createVyreHoistCommon(o); });
  addReporting<VyrePruneBatchesOptions>(
      pm, options.pruneBatches, report,
      [](const auto &o) { return createVyrePruneBatches(o); });
}

void mlir::vyre::buildVyreToSPIRVInterpreterPipeline(
    OpPassManager &pm, const InterpreterPipelineOptions &options) {
  buildPipeline(pm, options, nullptr);
}

void mlir::vyre::buildVyreToNVVMInterpreterPipeline(
    OpPassManager &pm, const InterpreterPipelineOptions &options) {
  buildGPULevel(pm, options, nullptr);
  pm.addPass(createVyreConvertGPUToNVVM());
}

void mlir::vyre::buildVyreToSPIRVJitPipeline(
    OpPassManager &pm, const JitPipelineOptions &options) {
  // Without a profile vyre-fuse reports the missing #vyre.profile, unless
  // the input carries one already.
  buildPipeline(pm, options, [&](OpPassManager &nested) {
    VyreFuseOptions fuse;
    fuse.budget = options.budget;
    fuse.requeueCost = options.requeueCost;
    fuse.deferBudget = options.deferBudget;
    fuse.report = options.report;
    nested.addPass(createVyreFuse(fuse));
  });
}

void mlir::vyre::buildVyreToSPIRVBatchPipeline(
    OpPassManager &pm, const BatchPipelineOptions &options) {
  buildPipeline(pm, options, [&](OpPassManager &nested) {
    VyreFuseBatchOptions fuse;
    fuse.batch = options.batch;
    fuse.maxLoopTrips = options.maxLoopTrips;
    nested.addPass(createVyreFuseBatch(fuse));
    // Across items: the constants every item folded to, and what they
    // compute from them, once.
    nested.addPass(createCanonicalizerPass());
    nested.addPass(createCSEPass());
  });
}

void mlir::vyre::registerVyrePipelineDialects(DialectRegistry &registry) {
  registry.insert<VyreDialect, arith::ArithDialect, cf::ControlFlowDialect,
                  func::FuncDialect, gpu::GPUDialect, memref::MemRefDialect,
                  scf::SCFDialect, spirv::SPIRVDialect>();
}

void mlir::vyre::registerVyrePipelines() {
  PassPipelineRegistration<PruneRedundancyOptions>(
      "vyre-prune-redundancy",
      "Drop work a megakernel does for nothing: the four pruning passes "
      "(drop denied handlers, merge equal ones, hoist common work, prune "
      "batches)",
      buildPruneRedundancyPipeline);
  PassPipelineRegistration<InterpreterPipelineOptions>(
      "vyre-to-spirv-interpreter",
      "Lower vyre megakernels to SPIR-V persistent interpreters",
      buildVyreToSPIRVInterpreterPipeline);
  PassPipelineRegistration<InterpreterPipelineOptions>(
      "vyre-to-nvvm-interpreter",
      "Lower vyre megakernels to NVVM persistent interpreters (checked as "
      "PTX; no CUDA executor yet)",
      buildVyreToNVVMInterpreterPipeline);
  PassPipelineRegistration<JitPipelineOptions>(
      "vyre-to-spirv-jit",
      "Lower vyre megakernels to JIT-fused SPIR-V kernels from a profile",
      buildVyreToSPIRVJitPipeline);
  PassPipelineRegistration<BatchPipelineOptions>(
      "vyre-to-spirv-batch",
      "Lower one static vyre.batch of each megakernel to a straight-line "
      "SPIR-V kernel",
      buildVyreToSPIRVBatchPipeline);
}
