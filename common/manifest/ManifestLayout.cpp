//===- ManifestLayout.cpp - lookups in a manifest, and layout equality ----===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "Manifest.h"

using namespace vyre;
using namespace vyre::manifest;

const BindingInfo *Manifest::findBinding(const std::string &name) const {
  for (const BindingInfo &b : bindings)
    if (b.name == name)
      return &b;
  return nullptr;
}

const ArmInfo *Manifest::armFor(uint32_t opcode) const {
  for (const ArmInfo &arm : arms)
    for (uint32_t op : arm.opcodes)
      if (op == opcode)
        return &arm;
  return nullptr;
}

bool vyre::sameLayout(const Manifest &a, const Manifest &b,
                      std::string &why) {
  auto differ = [&](const std::string &what, const std::string &l,
                    const std::string &r) {
    why = what + " differs (" + l + " vs " + r + ")";
    return false;
  };
  auto num = [](uint64_t v) { return std::to_string(v); };
  if (a.mode != b.mode)
    return differ(key::document::Mode, a.mode, b.mode);
  if (a.slots != b.slots)
    return differ("the slot count", num(a.slots), num(b.slots));
  if (a.observables != b.observables)
    return differ("the observable count", num(a.observables),
                  num(b.observables));
  if (a.controlWords != b.controlWords)
    return differ("the control buffer size", num(a.controlWords),
                  num(b.controlWords));
  if (a.dependencyCounters != b.dependencyCounters)
    return differ("the dependency counters", num(a.dependencyCounters),
                  num(b.dependencyCounters));
  if (a.deviceQueue != b.deviceQueue)
    return differ("the device queue's lines", num(a.deviceQueue),
                  num(b.deviceQueue));
  if (a.ioEntries != b.ioEntries)
    return differ("the IO queue's entries", num(a.ioEntries),
                  num(b.ioEntries));
  if (a.debugRecords != b.debugRecords)
    return differ("the debug log size", num(a.debugRecords),
                  num(b.debugRecords));
  if (a.arms.size() != b.arms.size())
    return differ("the arm count", num(a.arms.size()), num(b.arms.size()));
  for (size_t i = 0; i < a.arms.size(); ++i)
    if (a.arms[i].handler != b.arms[i].handler ||
        a.arms[i].opcodes != b.arms[i].opcodes)
      return differ("arm " + num(i), a.arms[i].handler, b.arms[i].handler);
  if (a.priorityOffsetWords() != b.priorityOffsetWords())
    return differ("the priority partitions", "", "");
  if (a.bindings.size() != b.bindings.size())
    return differ("the binding count", num(a.bindings.size()),
                  num(b.bindings.size()));
  for (size_t i = 0; i < a.bindings.size(); ++i) {
    const BindingInfo &l = a.bindings[i], &r = b.bindings[i];
    if (l.binding != r.binding || l.name != r.name || l.kind != r.kind ||
        l.element != r.element || l.elements != r.elements)
      return differ("binding " + num(l.binding), l.name, r.name);
    if (l.deviceMemory != r.deviceMemory)
      return differ("the memory of binding " + num(l.binding),
                    l.deviceMemory ? word::memory::Device : word::memory::Host,
                    r.deviceMemory ? word::memory::Device : word::memory::Host);
  }
  return true;
}
