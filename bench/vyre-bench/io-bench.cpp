//===- io-bench.cpp - a key-value service over GPU-initiated IO --*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// vyre-io-bench runs examples/kv_cache.mlir, a lookup service over a table
// file 64 times larger than the GPU's cache of it (issue 22), and checks
// every answer against the CPU. Sections:
//   zipf     the example: Zipf-distributed keys, hit rate, throughput and
//            latency (publish to reap), every result checked
//   miss     one request at a time on keys never asked before: the miss
//            round trip (request, host pread, slot resumed, reaped)
//   hit      one request at a time on a cached key, alone and while a
//            producer thread keeps a storm of misses in flight
//   stream   all misses, a window in flight: requests/s through vyre.io_read
//            against the plain loop a user would write instead (pread each
//            row, upload it into the staging buffer, publish a slot that
//            reads it: opcode STAGED), same keys, same window; then the
//            table through direct IO against pread, page cache warm and
//            with the table evicted
//
//   vyre-io-bench [--kernels DIR] [--kernel NAME] [--rows N] [--requests N]
//                 [--window N] [--samples N] [--json FILE] [--device D]
//
// --kernel kv_cache_hostmem (bench/compile.sh) runs the same cache with
// its cache and tags in host memory instead of device_local.
//
//===----------------------------------------------------------------------===//

#include "BenchUtil.h"
#include "vyre/runtime.h"

#include <atomic>
#include <cmath>
#include <fcntl.h>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>
#include <unistd.h>

using namespace vyre::bench;

namespace {

constexpr uint32_t kWords = 16, kRowBytes = 64, kLookup = 16, kStaged = 17;
constexpr uint32_t kStageRows = 1024; // one per ring slot in flight

struct Options {
  std::string kernels = "build/bench/kernels", kernel = "kv_cache", device,
              json;
  uint32_t rows = 65536, requests = 200000, window = 256, samples = 2000;
};

Options parse(int argc, char **argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--kernels") o.kernels = optionValue(argc, argv, i);
    else if (a == "--kernel") o.kernel = optionValue(argc, argv, i);
    else if (a == "--device") o.device = optionValue(argc, argv, i);
    else if (a == "--json") o.json = optionValue(argc, argv, i);
    else if (a == "--rows") o.rows = optionNumber(argc, argv, i);
    else if (a == "--requests") o.requests = optionNumber(argc, argv, i);
    else if (a == "--window") o.window = optionNumber(argc, argv, i);
    else if (a == "--samples") o.samples = optionNumber(argc, argv, i);
    else
      die("unknown option " + a + " (--kernels DIR --rows N --requests N "
          "--window N --samples N --json F --device D --kernel NAME)");
  }
  if (o.window == 0 || o.window > kStageRows / 2)
    die("--window must be 1 to " + std::to_string(kStageRows / 2));
  return o;
}

/// The table file: row r, word w = hash(r, w); and each row's checksum.
struct Table {
  std::string path;
  std::vector<uint32_t> sums;
  explicit Table(uint32_t rows) : sums(rows) {
    char name[] = "/tmp/vyre-kv-table-XXXXXX";
    int fd = mkstemp(name);
    if (fd < 0)
      die("cannot create the table file in /tmp");
    path = name;
    std::vector<uint32_t> row(kWords);
    for (uint32_t r = 0; r < rows; ++r) {
      uint32_t sum = 0;
      for (uint32_t w = 0; w < kWords; ++w) {
        row[w] = (r * 2654435761u) ^ (w * 40503u + 7);
        sum += row[w] * (w + 1);
      }
      sums[r] = sum;
      if (write(fd, row.data(), kRowBytes) != ssize_t(kRowBytes))
        die("cannot write the table file " + path);
    }
    close(fd);
  }
  ~Table() { unlink(path.c_str()); }
};

