//===- Profile.cpp - vyre_kernel_save_profile ---------------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// The profile file closes the JIT loop: a workload runs, its per-arm
// execution counters are saved with the names and opcodes the manifest
// gives each arm, and vyre-attach-profile turns them into the kernel's
// #vyre.profile for the next compile. Opcodes, not arm numbers, carry the
// counts across: arm numbers change when passes merge or drop handlers.
//
//===----------------------------------------------------------------------===//

#include "Error.h"
#include "Kernel.h"

#include <cstdio>
#include <fstream>
#include <sstream>

using namespace vyre;

namespace {

/// `s` as a JSON string literal.
std::string quoted(const std::string &s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += char(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += char(c);
    }
  }
  return out + "\"";
}

} // namespace

vyre_status vyre_kernel::saveProfile(const char *path) {
  const Manifest &m = manifest;
  std::vector<uint32_t> counts(m.arms.size());
  if (vyre_status s =
          readHandlerCounters(counts.data(), uint32_t(counts.size())))
    return s;
  std::ostringstream json;
  json << "{\n  \"vyre_profile\": " << VYRE_PROFILE_FORMAT
       << ",\n  \"kernel\": " << quoted(m.kernel)
       << ",\n  \"abi_version\": " << m.abiVersion << ",\n  \"arms\": [";
  for (size_t a = 0; a < m.arms.size(); ++a) {
    const ArmInfo &arm = m.arms[a];
    json << (a ? ",\n" : "\n") << "    {\"handler\": " << quoted(arm.handler)
         << ", \"builtin\": " << (arm.builtin ? "true" : "false")
         << ", \"opcodes\": [";
    for (size_t i = 0; i < arm.opcodes.size(); ++i)
      json << (i ? ", " : "") << arm.opcodes[i];
    json << "], \"count\": " << counts[a] << "}";
  }
  json << "\n  ]\n}\n";
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out || !(out << json.str()) || !out.flush())
    return fail(VYRE_ERROR_INVALID_ARGUMENT,
                std::string("cannot write the profile to ") + path +
                    "; check that its directory exists and is writable");
  return ok();
}
