//===- OpenLoop.h - open-loop driver, batching policy, results ---*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// The parts of the load benchmark that do not depend on the API under test,
// shared by vyre-load-bench and bench/cuda/load.cu:
//   - Side: what each contestant implements (submit what its policy says,
//     report what finished);
//   - runPoint: one host thread drives a side through a stream, open loop:
//     a task's latency runs from its scheduled arrival (not from when the
//     side took it) to the moment the host saw it finished, so a side that
//     falls behind pays for its queue (no coordinated omission);
//   - sweep: a side across the rate ladder until it saturates, plus its
//     closed-loop maximum;
//   - BatchPolicy and BatchingSide: the dynamic batcher both batching
//     baselines share;
//   - the JSON rows.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_BENCH_LOAD_OPENLOOP_H
#define VYRE_BENCH_LOAD_OPENLOOP_H

#include "LoadGen.h"

#include <chrono>
#include <cstdio>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace vyre::load {

using Clock = std::chrono::steady_clock;

inline double usSince(Clock::time_point t0) {
  return std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
}

/// A contestant. The driver calls begin, then step until every task has
/// been reported finished, then end.
class Side {
public:
  virtual ~Side() = default;
  /// Prepares a run of `s` (its counters' starting values, cursors).
  virtual void begin(const Stream &s) = 0;
  /// Tasks [0, arrived) have arrived by `nowUs` (from the run's start).
  /// Submits what the side's policy says and appends the indices of tasks
  /// it has seen finish since the last call to `done`.
  virtual void step(uint64_t arrived, double nowUs,
                    std::vector<uint64_t> &done) = 0;
  /// After the last completion: "" when the results match the stream's
  /// expected counters, else what is wrong.
  virtual std::string end(const Stream &s) = 0;
};

/// One point: a side at one offered rate (0: closed loop).
struct Point {
  std::string kind;
  double offered = 0;  ///< tasks/s; 0 = closed loop
  uint64_t tasks = 0;
  double seconds = 0;  ///< first arrival slot to the last completion
  double achieved = 0; ///< tasks/s
  double p50 = 0, p99 = 0, p999 = 0, max = 0; ///< us, arrival to completion
  bool saturated = false;
  std::vector<double> samples; ///< every `stride`-th latency, in task order
  uint64_t stride = 1;
};

inline double percentileOf(std::vector<double> &sorted, double p) {
  if (sorted.empty())
    return 0;
  size_t i = std::min(sorted.size() - 1, size_t(p / 100.0 * double(sorted.size())));
  return sorted[i];
}

/// Drives `side` through `s`; throws std::runtime_error on a wrong result,
/// a task finishing twice or never (after `timeoutS`).
inline Point runPoint(Side &side, const Stream &s, double offered,
                      double timeoutS, uint64_t keepSamples = 1000) {
  const uint64_t n = s.tasks.size();
  std::vector<double> latency(n, -1);
  std::vector<uint64_t> done;
  done.reserve(1 << 16);
  side.begin(s);
  uint64_t arrived = 0, finished = 0;
  double last = 0;
  auto t0 = Clock::now();
  while (finished < n) {
    double now = usSince(t0);
    while (arrived < n && s.arrivalUs[arrived] <= now)
      ++arrived;
    done.clear();
    side.step(arrived, now, done);
    if (!done.empty()) {
      double seen = usSince(t0);
      for (uint64_t i : done) {
        if (i >= n || latency[i] >= 0)
          throw std::runtime_error("task " + std::to_string(i) +
                                   " reported finished twice or out of range");
        latency[i] = seen - s.arrivalUs[i];
        last = seen;
      }
      finished += done.size();
    } else if (now > timeoutS * 1e6) {
      throw std::runtime_error(std::to_string(n - finished) + " of " +
                               std::to_string(n) + " tasks unfinished after " +
                               std::to_string(timeoutS) + " s");
    }
  }
  std::string wrong = side.end(s);
  if (!wrong.empty())
    throw std::runtime_error("wrong result: " + wrong);
  Point p;
  p.offered = offered;
  p.tasks = n;
  p.seconds = last / 1e6;
  p.achieved = p.seconds > 0 ? double(n) / p.seconds : 0;
  p.stride = std::max<uint64_t>(1, n / keepSamples);
  for (uint64_t i = 0; i < n; i += p.stride)
    p.samples.push_back(latency[i]);
  std::sort(latency.begin(), latency.end());
  p.p50 = percentileOf(latency, 50);
  p.p99 = percentileOf(latency, 99);
  p.p999 = percentileOf(latency, 99.9);
  p.max = latency.back();
  // Open loop: a side that keeps up finishes near the offered rate; one that
  // does not builds a queue and its achieved rate falls behind.
  p.saturated = offered > 0 && p.achieved < 0.85 * offered;
  return p;
}