/// One loaded service: the kernel, its table source, and a publisher's
/// bookkeeping (tickets -> key and publish time).
struct Service {
  vyre_kernel *k = nullptr;
  const Table &table;
  int fd = -1; // the baseline's own pread
  std::vector<uint32_t> keyOf, rowOf;
  std::vector<Clock::time_point> sentAt;
  /// Staging (and result) rows free for this publisher: a slot in flight
  /// owns its row until it is reaped. The storm thread has the other half.
  std::vector<uint32_t> freeRows;
  uint64_t wrong = 0;

  /// Counts a wrong answer; the first few are printed with what came back,
  /// so a failure says whether the slot faulted or its value was wrong.
  void noteWrong(const char *where, uint32_t key, uint32_t status,
                 uint32_t fault, uint32_t value) {
    if (++wrong <= 4)
      std::fprintf(stderr, "wrong answer (%s): key %u, status %u, fault %u, "
                   "value 0x%08x, expected 0x%08x\n", where, key, status,
                   fault, value, table.sums[key]);
  }

  /// `direct`: the table through direct IO (vyre_kernel_add_io_file_direct).
  Service(vyre_runtime *rt, const Options &o, const Table &t,
          bool direct = false)
      : table(t) {
    std::string base = o.kernels + "/" + o.kernel;
    check(vyre_kernel_load(rt, (base + ".spv").c_str(),
                           (base + ".json").c_str(), &k),
          "load " + o.kernel + " (build it with bench/compile.sh)");
    check(vyre_kernel_set_buffer_length(k, "stage", kStageRows * kWords),
          "stage");
    check(vyre_kernel_set_buffer_length(k, "out", kStageRows), "out");
    check(direct ? vyre_kernel_add_io_file_direct(k, 0, t.path.c_str())
                 : vyre_kernel_add_io_file(k, 0, t.path.c_str()),
          "table source");
    check(vyre_kernel_launch(k), "launch");
    fd = open(t.path.c_str(), O_RDONLY);
    for (uint32_t r = 0; r < kStageRows / 2; ++r)
      freeRows.push_back(r);
  }
  ~Service() {
    uint32_t left = 0;
    check(vyre_kernel_shutdown(k, 60000, &left), "shutdown");
    vyre_kernel_destroy(k);
    close(fd);
  }
  std::vector<uint32_t> observables() {
    std::vector<uint32_t> obs(3);
    check(vyre_kernel_read_observables(k, 0, obs.data(), 3), "observables");
    return obs;
  }
  /// Publishes lookups of `keys` (STAGED after a pread + upload when
  /// `baseline`) with at most `window` in flight; returns each request's
  /// latency (us) and checks every answer.
  std::vector<double> stream(const std::vector<uint32_t> &keys,
                             uint32_t window, bool baseline);
  /// One request alone, its answer checked: its round trip in us. Tickets
  /// are not used: a producer thread may publish beside it.
  double roundTrip(uint32_t key) {
    vyre_slot s{};
    s.opcode = kLookup;
    s.priority = VYRE_PRIORITY_NORMAL;
    s.args[0] = key;
    s.args[1] = s.args[2] = 0;
    uint32_t n = 0, got = 0, value = 0;
    vyre_completion c{};
    auto start = Clock::now();
    check(vyre_kernel_publish(k, &s, 1, 60000, &n), "publish");
    while (!got)
      check(vyre_kernel_reap(k, &c, 1, &got), "reap");
    double us = micros(start, Clock::now());
    check(vyre_kernel_read_buffer(k, "out", 0, &value, 1), "out");
    if (c.status != VYRE_STATUS_DONE || value != table.sums[key])
      noteWrong("one at a time", key, c.status, c.fault_code, value);
    return us;
  }
};

