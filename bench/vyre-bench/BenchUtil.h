//===- BenchUtil.h - what every vyre benchmark program needs ----*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Fatal errors, runtime status checks, option values, timing and
// percentiles, shared by
// vyre-bench and vyre-shard-bench so both read options and report figures
// the same way.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_BENCH_BENCHUTIL_H
#define VYRE_BENCH_BENCHUTIL_H

#include "vyre/runtime.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace vyre::bench {

using Clock = std::chrono::steady_clock;

/// The name errors are reported under; main() sets it.
inline const char *programName = "vyre-bench";

[[noreturn]] inline void die(const std::string &message) {
  std::fprintf(stderr, "%s: %s\n", programName, message.c_str());
  std::exit(1);
}

inline void check(vyre_status s, const std::string &what) {
  if (s != VYRE_OK)
    die(what + ": " + vyre_last_error());
}

inline double micros(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::micro>(b - a).count();
}

/// The value of the option at argv[i] (argv[i + 1]), advancing `i`; dies
/// naming the option when the value is missing.
inline std::string optionValue(int argc, char **argv, int &i) {
  if (i + 1 >= argc)
    die(std::string(argv[i]) + " needs a value");
  return argv[++i];
}

/// optionValue as a 32-bit count.
inline uint32_t optionNumber(int argc, char **argv, int &i) {
  return uint32_t(std::stoul(optionValue(argc, argv, i)));
}

/// The p-th percentile (p in 0-100) of `v`; 0 for no samples.
inline double percentile(std::vector<double> v, double p) {
  if (v.empty())
    return 0;
  std::sort(v.begin(), v.end());
  size_t i = std::min(v.size() - 1, size_t(p / 100.0 * double(v.size())));
  return v[i];
}

/// `v` as a JSON array of numbers, 3 decimals (raw latency samples).
inline std::string jsonArray(const std::vector<double> &v) {
  std::string s = "[";
  char buf[32];
  for (size_t i = 0; i < v.size(); ++i) {
    std::snprintf(buf, sizeof buf, "%s%.3f", i ? "," : "", v[i]);
    s += buf;
  }
  return s + "]";
}

} // namespace vyre::bench

#endif // VYRE_BENCH_BENCHUTIL_H
