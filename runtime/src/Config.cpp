//===- Config.cpp - the runtime's settings, read once ------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "Config.h"

#include <cerrno>
#include <cstdlib>

using namespace vyre;

namespace {

/// A decimal count that fits 32 bits, at least `min`.
bool readCount(const char *name, const char *value, uint32_t min,
               std::optional<uint32_t> &out, std::string &error) {
  if (!value || !*value)
    return true;
  char *end = nullptr;
  errno = 0;
  unsigned long long n = std::strtoull(value, &end, 10);
  if (*value == '-' || *end || errno || n > UINT32_MAX || n < min) {
    error = std::string(name) + "='" + value + "' is not a whole number from " +
            std::to_string(min) + " to 4294967295; set it to one or unset it";
    return false;
  }
  out = uint32_t(n);
  return true;
}

bool readPlacement(const char *name, const char *value, Placement &out,
                   std::string &error) {
  if (!value || !*value)
    return true;
  std::string v = value;
  if (v == "device")
    out = Placement::DevicePolled;
  else if (v == "host")
    out = Placement::HostPolled;
  else {
    error = std::string(name) + "='" + v +
            "' is not a placement; use 'device' (device-local, host-visible "
            "memory) or 'host' (system memory), or unset it";
    return false;
  }
  return true;
}

bool readSwitch(const char *name, const char *value, bool &out,
                std::string &error) {
  if (!value || !*value)
    return true;
  std::string v = value;
  if (v != "0" && v != "1") {
    error = std::string(name) + "='" + v + "' is not a switch; use 1 or 0";
    return false;
  }
  out = v == "1";
  return true;
}

} // namespace

bool vyre::readConfig(const std::function<const char *(const char *)> &get,
                      Config &out, std::string &error) {
  Config c;
  // Kept as it always was: any value but "0" (and empty) turns it on.
  if (const char *v = get("VYRE_VALIDATION"))
    c.validation = *v && std::string(v) != "0";
  if (const char *v = get("VYRE_DEVICE"))
    c.device = v;
  if (!readCount("VYRE_WORKGROUPS", get("VYRE_WORKGROUPS"), 1, c.workgroups,
                 error) ||
      !readCount("LP_NUM_THREADS", get("LP_NUM_THREADS"), 0, c.cpuThreads,
                 error) ||
      !readCount("VYRE_LOOP_BUDGET", get("VYRE_LOOP_BUDGET"), 0, c.loopBudget,
                 error) ||
      !readSwitch("VYRE_DOORBELL", get("VYRE_DOORBELL"), c.doorbell, error) ||
      !readPlacement("VYRE_RING_MEMORY", get("VYRE_RING_MEMORY"), c.ring,
                     error) ||
      !readPlacement("VYRE_CONTROL_MEMORY", get("VYRE_CONTROL_MEMORY"),
                     c.control, error))
    return false;
  out = c;
  return true;
}
