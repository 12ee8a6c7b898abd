//===- LoadGen.h - the task stream every load-bench side is fed --*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// One definition of the open-loop workload, shared by vyre-load-bench (vyre
// and Vulkan batching) and bench/cuda/load.cu (CUDA batching and graphs), so
// that every side gets the same tasks at the same arrival times:
//   - task kinds and their semantics (the oracle the results are checked
//     against), including the LCG rounds of bench/kernels/load.mlir;
//   - seeded Poisson arrivals at an offered rate;
//   - the offered-rate ladder and the per-point task counts.
// Plain C++17 with no dependencies: nvcc compiles it too.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_BENCH_LOAD_LOADGEN_H
#define VYRE_BENCH_LOAD_LOADGEN_H

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace vyre::load {

/// Opcodes of a 64-byte task record as the batching baselines read it
/// (word 0). vyre maps them to its own opcodes (nop, atomic_add, lcg).
enum : uint32_t { OP_NOP = 0, OP_ADD = 1, OP_LCG = 2 };

/// The LCG of bench/kernels/load.mlir's handler `lcg`: x <- x * A + C.
constexpr uint32_t LCG_A = 1664525u, LCG_C = 1013904223u;
constexpr uint32_t COUNTERS = 32; ///< ATOMIC_ADD and LCG results land here

/// One task: word 0 op, word 1 a0, word 2 a1 of a 64-byte record.
///   OP_ADD: counter[a1] += a0        (a1 < 32)
///   OP_LCG: counter[a1 & 31] += lcg^a0(a1)   (a0 rounds from a1)
struct Task {
  uint32_t op, a0, a1;
};

/// A task kind of the benchmark.
struct Kind {
  const char *name;
  uint32_t op, rounds; ///< rounds: LCG rounds for OP_LCG
};
inline const std::vector<Kind> &kinds() {
  static const std::vector<Kind> all = {
      {"nop", OP_NOP, 0},
      {"atomic_add", OP_ADD, 0},
      {"lcg16", OP_LCG, 16},
      {"lcg4096", OP_LCG, 4096},
  };
  return all;
}
inline const Kind *findKind(const std::string &name) {
  for (const Kind &k : kinds())
    if (name == k.name)
      return &k;
  return nullptr;
}

/// lcg^rounds(x), by squaring the affine map: O(log rounds).
inline uint32_t lcgPower(uint32_t x, uint32_t rounds) {
  uint32_t mulAcc = 1, addAcc = 0; // accumulated map: x -> x*mulAcc + addAcc
  uint32_t mul = LCG_A, add = LCG_C; // the map applied 2^i times
  for (; rounds; rounds >>= 1) {
    if (rounds & 1) {
      addAcc = addAcc * mul + add;
      mulAcc = mulAcc * mul;
    }
    add = add * mul + add;
    mul = mul * mul;
  }
  return x * mulAcc + addAcc;
}

/// A run's tasks, their arrival times and the counters they must produce.
struct Stream {
  std::vector<Task> tasks;
  std::vector<double> arrivalUs; ///< from the run's start; all 0 = closed loop
  std::vector<uint32_t> expected; ///< COUNTERS words, wrapping like the GPU
};

/// `n` tasks of `kind`, arriving as a Poisson process at `rate` tasks/s
/// (rate 0: all at once, the closed loop). The same (kind, n, rate, seed)
/// gives the same stream on every side and every machine.
inline Stream makeStream(const Kind &kind, uint64_t n, double rate,
                         uint64_t seed) {
  Stream s;
  s.tasks.resize(n);
  s.arrivalUs.assign(n, 0.0);
  s.expected.assign(COUNTERS, 0);
  std::mt19937_64 rng(seed * 0x9E3779B97F4A7C15ull + n);
  std::exponential_distribution<double> gap(rate > 0 ? rate / 1e6 : 1.0);
  double t = 0;
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t r = rng();
    Task &task = s.tasks[i];
    task.op = kind.op;
    if (kind.op == OP_ADD) {
      task.a0 = 1 + uint32_t(r % 5);
      task.a1 = uint32_t((r >> 8) % COUNTERS);
      s.expected[task.a1] += task.a0;
    } else if (kind.op == OP_LCG) {
      task.a0 = kind.rounds;
      task.a1 = uint32_t(r >> 16);
      s.expected[task.a1 & (COUNTERS - 1)] += lcgPower(task.a1, kind.rounds);
    } else {
      task.a0 = task.a1 = 0;
    }
    if (rate > 0) {
      t += gap(rng);
      s.arrivalUs[i] = t;
    }
  }
  return s;
}

/// The offered rates: `from` tasks/s doubling up to `to` inclusive.
inline std::vector<double> rateLadder(double from, double to) {
  std::vector<double> out;
  for (double r = from; r <= to * 1.0001; r *= 2)
    out.push_back(r);
  return out;
}

/// Tasks at one offered rate: `seconds` of arrivals, clamped to [lo, hi].
inline uint64_t tasksAt(double rate, double seconds, uint64_t lo, uint64_t hi) {
  double n = rate * seconds;
  return uint64_t(std::clamp(n, double(lo), double(hi)));
}

} // namespace vyre::load

#endif // VYRE_BENCH_LOAD_LOADGEN_H