/// How a sweep is sized (vyre-load-bench and load.cu take the same flags).
struct SweepOptions {
  double fromRate = 1e4, toRate = 1.4e9; ///< the ladder, doubling
  double seconds = 0.05;                  ///< of arrivals per point
  uint64_t minTasks = 2000, maxTasks = 1u << 21, closedTasks = 1u << 20;
  double timeoutS = 60;
  uint64_t seed = 1;
};

/// The closed loop, then every rate of the ladder until the first saturated
/// point (kept). `report` sees each point as it is measured.
inline std::vector<Point> sweep(Side &side, const Kind &kind,
                                const SweepOptions &o,
                                const std::function<void(const Point &)> &report) {
  std::vector<Point> out;
  auto run = [&](double rate, uint64_t n, uint64_t seedIndex) {
    Stream s = makeStream(kind, n, rate, o.seed + seedIndex);
    Point p = runPoint(side, s, rate, o.timeoutS);
    p.kind = kind.name;
    report(p);
    out.push_back(std::move(p));
    return out.back().saturated;
  };
  run(0, o.closedTasks, 0);
  std::vector<double> ladder = rateLadder(o.fromRate, o.toRate);
  for (size_t i = 0; i < ladder.size(); ++i)
    if (run(ladder[i], tasksAt(ladder[i], o.seconds, o.minTasks, o.maxTasks),
            i + 1))
      break;
  return out;
}

/// The dynamic batcher of inference servers: launch the queued tasks (at
/// most `maxBatch`) when `maxBatch` are queued or the oldest has waited
/// `maxWaitUs`, with at most `depth` batches in flight.
struct BatchPolicy {
  uint32_t maxBatch = 4096;
  double maxWaitUs = 0;
  uint32_t depth = 1;

  /// Tasks to launch now (0: wait), given [queuedFrom, arrived) queued.
  uint64_t launchNow(uint64_t queuedFrom, uint64_t arrived, double oldestUs,
                     double nowUs, uint32_t inFlight) const {
    uint64_t queued = arrived - queuedFrom;
    if (!queued || inFlight >= depth)
      return 0;
    if (queued >= maxBatch || nowUs - oldestUs >= maxWaitUs)
      return std::min<uint64_t>(queued, maxBatch);
    return 0;
  }
};

/// "" when every counter grew from `before` to `after` by the stream's
/// expected amount, else which one did not (`what` names the counters).
inline std::string counterMismatch(const std::vector<uint32_t> &before,
                                   const std::vector<uint32_t> &after,
                                   const Stream &s, const char *what) {
  for (uint32_t c = 0; c < COUNTERS; ++c)
    if (after[c] - before[c] != s.expected[c])
      return std::string(what) + " " + std::to_string(c) + " grew by " +
             std::to_string(after[c] - before[c]) + ", expected " +
             std::to_string(s.expected[c]);
  return "";
}

