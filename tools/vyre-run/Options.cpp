//===- Options.cpp - vyre-run's command line --------------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "Options.h"
#include "Cli.h"
#include "Workload.h"
#include "vyre/runtime.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace vyre::run {

const char *kUsage = R"(usage: vyre-run KERNEL [options]

KERNEL is a .mlir megakernel (compiled through vyre-compile)
or a .spv file with its manifest at the same path with .json.

Work (in this order; at least one):
  --batch NAME          publish the kernel's vyre.batch NAME
  --workload FILE       slots from a workload file (docs/vyre-run.md)
  --generate N          N generated slots from the --gen ops
  --gen "OP W [LO-HI ...]"  a generator op: weight W, arg ranges (repeatable)
  --seed S              generator seed (default 1)
  --prune               drop slots whose effect later slots subsume before
                        publishing (vyre_kernel_prune_batch, per phase
                        between `wait` fences)
Compiling (KERNEL.mlir):
  --pipeline "OPTS"     options of vyre-to-spirv-interpreter, e.g.
                        "prune=false shard=false" (docs/passes.md)
JIT (KERNEL.mlir, persistent):
  --jit                 after --jit-after slots, save the profile, compile a
                        fused kernel with vyre-to-spirv-jit in the
                        background while the interpreter keeps serving, and
                        swap it in (vyre_kernel_swap); requeued slots go
                        back to the interpreter (docs/vyre-run.md, "JIT")
  --jit-after N         slots the interpreter finishes before the profile
                        is taken (default: a tenth of the work, at most
                        10000)
  --jit-pipeline "OPTS" vyre-to-spirv-jit's own options, e.g. "budget=64"
  --jit-sync            publish nothing more until the fused kernel runs
Buffers:
  --buffer NAME=FILE    fill a user buffer (.u32/.bin: little-endian words;
                        otherwise whitespace-separated integers)
  --buffer-length NAME=N  size of a dynamic-size user buffer
  --dump-buffer NAME[:N]  print the first N (default 16) elements afterwards
Tenants and priorities:
  --tenant-mask T=MASK  let tenant T run the arms whose bits are set in MASK
                        (arms 0-31; decimal or 0x hex; repeatable)
  --quota T=N           at most N slots of tenant T in flight; the excess
                        completes FAULT quota_exceeded (repeatable)
  --priority P          priority of generated slots, 0 (critical) to 4 (idle);
                        workload slots take theirs from priority=
Queues:
  --queue-capacities C,H,N,L,I  ring slots of the critical, high, normal,
                        low and idle queues (summing to the ring); the
                        compiled layout otherwise. A slot's priority picks
                        its queue (workload slots: normal unless priority=)
Checks and output:
  --expect-observable I=V  exit 1 unless observable I ends as V (repeatable)
  --expect-faults N     exit 1 unless exactly N slots faulted
  --observables N       print the first N observables (default: nonzero ones)
  --trace FILE          write a Chrome/Perfetto trace of publish and done
  --progress / --no-progress  progress bar (default: on a terminal, > 20000 slots)
  --json FILE           write the summary as JSON (everything printed)
  --with-warmup         count the slots published before the first completion
                        in the latency (left out by default: they wait for
                        the dispatch to start and the driver's first compile)
  --profile-out FILE    write the per-arm execution counts as a profile for
                        the next compile (--pipeline "profile=FILE")
Device:
  --device SEL          device index or name substring ($VYRE_DEVICE)
  --validation          enable the Vulkan validation layer
  --list-devices        list Vulkan devices and exit
  --version             print the version and the ring ABI it speaks, and exit
)";

namespace {

std::pair<std::string, std::string> splitEq(const std::string &arg,
                                            const char *flag) {
  size_t eq = arg.find('=');
  if (eq == std::string::npos || eq == 0)
    die(std::string(flag) + " expects NAME=VALUE, got \"" + arg + "\"");
  return {arg.substr(0, eq), arg.substr(eq + 1)};
}

} // namespace