std::vector<double> Service::stream(const std::vector<uint32_t> &keys,
                                    uint32_t window, bool baseline) {
  std::vector<double> latency;
  latency.reserve(keys.size());
  std::vector<vyre_completion> done(window);
  std::vector<vyre_slot> batch;
  uint64_t first = vyre_kernel_published(k), sent = 0, back = 0;
  keyOf.resize(first + keys.size());
  rowOf.resize(first + keys.size());
  sentAt.resize(first + keys.size());
  std::vector<uint32_t> row(kWords);
  while (back < keys.size()) {
    batch.clear();
    for (; sent + batch.size() < keys.size() &&
           sent - back + batch.size() < window;) {
      uint64_t ticket = first + sent + batch.size();
      uint32_t key = keys[sent + batch.size()], at = freeRows.back();
      freeRows.pop_back();
      vyre_slot s{};
      s.opcode = baseline ? kStaged : kLookup;
      s.priority = VYRE_PRIORITY_NORMAL;
      s.args[0] = key;
      s.args[1] = at;
      s.args[2] = at;
      if (baseline) {
        if (pread(fd, row.data(), kRowBytes, off_t(key) * kRowBytes) != kRowBytes)
          die("baseline pread of row " + std::to_string(key));
        check(vyre_kernel_write_buffer(k, "stage", at * kWords, row.data(),
                                       kWords), "upload");
      }
      keyOf[ticket] = key;
      rowOf[ticket] = at;
      batch.push_back(s);
    }
    if (!batch.empty()) {
      auto now = Clock::now();
      for (size_t i = 0; i < batch.size(); ++i)
        sentAt[first + sent + i] = now;
      uint32_t n = 0;
      check(vyre_kernel_publish(k, batch.data(), uint32_t(batch.size()), 60000,
                                &n), "publish");
      for (size_t i = n; i < batch.size(); ++i) // not taken: rows back
        freeRows.push_back(batch[i].args[1]);
      sent += n;
    }
    uint32_t got = 0;
    check(vyre_kernel_reap(k, done.data(), window, &got), "reap");
    auto now = Clock::now();
    for (uint32_t i = 0; i < got; ++i) {
      const vyre_completion &c = done[i];
      uint32_t value = 0, at = rowOf[c.ticket];
      freeRows.push_back(at);
      check(vyre_kernel_read_buffer(k, "out", at, &value, 1), "out");
      if (c.status != VYRE_STATUS_DONE || value != table.sums[keyOf[c.ticket]])
        noteWrong(baseline ? "stream, staged" : "stream", keyOf[c.ticket],
                  c.status, c.fault_code, value);
      latency.push_back(micros(sentAt[c.ticket], now));
    }
    back += got;
  }
  return latency;
}

/// Drops the table's pages from the page cache, so that the next reads
/// come from the disk; false if the kernel would not.
bool evictFromPageCache(const Table &t) {
  int fd = open(t.path.c_str(), O_RDONLY);
  bool done = fd >= 0 && fdatasync(fd) == 0 &&
              posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) == 0;
  if (fd >= 0)
    close(fd);
  return done;
}

/// The all-miss stream with the table read through direct IO (a 4 KiB
/// block per 64-byte row, no page cache) against pread (through it), with
/// the page cache warm and then with the table evicted before each pass;
/// at most 4096 keys, as a direct miss is a disk read. Says so where the
/// table's file system has no direct IO.
template <typename Rate>
void streamDirect(const std::vector<uint32_t> &all, const Table &table,
                  Rate &rate, std::ostringstream &json) {
  int probe = open(table.path.c_str(), O_RDONLY | O_DIRECT);
  if (probe < 0) {
    std::printf("direct IO: the file system of %s has none\n",
                table.path.c_str());
    return;
  }
  close(probe);
  std::vector<uint32_t> keys(all.begin(),
                             all.begin() + std::min<size_t>(all.size(), 4096));
  double warm[2] = {rate(keys, false, false), rate(keys, false, true)};
  double cold[2] = {};
  bool evicted = true;
  for (int direct = 0; direct < 2; ++direct) {
    evicted = evictFromPageCache(table) && evicted;
    cold[direct] = rate(keys, false, direct);
  }
  std::printf("direct IO, %zu misses: page cache warm: pread %.3f M/s, direct "
              "%.3f M/s (%.2fx); %s: pread %.3f M/s, direct %.3f M/s (%.2fx)\n",
              keys.size(), warm[0], warm[1], warm[1] / warm[0],
              evicted ? "table evicted" : "eviction refused", cold[0], cold[1],
              cold[1] / cold[0]);
  json << ",\n  \"direct_keys\": " << keys.size()
       << ", \"warm_pread_mps\": " << warm[0]
       << ", \"warm_direct_mps\": " << warm[1]
       << ", \"cold_pread_mps\": " << cold[0]
       << ", \"cold_direct_mps\": " << cold[1]
       << ", \"evicted\": " << (evicted ? "true" : "false");
}

