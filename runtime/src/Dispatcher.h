//===- Dispatcher.h - launch, wait, shutdown, rebuild ------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// The dispatch-side helpers that other parts of the runtime call; the rest
// are vyre_kernel members (Kernel.h) defined in Dispatcher.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_RUNTIME_DISPATCHER_H
#define VYRE_RUNTIME_DISPATCHER_H

#include "Kernel.h"

namespace vyre {

/// Workgroups a kernel is dispatched with unless the host sets them.
uint32_t defaultDispatch(const vyre_runtime *rt, const Manifest &m);

} // namespace vyre

#endif // VYRE_RUNTIME_DISPATCHER_H
