//===- batch-bench.cpp - a fused batch vs the interpreter --------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// vyre-batch-bench [--kernels DIR] [--stem S] [--repeat K] [--json FILE]
//
// One static batch (bench/compile.sh: mix.mlir plus a vyre.batch of a
// skewed opcode mix) run K times three ways, one after another in one
// process:
//   interpreter   the items published to the running persistent kernel
//   fused-live    vyre_kernel_run_batch on the running kernel (the dispatch
//                 is stopped, the batch runs, the dispatch resumes)
//   fused-idle    vyre_kernel_run_batch on a kernel not serving
// Each time is from the first item written to the last one reaped. The
// observables each way leaves must be equal (the batch's results).
//
//===----------------------------------------------------------------------===//

#include "BenchUtil.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

using namespace vyre::bench;

namespace {

struct Options {
  std::string kernels = "build/bench/kernels", stem = "mix_batch", json;
  uint32_t repeat = 20;
};

Options parse(int argc, char **argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--kernels") o.kernels = optionValue(argc, argv, i);
    else if (a == "--stem") o.stem = optionValue(argc, argv, i);
    else if (a == "--repeat") o.repeat = std::max(1u, optionNumber(argc, argv, i));
    else if (a == "--json") o.json = optionValue(argc, argv, i);
    else if (a == "-h" || a == "--help") {
      std::puts("usage: vyre-batch-bench [--kernels DIR] [--stem S] "
                "[--repeat K] [--json FILE]\n(S_interp and S: the "
                "interpreter and the fused batch from bench/compile.sh)");
      std::exit(0);
    } else
      die("unknown option " + a + " (see --help)");
  }
  return o;
}

/// Reaps until `count` completions are in; returns how many faulted.
uint32_t reapAll(vyre_kernel *k, uint32_t count) {
  std::vector<vyre_completion> out(count);
  uint32_t got = 0, faults = 0;
  while (got < count) {
    uint32_t n = 0;
    check(vyre_kernel_reap(k, out.data(), count - got, &n), "reap");
    for (uint32_t i = 0; i < n; ++i)
      faults += out[i].status != VYRE_STATUS_DONE;
    got += n;
  }
  return faults;
}

} // namespace

int main(int argc, char **argv) {
  programName = "vyre-batch-bench";
  Options opt = parse(argc, argv);
  vyre_runtime *rt = nullptr;
  check(vyre_runtime_create(nullptr, 0, &rt), "runtime");
  std::string interp = opt.kernels + "/" + opt.stem + "_interp";
  std::string fused = opt.kernels + "/" + opt.stem;
  auto loadKernel = [&](bool withBatch, uint32_t &batch) {
    vyre_kernel *k = nullptr;
    check(vyre_kernel_load(rt, (interp + ".spv").c_str(),
                           (interp + ".json").c_str(), &k),
          "loading " + interp);
    if (withBatch)
      check(vyre_kernel_add_variant(k, (fused + ".spv").c_str(),
                                    (fused + ".json").c_str(), &batch),
            "adding " + fused);
    return k;
  };
  uint32_t unused = 0, batchLive = 0, batchIdle = 0;
  vyre_kernel *interpreter = loadKernel(false, unused);
  vyre_kernel *live = loadKernel(true, batchLive);
  vyre_kernel *idle = loadKernel(true, batchIdle);
  uint32_t count = 0;
  vyre_kernel_batch(interpreter, "mixbatch", nullptr, 0, &count);
  std::vector<vyre_slot> items(count);
  check(vyre_kernel_batch(interpreter, "mixbatch", items.data(), count, &count),
        "reading batch mixbatch");
  // One persistent kernel at a time: the runtime's kernels share one
  // queue, where a second persistent dispatch would wait for the first.
  std::vector<double> tInterp, tLive, tIdle;
  uint32_t faults = 0, unfinished = 0;
  auto measure = [&](vyre_kernel *k, std::vector<double> &times,
                     const std::function<void()> &send) {
    uint64_t done = 0;
    for (uint32_t r = 0; r < opt.repeat; ++r) {
      auto t0 = Clock::now();
      send();
      done += count;
      check(vyre_kernel_wait(k, done, 60000), "wait");
      faults += reapAll(k, count);
      times.push_back(micros(t0, Clock::now()));
    }
  };
  check(vyre_kernel_launch(interpreter), "launch");
  measure(interpreter, tInterp, [&] {
    uint32_t n = 0;
    check(vyre_kernel_publish(interpreter, items.data(), count, 60000, &n),
          "publish");
  });
  check(vyre_kernel_shutdown(interpreter, 60000, &unfinished), "shutdown");
  check(vyre_kernel_launch(live), "launch");
  measure(live, tLive, [&] {
    check(vyre_kernel_run_batch(live, batchLive, 60000, nullptr), "run_batch");
  });
  check(vyre_kernel_shutdown(live, 60000, &unfinished), "shutdown");
  measure(idle, tIdle, [&] {
    check(vyre_kernel_run_batch(idle, batchIdle, 60000, nullptr), "run_batch");
  });
  std::vector<uint32_t> a(32), b(32), c(32);
  check(vyre_kernel_read_observables(interpreter, 0, a.data(), 32), "read");
  check(vyre_kernel_read_observables(live, 0, b.data(), 32), "read");
  check(vyre_kernel_read_observables(idle, 0, c.data(), 32), "read");
  bool equal = a == b && b == c;

  double mi = percentile(tInterp, 50), ml = percentile(tLive, 50),
         md = percentile(tIdle, 50);
  std::printf("device: %s\nbatch: %u items, %u repeats, %u faults\n",
              vyre_runtime_device_name(rt), count, opt.repeat, faults);
  std::printf("%-12s %10s %12s\n", "run", "median us", "vs interp");
  std::printf("%-12s %10.1f %12s\n", "interpreter", mi, "1.00x");
  std::printf("%-12s %10.1f %11.2fx\n", "fused-live", ml, mi / ml);
  std::printf("%-12s %10.1f %11.2fx\n", "fused-idle", md, mi / md);
  std::printf("results equal: %s\n", equal ? "yes" : "NO");
  if (!opt.json.empty()) {
    std::ofstream out(opt.json);
    out << "{\"device\":\"" << vyre_runtime_device_name(rt)
        << "\",\"items\":" << count << ",\"repeat\":" << opt.repeat
        << ",\"median_us\":{\"interpreter\":" << mi << ",\"fused_live\":" << ml
        << ",\"fused_idle\":" << md << "},\"speedup\":{\"fused_live\":"
        << mi / ml << ",\"fused_idle\":" << mi / md
        << "},\"results_equal\":" << (equal ? "true" : "false") << "}\n";
  }
  vyre_kernel_destroy(interpreter);
  vyre_kernel_destroy(live);
  vyre_kernel_destroy(idle);
  vyre_runtime_destroy(rt);
  return equal && faults == 0 ? 0 : 1;
}