/// Zipf(s) over [0, n): key k with weight 1 / (k + 1)^s, shuffled so hot
/// keys spread over the cache's sets.
std::vector<uint32_t> zipfKeys(uint32_t n, uint32_t count, double s,
                               std::mt19937 &rng) {
  std::vector<double> cdf(n);
  double total = 0;
  for (uint32_t k = 0; k < n; ++k)
    cdf[k] = total += 1.0 / std::pow(k + 1.0, s);
  std::vector<uint32_t> perm(n);
  for (uint32_t k = 0; k < n; ++k)
    perm[k] = k;
  std::shuffle(perm.begin(), perm.end(), rng);
  std::uniform_real_distribution<double> u(0, total);
  std::vector<uint32_t> keys(count);
  for (uint32_t &key : keys)
    key = perm[std::lower_bound(cdf.begin(), cdf.end(), u(rng)) - cdf.begin()];
  return keys;
}

void printLatency(const char *what, const std::vector<double> &v) {
  std::printf("  %-34s p50 %8.2f us  p99 %8.2f us  (%zu)\n", what,
              percentile(v, 50), percentile(v, 99), v.size());
}

} // namespace

int main(int argc, char **argv) {
  programName = "vyre-io-bench";
  Options o = parse(argc, argv);
  vyre_runtime *rt = nullptr;
  check(vyre_runtime_create(o.device.empty() ? nullptr : o.device.c_str(), 0,
                            &rt), "runtime");
  std::string device = vyre_runtime_device_name(rt);
  Table table(o.rows);
  std::mt19937 rng(22);
  std::printf("device: %s; kernel %s; table %u rows x %u B (%.1f MiB, %ux "
              "the 1024-row cache), window %u\n", device.c_str(),
              o.kernel.c_str(), o.rows, kRowBytes,
              o.rows * double(kRowBytes) / (1 << 20), o.rows / 1024, o.window);
  std::ostringstream json;
  json << "{\n  \"device\": \"" << device << "\",\n  \"kernel\": \""
       << o.kernel << "\",\n  \"rows\": "
       << o.rows << ",\n  \"window\": " << o.window;
  uint64_t wrong = 0;
  {
    Service svc(rt, o, table);
    std::vector<uint32_t> keys = zipfKeys(o.rows, o.requests, 1.1, rng);
    auto start = Clock::now();
    std::vector<double> lat = svc.stream(keys, o.window, false);
    double seconds = micros(start, Clock::now()) / 1e6;
    std::vector<uint32_t> obs = svc.observables();
    double hitRate = double(obs[0]) / std::max<uint32_t>(obs[0] + obs[1], 1);
    std::printf("zipf(1.1): %u lookups in %.3f s, %.2f M/s, hit rate %.1f%% "
                "(%u hits, %u misses, %u rows installed)\n", o.requests,
                seconds, o.requests / seconds / 1e6, 100 * hitRate, obs[0],
                obs[1], obs[2]);
    printLatency("latency, publish to reap", lat);
    json << ",\n  \"zipf\": {\"mlookups_per_s\": " << o.requests / seconds / 1e6
         << ", \"hit_rate\": " << hitRate << ", \"p50_us\": "
         << percentile(lat, 50) << ", \"p99_us\": " << percentile(lat, 99)
         << "}";
    wrong += svc.wrong;
  }
  {
    Service svc(rt, o, table);
    std::vector<double> miss, hit, hitStorm;
    for (uint32_t i = 0; i < o.samples; ++i) // fresh keys: never cached
      miss.push_back(svc.roundTrip((i * 7919u) % o.rows));
    uint32_t hot = o.rows - 1;
    svc.roundTrip(hot);
    for (uint32_t i = 0; i < o.samples; ++i)
      hit.push_back(svc.roundTrip(hot));
    // A storm of misses beside the hit requests: a producer thread keeps
    // `window` misses in flight on keys that thrash the cache.
    std::atomic<bool> stop{false};
    vyre_producer *storm = nullptr;
    check(vyre_producer_create(svc.k, &storm), "producer");
    std::thread t([&] {
      std::vector<vyre_slot> s(1);
      std::vector<vyre_completion> c(o.window);
      uint64_t inFlight = 0, next = 0;
      while (!stop.load() || inFlight) {
        uint32_t n = 0, got = 0;
        if (!stop.load() && inFlight < o.window) {
          s[0] = vyre_slot{};
          s[0].opcode = kLookup;
          s[0].priority = VYRE_PRIORITY_NORMAL;
          s[0].args[0] = uint32_t((next * 104729u) % o.rows);
          // Every storm slot shares the last staging row, which the
          // measured requests never use: its answers are load, not checked.
          s[0].args[1] = s[0].args[2] = kStageRows - 1;
          vyre_status st = vyre_producer_publish(storm, s.data(), 1, 0, &n);
          if (st != VYRE_OK && st != VYRE_ERROR_RING_FULL)
            check(st, "storm");
          next += n;
          inFlight += n;
        }
        check(vyre_producer_reap(storm, c.data(), o.window, &got), "storm");
        inFlight -= got;
      }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    for (uint32_t i = 0; i < o.samples; ++i)
      hitStorm.push_back(svc.roundTrip(hot));
    stop.store(true);
    t.join();
    check(vyre_producer_destroy(storm), "producer");
    vyre_io_stats io{};
    check(vyre_kernel_io_stats(svc.k, &io), "io stats");
    std::printf("one request at a time (host service per request: mean %.1f us, "
                "max %.1f us over %llu requests):\n", io.service_us_mean,
                io.service_us_max, (unsigned long long)io.requests);
    printLatency("miss (host pread, slot resumed)", miss);
    printLatency("hit", hit);
    printLatency("hit beside a storm of misses", hitStorm);
    json << ",\n  \"miss_p50_us\": " << percentile(miss, 50)
         << ", \"miss_p99_us\": " << percentile(miss, 99)
         << ",\n  \"hit_p50_us\": " << percentile(hit, 50)
         << ", \"hit_p99_us\": " << percentile(hit, 99)
         << ",\n  \"hit_storm_p50_us\": " << percentile(hitStorm, 50)
         << ", \"hit_storm_p99_us\": " << percentile(hitStorm, 99);
    wrong += svc.wrong;
  }
  {
    std::vector<uint32_t> keys(o.requests / 4);
    for (uint32_t i = 0; i < keys.size(); ++i)
      keys[i] = (i * 40009u) % o.rows; // every one a miss (sets thrash)
    auto rate = [&](const std::vector<uint32_t> &of, bool baseline,
                    bool direct) {
      Service svc(rt, o, table, direct);
      auto start = Clock::now();
      svc.stream(of, o.window, baseline);
      wrong += svc.wrong;
      return of.size() / (micros(start, Clock::now()) / 1e6) / 1e6;
    };
    double io = rate(keys, false, false), staged = rate(keys, true, false);
    std::printf("all misses, %u in flight: vyre.io_read %.3f M/s, host pread + "
                "upload %.3f M/s (%.2fx)\n", o.window, io, staged,
                io / staged);
    json << ",\n  \"stream_io_read_mps\": " << io
         << ", \"stream_pread_upload_mps\": " << staged;
    streamDirect(keys, table, rate, json);
  }
  json << ",\n  \"wrong\": " << wrong << "\n}\n";
  if (!o.json.empty())
    std::ofstream(o.json) << json.str();
  vyre_runtime_destroy(rt);
  if (wrong) {
    std::printf("FAILED: %llu answers differ from the CPU's\n",
                (unsigned long long)wrong);
    return 1;
  }
  std::printf("every answer matches the CPU\n");
  return 0;
}
