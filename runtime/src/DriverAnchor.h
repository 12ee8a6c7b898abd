//===- DriverAnchor.h - keeps the Vulkan drivers loaded ----------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// The Vulkan loader dlopens every driver in vkCreateInstance and dlcloses it
// in vkDestroyInstance. NVIDIA's driver (libnvidia-tls.so) takes static TLS
// each time it is loaded, and glibc does not give it back at dlclose: on the
// H200 (driver 580) the 31st runtime created in one process failed with "no
// Vulkan 1.1 driver found" (the loader's log: "libnvidia-tls.so: cannot
// allocate memory in static TLS block"). One instance held for the life of
// the process keeps the drivers loaded, so later instances reuse them.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_RUNTIME_DRIVERANCHOR_H
#define VYRE_RUNTIME_DRIVERANCHOR_H

namespace vyre {

/// Creates the process's anchor instance the first time it is called
/// (thread-safe); later calls do nothing. Failure is not an error here: the
/// caller's own vkCreateInstance reports it.
void anchorVulkanDrivers();

} // namespace vyre

#endif // VYRE_RUNTIME_DRIVERANCHOR_H
