//===- BatchPruner.cpp - drop work items whose effect is subsumed -*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Two scans over the batch (the rules are in BatchPruner.h):
//   forward:  value numbering of control words, for `no effect` and
//             `duplicate`;
//   backward: over the items the forward scan kept, the words that a later
//             item overwrites before anything reads them, for `overwritten`.
//
//===----------------------------------------------------------------------===//

#include "BatchPruner.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

using namespace vyre;
using namespace vyre::prune;

namespace {

/// What the pruner knows an item does to the control buffer.
struct Effect {
  enum Kind {
    None,     ///< NOP: nothing at all
    Inert,    ///< no control-buffer effect (PRINTF: the debug log only)
    Plain,    ///< writes `dst` (STORE_U32: the constant `value`; LOAD_U32:
              ///< a copy of `src`), after reading `src` for a LOAD_U32
    ReadWrite, ///< reads and writes [src, src+n) / [dst, dst+n) (atomics,
               ///< MEMCPY): kept, values unknown afterwards
    Barrier   ///< unknown or may fault: nothing is known across it
  } kind = Barrier;
  bool copies = false; ///< Plain: LOAD_U32 (copies src) vs STORE_U32
  uint32_t value = 0;
  uint32_t src = 0, srcCount = 0; ///< words read
  uint32_t dst = 0, dstCount = 0; ///< words written
};

Effect classify(const BatchItem &item, const KernelFacts &facts) {
  Effect e;
  if (!facts.runsBuiltin || !facts.runsBuiltin(item.opcode, item.tenant))
    return e; // a user handler, or a slot that faults before any handler
  const auto &a = item.args;
  auto readable = [&](uint32_t w) { return w < facts.controlWords; };
  auto writable = [&](uint32_t w) {
    return vyre_control_word_writable(facts.observables, w) != 0;
  };
  switch (item.opcode) {
  case VYRE_OP_NOP:
    e.kind = Effect::None;
    return e;
  case VYRE_OP_PRINTF:
    e.kind = Effect::Inert;
    return e;
  case VYRE_OP_STORE_U32: // control[a1] = a0
    if (!writable(a[1]))
      return e;
    e.kind = Effect::Plain;
    e.value = a[0];
    e.dst = a[1];
    e.dstCount = 1;
    return e;
  case VYRE_OP_LOAD_U32: { // observable a1 = control[a0]
    if (!readable(a[0]) || a[1] >= facts.observables)
      return e;
    e.kind = Effect::Plain;
    e.copies = true;
    e.src = a[0];
    e.srcCount = 1;
    e.dst = VYRE_CTRL_OBSERVABLES + a[1];
    e.dstCount = 1;
    return e;
  }
  case VYRE_OP_ATOMIC_ADD: // control[a1] += a0
    if (!writable(a[1]))
      return e;
    e.kind = Effect::ReadWrite;
    e.src = e.dst = a[1];
    e.srcCount = e.dstCount = 1;
    return e;
  case VYRE_OP_COMPARE_SWAP: // CAS control[a0]; previous -> observable a3
    // Two words written; the previous value's word is treated as read too,
    // which only makes the analysis keep more.
    if (!writable(a[0]) || a[3] >= facts.observables)
      return e;
    e.kind = Effect::Barrier;
    return e;
  case VYRE_OP_MEMCPY: { // a2 words from control[a0] to control[a1]
    uint64_t n = a[2];
    if (n > facts.controlWords || uint64_t(a[0]) + n > facts.controlWords ||
        (n && (!writable(a[1]) || !writable(uint32_t(a[1] + n - 1)))))
      return e;
    e.kind = Effect::ReadWrite;
    e.src = a[0];
    e.srcCount = uint32_t(n);
    e.dst = a[1];
    e.dstCount = uint32_t(n);
    return e;
  }
  default: // DFA_STEP, BATCH_FENCE, SHUTDOWN, PACKED_SLOT
    return e;
  }
}

/// The value a word holds, as far as the forward scan knows: a constant, or
/// the value observable word `word` had at version `version`.
struct Known {
  bool constant = true;
  uint32_t value = 0;
  uint32_t word = 0;
  uint64_t version = 0;
  bool operator==(const Known &o) const {
    return constant == o.constant &&
           (constant ? value == o.value
                     : word == o.word && version == o.version);
  }
};

class ForwardScan {
public:
  explicit ForwardScan(const KernelFacts &facts) : facts(facts) {}