Options parseArgs(int argc, char **argv) {
  Options o;
  auto value = [&](int &i) -> std::string {
    if (i + 1 >= argc)
      die(std::string(argv[i]) + " needs a value");
    return argv[++i];
  };
  auto count = [&](int &i, const char *what) -> uint32_t {
    std::string flag = argv[i], v = value(i);
    uint32_t n;
    if (!parseWord(v, n))
      die(flag + " expects " + what + ", got " + v);
    return n;
  };
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-h" || a == "--help") {
      std::fputs(kUsage, stdout);
      std::exit(0);
    } else if (a == "--version") {
      std::printf("vyre-run %s (ring ABI v%u)\n", VYRE_VERSION,
                  VYRE_ABI_VERSION);
      std::exit(0);
    } else if (a == "--list-devices") {
      char list[4096];
      check(vyre_runtime_list_devices(list, sizeof(list)), "listing devices");
      std::fputs(list, stdout);
      std::exit(0);
    } else if (a == "--batch") o.batches.push_back(value(i));
    else if (a == "--workload") o.workload = value(i);
    else if (a == "--generate") o.generate = count(i, "a count");
    else if (a == "--gen") o.gens.push_back(value(i));
    else if (a == "--seed") o.seed = std::strtoull(value(i).c_str(), nullptr, 0);
    else if (a == "--prune") o.prune = true;
    else if (a == "--pipeline") o.pipeline = value(i);
    else if (a == "--jit") o.jit = true;
    else if (a == "--jit-sync") o.jit = o.jitSync = true;
    else if (a == "--jit-pipeline") o.jitPipeline = value(i);
    else if (a == "--jit-after") o.jitAfter = count(i, "a slot count");
    else if (a == "--buffer") o.buffers.push_back(splitEq(value(i), "--buffer"));
    else if (a == "--buffer-length")
      o.lengths.push_back(splitEq(value(i), "--buffer-length"));
    else if (a == "--dump-buffer") {
      std::string v = value(i);
      size_t colon = v.find(':');
      uint32_t n = 16;
      if (colon != std::string::npos && !parseWord(v.substr(colon + 1), n))
        die("--dump-buffer expects NAME[:COUNT]");
      o.dumps.push_back({v.substr(0, colon), n});
    } else if (a == "--expect-observable") {
      auto [k, v] = splitEq(value(i), "--expect-observable");
      uint32_t index, val;
      if (!parseWord(k, index) || !parseWord(v, val))
        die("--expect-observable expects INDEX=VALUE");
      o.expectObservables.push_back({index, val});
    } else if (a == "--expect-faults") o.expectFaults = std::atoll(value(i).c_str());
    else if (a == "--observables") o.observables = std::atoi(value(i).c_str());
    else if (a == "--trace") o.trace = value(i);
    else if (a == "--json") o.json = value(i);
    else if (a == "--profile-out") o.profileOut = value(i);
    else if (a == "--progress") o.progress = 1;
    else if (a == "--no-progress") o.progress = 0;
    else if (a == "--device") o.device = value(i);
    else if (a == "--queue-capacities") o.queueCapacities = value(i);
    else if (a == "--tenant-mask") o.tenantMasks.push_back(splitEq(value(i), "--tenant-mask"));
    else if (a == "--quota") o.quotas.push_back(splitEq(value(i), "--quota"));
    else if (a == "--priority") {
      o.priority = int(count(i, "a priority, 0 to 4"));
      if (o.priority >= int(VYRE_PRIORITY_LEVELS))
        die("--priority expects 0 (critical) to 4 (idle), got " +
            std::to_string(o.priority));
    } else if (a == "--with-warmup") o.withWarmup = true;
    else if (a == "--validation") o.validation = true;
    else if (!a.empty() && a[0] == '-') die("unknown option " + a + " (see --help)");
    else if (o.kernel.empty()) o.kernel = a;
    else die("more than one kernel given: " + o.kernel + " and " + a);
  }
  if (o.kernel.empty())
    die("no kernel given\n" + std::string(kUsage));
  if (!o.jit && (o.jitAfter >= 0 || !o.jitPipeline.empty()))
    die(std::string(o.jitAfter >= 0 ? "--jit-after" : "--jit-pipeline") +
        " only configures the re-JIT loop: add --jit (or --jit-sync)");
  if (o.jit && (o.kernel.size() < 5 ||
                o.kernel.substr(o.kernel.size() - 5) != ".mlir"))
    die("--jit recompiles the kernel from its profile: give the .mlir "
        "source, not " + o.kernel);
  if (o.generate > kMaxRunSlots)
    die("--generate " + std::to_string(o.generate) + " is more than the " +
        std::to_string(kMaxRunSlots) + " slots one run holds");
  if (o.generate && o.gens.empty())
    die("--generate needs at least one --gen \"OP WEIGHT [LO-HI ...]\"");
  return o;
}

} // namespace vyre::run
