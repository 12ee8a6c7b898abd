//===- ManifestChecks.cpp - a manifest against itself ------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// What parseManifest checks once every field is read: that the manifest
// agrees with itself. Each rule is one the compiler's own manifests keep,
// and one whose breach the runtime used to accept (issue 23): two buffers
// on one binding, an opcode two arms serve, arms out of order, work items
// with more arguments than a slot has (dropped silently).
//
//===----------------------------------------------------------------------===//

#include "Manifest.h"
#include "vyre/ABI/RingABI.h"

#include <map>
#include <set>
#include <string>

using namespace vyre;

bool vyre::checkManifestConsistency(const Manifest &m, std::string &error) {
  std::map<uint32_t, std::string> byBinding;
  std::set<std::string> names, systemKinds;
  for (const BindingInfo &b : m.bindings) {
    // A binding of another kind had no buffer at dispatch (a null
    // dereference in vyre-run); a second ring would alias the first.
    bool system = b.kind == "ring" || b.kind == "control" ||
                  b.kind == "debug" || b.kind == "completions";
    if (!system && b.kind != "user") {
      error = "binding " + b.name + " has kind \"" + b.kind +
              "\"; a binding is the ring, control, debug, completions or a "
              "user buffer";
      return false;
    }
    if (system && !systemKinds.insert(b.kind).second) {
      error = "the manifest has two " + b.kind + " bindings";
      return false;
    }
    auto [at, fresh] = byBinding.emplace(b.binding, b.name);
    if (!fresh) {
      error = "bindings " + at->second + " and " + b.name + " are both " +
              "binding " + std::to_string(b.binding) +
              "; each buffer needs a binding of its own";
      return false;
    }
    if (!names.insert(b.name).second) {
      error = "two buffers are named " + b.name;
      return false;
    }
  }
  std::map<uint32_t, std::string> servedBy;
  for (size_t i = 0; i < m.arms.size(); ++i) {
    const ArmInfo &a = m.arms[i];
    if (a.index != i) {
      error = "arm " + a.handler + " has index " + std::to_string(a.index) +
              " at position " + std::to_string(i) +
              "; arms are listed in index order from 0";
      return false;
    }
    for (uint32_t op : a.opcodes) {
      auto [at, fresh] = servedBy.emplace(op, a.handler);
      if (!fresh) {
        error = "opcode " + std::to_string(op) + " is served by both " +
                at->second + " and " + a.handler +
                "; each opcode has one handler";
        return false;
      }
    }
  }
  for (const auto &[name, items] : m.batches)
    for (const WorkItem &w : items)
      if (w.args.size() > VYRE_SLOT_ARG_COUNT) {
        error = "a work item of batch " + name + " has " +
                std::to_string(w.args.size()) + " arguments; a slot has " +
                std::to_string(VYRE_SLOT_ARG_COUNT);
        return false;
      }
  return true;
}
