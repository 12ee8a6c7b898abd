//===- Config.h - the runtime's settings, read once --------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Every environment variable the runtime honours, read and checked once when
// a runtime is created (docs/runtime.md, "Environment"), so that a bad value
// is an error at vyre_runtime_create that names the variable, not a silent
// default at some later launch. Depends on nothing.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_RUNTIME_CONFIG_H
#define VYRE_RUNTIME_CONFIG_H

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

enum class Placement {
  DevicePolled, ///< prefer DEVICE_LOCAL|HOST_VISIBLE (BAR), else host memory
  HostPolled,   ///< prefer HOST_VISIBLE|HOST_COHERENT|HOST_CACHED system memory
};

namespace vyre {

struct Config {
  /// VYRE_VALIDATION: anything but "0" enables VK_LAYER_KHRONOS_validation.
  bool validation = false;
  /// VYRE_DEVICE: a device index or name substring (empty: the default).
  std::string device;
  /// VYRE_WORKGROUPS: workgroups every kernel is dispatched with (none:
  /// the manifest's, capped on CPU devices).
  std::optional<uint32_t> workgroups;
  /// LP_NUM_THREADS: lavapipe's threads (none: the CPU's).
  std::optional<uint32_t> cpuThreads;
  /// VYRE_LOOP_BUDGET: back-edges per lane per dispatch (none: per device).
  std::optional<uint32_t> loopBudget;
  /// VYRE_DOORBELL: "0" turns the doorbell off (every pass scans).
  bool doorbell = true;
  /// VYRE_RING_MEMORY / VYRE_CONTROL_MEMORY: "device" or "host".
  Placement ring = Placement::DevicePolled;
  Placement control = Placement::DevicePolled;
};

/// Reads the settings through `get` (std::getenv; a table in tests). On a
/// bad value returns false and says which variable, its value, and what it
/// takes.
bool readConfig(const std::function<const char *(const char *)> &get,
                Config &out, std::string &error);

} // namespace vyre

#endif // VYRE_RUNTIME_CONFIG_H
