//===- Workload.cpp - vyre-run workloads: files and generators ---*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "Workload.h"

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

using namespace vyre::run;

bool vyre::run::parseWord(const std::string &text, uint32_t &out) {
  if (text.empty())
    return false;
  errno = 0;
  char *end = nullptr;
  long long v = std::strtoll(text.c_str(), &end, 0);
  if (errno || *end || v < INT32_MIN || v > int64_t(UINT32_MAX))
    return false;
  out = uint32_t(v);
  return true;
}

bool vyre::run::parseWorkload(const std::string &path,
                              const OpcodeResolver &resolve,
                              std::vector<vyre_slot> &out,
                              std::vector<size_t> &fences,
                              std::string &error, uint64_t maxSlots) {
  std::ifstream in(path);
  if (!in) {
    error = "cannot open workload file " + path;
    return false;
  }
  std::string line;
  for (unsigned number = 1; std::getline(in, line); ++number) {
    auto where = [&] { return path + ":" + std::to_string(number) + ": "; };
    if (size_t hash = line.find('#'); hash != std::string::npos)
      line.resize(hash);
    std::istringstream words(line);
    std::string op;
    if (!(words >> op))
      continue;
    if (op == "wait") {
      fences.push_back(out.size());
      continue;
    }
    vyre_slot slot{};
    slot.priority = VYRE_PRIORITY_NORMAL;
    std::string message;
    if (!resolve(op, slot.opcode, message)) {
      error = where() + message;
      return false;
    }
    uint32_t repeat = 1, nargs = 0;
    std::string word;
    while (words >> word) {
      size_t eq = word.find('=');
      if (eq != std::string::npos) {
        std::string key = word.substr(0, eq);
        uint32_t value;
        if (!parseWord(word.substr(eq + 1), value)) {
          error = where() + "bad value in \"" + word + "\"";
          return false;
        }
        if (key == "tenant")
          slot.tenant = value;
        else if (key == "priority")
          slot.priority = value;
        else if (key == "x")
          repeat = value;
        else {
          error = where() + "unknown key \"" + key +
                  "\" (expected tenant=, priority= or x=)";
          return false;
        }
        continue;
      }
      if (nargs == VYRE_SLOT_ARG_COUNT) {
        error = where() + "more than 12 arguments";
        return false;
      }
      if (!parseWord(word, slot.args[nargs++])) {
        error = where() + "\"" + word + "\" is not a 32-bit integer";
        return false;
      }
    }
    if (out.size() + uint64_t(repeat) > maxSlots) {
      error = where() + "x=" + std::to_string(repeat) + " takes the run past " +
              std::to_string(maxSlots) +
              " slots, the most one run holds; split the workload";
      return false;
    }
    out.insert(out.end(), repeat, slot);
  }
  return true;
}

bool vyre::run::parseGeneratorOp(const std::string &spec,
                                 const OpcodeResolver &resolve,
                                 GeneratorOp &out, std::string &error) {
  std::istringstream words(spec);
  std::string op, weight;
  if (!(words >> op >> weight)) {
    error = "--gen \"" + spec + "\": expected \"<op> <weight> [lo-hi ...]\"";
    return false;
  }
  std::string message;
  if (!resolve(op, out.opcode, message)) {
    error = "--gen \"" + spec + "\": " + message;
    return false;
  }
  if (!parseWord(weight, out.weight) || out.weight == 0) {
    error = "--gen \"" + spec + "\": weight must be a positive integer";
    return false;
  }
  std::string range;
  while (words >> range) {
    size_t dash = range.find('-', 1);
    uint32_t lo, hi;
    bool okRange = dash == std::string::npos
                       ? parseWord(range, lo) && (hi = lo, true)
                       : parseWord(range.substr(0, dash), lo) &&
                             parseWord(range.substr(dash + 1), hi);
    if (!okRange || hi < lo || out.argRanges.size() == VYRE_SLOT_ARG_COUNT) {
      error = "--gen \"" + spec + "\": bad argument range \"" + range + "\"";
      return false;
    }
    out.argRanges.push_back({lo, hi});
  }
  return true;
}

std::vector<vyre_slot> vyre::run::generate(const std::vector<GeneratorOp> &ops,
                                           uint64_t count, uint64_t seed) {
  std::mt19937_64 rng(seed);
  uint64_t total = 0;
  for (const GeneratorOp &op : ops)
    total += op.weight;
  std::vector<vyre_slot> slots;
  slots.reserve(count);
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t pick = rng() % total;
    const GeneratorOp *chosen = &ops.front();
    for (const GeneratorOp &op : ops) {
      if (pick < op.weight) {
        chosen = &op;
        break;
      }
      pick -= op.weight;
    }
    vyre_slot s{};
    s.opcode = chosen->opcode;
    s.priority = VYRE_PRIORITY_NORMAL;
    for (size_t a = 0; a < chosen->argRanges.size(); ++a) {
      auto [lo, hi] = chosen->argRanges[a];
      s.args[a] = lo + uint32_t(rng() % (uint64_t(hi) - lo + 1));
    }
    slots.push_back(s);
  }
  return slots;
}
