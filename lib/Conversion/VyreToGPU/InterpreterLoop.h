//===- InterpreterLoop.h - the persistent interpreter's pass loop -*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Builds a megakernel's gpu.func body: the workgroup-uniform pass loop, its
// head's decisions (lane 0, between two barriers), each lane's scan of its
// share of the ring, which hands every slot to the SlotServer, and the
// per-pass tallies. Features (LoopFeatures.h) plug into the head and the
// pass.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_LIB_CONVERSION_VYRETOGPU_INTERPRETERLOOP_H
#define VYRE_LIB_CONVERSION_VYRETOGPU_INTERPRETERLOOP_H

#include "DeviceQueue.h"
#include "LoopFeatures.h"

namespace mlir::vyre::detail {

class InterpreterLoop {
public:
  InterpreterLoop(KernelContext &ctx, ArrayRef<HandlerOp> arms);
  ~InterpreterLoop();

  LogicalResult build(gpu::GPUFuncOp func);

private:
  /// Lane 0 at the loop head: stores whether another pass runs, and what
  /// it does, into the workgroup state.
  void decidePass();
  /// The body of one pass, every lane.
  void runPass(Value lane, Value lanes);
  /// One walk over this lane's share of the ring (strided, or its
  /// workgroup's contiguous block) in slot order; returns the slots served
  /// (i32). `restricted` (i1 or null): a starvation-bound pass.
  Value scanPass(Value lane, Value lanes, Value restricted);
  /// Every lane at the end of a pass and after the loop: adds its DONE
  /// completions (ctx.doneVar) to DONE_COUNT with one release atomic, which
  /// orders its mirror words first, and clears them.
  void tallyLaneDone();
  /// The features, in the order their hooks run.
  SmallVector<LoopFeature *> features();

  KernelContext &ctx;
  WorkgroupState state;
  SubmissionQueues queues;
  SlotServer server;
  Doorbell doorbell;
  std::unique_ptr<StarvationBound> starvation;
  std::unique_ptr<DeferredArms> deferral;
  /// The tasks handlers enqueue, in kernels with a device queue.
  std::unique_ptr<DeviceQueue> deviceQueue;
  bool persistent;
  /// gpu.block_id, gpu.thread_id and gpu.grid_dim (x).
  Value workgroup, local, numWorkgroups;
};

} // namespace mlir::vyre::detail

#endif // VYRE_LIB_CONVERSION_VYRETOGPU_INTERPRETERLOOP_H