  /// Returns the verdict of an item and updates what is known.
  Verdict visit(const Effect &e) {
    switch (e.kind) {
    case Effect::None:
      return Verdict::NoEffect;
    case Effect::Inert:
      return Verdict::Kept;
    case Effect::Barrier:
      known.clear();
      barrierClock = ++clock;
      return Verdict::Kept;
    case Effect::ReadWrite:
      for (uint32_t i = 0; i < e.dstCount; ++i)
        write(e.dst + i);
      return Verdict::Kept;
    case Effect::Plain:
      break;
    }
    std::optional<Known> incoming = valueOf(e);
    auto it = known.find(e.dst);
    if (incoming && it != known.end() && it->second == *incoming)
      return Verdict::Duplicate;
    write(e.dst);
    if (incoming)
      known[e.dst] = *incoming;
    return Verdict::Kept;
  }

private:
  /// The value a Plain item writes, if it can be named: its constant, or
  /// "what `src` holds now". A copy is deliberately not resolved to the
  /// constant an earlier item stored in `src`: that is true in publish order
  /// only, and a duplicate must stay a no-op in any order (it is, when it
  /// repeats an earlier item's own write: run it just before that item).
  std::optional<Known> valueOf(const Effect &e) {
    if (!e.copies)
      return Known{true, e.value, 0, 0};
    // Only observables hold still between items: the ABI words below them
    // (counters, the heartbeat) move as the batch runs.
    if (!vyre_control_word_writable(facts.observables, e.src))
      return std::nullopt;
    auto it = versions.find(e.src);
    uint64_t version = it == versions.end() ? 0 : it->second;
    return Known{false, 0, e.src, std::max(version, barrierClock)};
  }
  void write(uint32_t word) {
    known.erase(word);
    versions[word] = ++clock;
  }

  const KernelFacts &facts;
  std::map<uint32_t, Known> known;
  std::map<uint32_t, uint64_t> versions;
  uint64_t clock = 0;
  /// Every word may have changed at the last barrier.
  uint64_t barrierClock = 0;
};

/// Backward: `dead` holds the words a later kept item overwrites before
/// any read.
void markOverwritten(const std::vector<Effect> &effects,
                     std::vector<Verdict> &verdicts) {
  std::set<uint32_t> dead;
  for (size_t i = effects.size(); i-- > 0;) {
    if (verdicts[i] != Verdict::Kept)
      continue;
    const Effect &e = effects[i];
    switch (e.kind) {
    case Effect::None:
    case Effect::Inert:
      break;
    case Effect::Barrier:
      dead.clear();
      break;
    case Effect::ReadWrite:
      // Only reads matter here: a write of unknown extent or value is
      // not added, which keeps more but is never wrong.
      for (uint32_t k = 0; k < e.srcCount; ++k)
        dead.erase(e.src + k);
      break;
    case Effect::Plain:
      if (dead.count(e.dst)) {
        verdicts[i] = Verdict::Overwritten;
        break; // never runs: neither its read nor its write happens
      }
      dead.insert(e.dst);
      if (e.copies)
        dead.erase(e.src); // it reads src before writing dst
      break;
    }
  }
}

} // namespace

PruneResult vyre::prune::pruneBatch(const std::vector<BatchItem> &items,
                                    const KernelFacts &facts) {
  PruneResult result;
  std::vector<Effect> effects;
  effects.reserve(items.size());
  ForwardScan forward(facts);
  for (const BatchItem &item : items) {
    effects.push_back(classify(item, facts));
    result.verdicts.push_back(forward.visit(effects.back()));
  }
  markOverwritten(effects, result.verdicts);
  for (Verdict v : result.verdicts) {
    result.noEffect += v == Verdict::NoEffect;
    result.duplicate += v == Verdict::Duplicate;
    result.overwritten += v == Verdict::Overwritten;
  }
  return result;
}

const char *vyre::prune::verdictName(Verdict verdict) {
  switch (verdict) {
  case Verdict::Kept:
    return "kept";
  case Verdict::NoEffect:
    return "no_effect";
  case Verdict::Duplicate:
    return "duplicate";
  case Verdict::Overwritten:
    return "overwritten";
  }
  return "kept";
}