/// The open-loop side of a dynamic batcher over `Device` (VkBatchDevice,
/// load.cu's CudaBatcher): BatchPolicy decides, the device runs. A Device
/// has depth() contexts, each with the stream range it runs
/// (contexts[c].first, .count), launch(c, tasks, first, count),
/// finished(c) (a poll) and counters().
template <class Device> class BatchingSide : public Side {
public:
  BatchingSide(Device &device, BatchPolicy policy)
      : dev(device), policy(policy) {}
  void begin(const Stream &s) override {
    stream = &s;
    before = dev.counters();
    queuedFrom = 0;
    next = oldest = inFlight = 0;
  }
  void step(uint64_t arrived, double nowUs, std::vector<uint64_t> &done) override {
    // Completions first (in submission order: one queue or stream), so a
    // context frees up before the launch decision.
    while (inFlight && dev.finished(oldest)) {
      for (uint64_t i = 0; i < dev.contexts[oldest].count; ++i)
        done.push_back(dev.contexts[oldest].first + i);
      oldest = (oldest + 1) % dev.depth();
      --inFlight;
    }
    double oldestUs = queuedFrom < arrived ? stream->arrivalUs[queuedFrom] : 0;
    if (uint64_t n = policy.launchNow(queuedFrom, arrived, oldestUs, nowUs,
                                      inFlight)) {
      dev.launch(next, stream->tasks, queuedFrom, n);
      queuedFrom += n;
      next = (next + 1) % dev.depth();
      ++inFlight;
    }
  }
  std::string end(const Stream &s) override {
    return counterMismatch(before, dev.counters(), s, "counter");
  }

private:
  Device &dev;
  BatchPolicy policy;
  const Stream *stream = nullptr;
  std::vector<uint32_t> before;
  uint64_t queuedFrom = 0;
  uint32_t next = 0, oldest = 0, inFlight = 0; ///< contexts, FIFO
};

/// A comma-separated option value as its items (both programs' lists).
inline std::vector<std::string> splitList(const std::string &s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty())
      out.push_back(item);
  return out;
}

/// The JSON object of one point (raw samples included).
inline std::string pointJson(const std::string &side, const std::string &config,
                             const Point &p) {
  std::string s;
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "{\"side\": \"%s\", \"config\": \"%s\", \"kind\": \"%s\", "
                "\"offered\": %.1f, \"tasks\": %llu, \"seconds\": %.6f, "
                "\"achieved\": %.1f, \"p50_us\": %.3f, \"p99_us\": %.3f, "
                "\"p999_us\": %.3f, \"max_us\": %.3f, \"saturated\": %s, "
                "\"sample_stride\": %llu, \"samples_us\": [",
                side.c_str(), config.c_str(), p.kind.c_str(), p.offered,
                (unsigned long long)p.tasks, p.seconds, p.achieved, p.p50,
                p.p99, p.p999, p.max, p.saturated ? "true" : "false",
                (unsigned long long)p.stride);
  s = buf;
  for (size_t i = 0; i < p.samples.size(); ++i) {
    std::snprintf(buf, sizeof buf, "%s%.1f", i ? "," : "", p.samples[i]);
    s += buf;
  }
  return s + "]}";
}

/// One line per point on stdout, the same from every program.
inline void printPoint(const std::string &side, const std::string &config,
                       const Point &p) {
  char rate[32];
  if (p.offered > 0)
    std::snprintf(rate, sizeof rate, "%10.3g", p.offered);
  else
    std::snprintf(rate, sizeof rate, "%10s", "closed");
  std::printf("  %-16s %-22s %-10s %s  %9.3f M/s  p50 %9.2f  p99 %9.2f  "
              "p99.9 %9.2f us%s\n",
              side.c_str(), config.c_str(), p.kind.c_str(), rate,
              p.achieved / 1e6, p.p50, p.p99, p.p999,
              p.saturated ? "  (saturated)" : "");
  std::fflush(stdout);
}

} // namespace vyre::load

#endif // VYRE_BENCH_LOAD_OPENLOOP_H
