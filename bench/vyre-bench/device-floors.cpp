//===- device-floors.cpp - the once drain's floors, stage by stage -*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// vyre-device-floors: what the memory itself costs a lane for each stage of
// its path through a pre-filled once ring, with no vyre code in the kernel
// (bench/device-floors/drain.comp). The ring lies in the BAR (device-local
// host-visible), the completion mirror in cached host memory, as the
// runtime places them. Device time of one dispatch over the ring, from
// timestamps, median of --passes; the ring is refilled by the device before
// each pass. Stages:
//
//   mirror          each slot's 4-byte mirror word stored, nothing else:
//                   the traffic floor of the completions over the bus
//   mirror_fenced   the same, a release fence before each store (the
//                   fence's wait for the previous store)
//   mirror_byte     1-byte mirror words (where the device has 8-bit storage)
//   claim           each slot's status loaded, CLAIMED stored
//   chain           vyre's path: the next status loaded ahead, an acquire
//                   fence, CLAIMED, opcode and tenant, the tenant's mask,
//                   the opcode's counter (an atomic add), a release fence,
//                   the mirror word
//   chain_no_counter   chain without the counter's atomic
//   chain_unfenced  chain without both fences
//   chain_batched   chain with one release fence per 8 slots of a lane
//   chain_head      chain with the next slot's status, opcode and tenant
//                   loaded ahead together, and no acquire fence
//   (and the chain stages with byte mirrors, where available)
//
//   vyre-device-floors [--slots N] [--passes N] [--geometry WGxL,...]
//                      [--json FILE] [--device NAME] [--kernels DIR]
//
// --kernels is the folder of device-floors.spv (build/bench).
//
//===----------------------------------------------------------------------===//

#include "DeviceFloorsVk.h"
#include "HostFloorsVk.h"
#include "vyre/runtime.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace vyre::bench;
using namespace vyre::bench::floors;

namespace {

struct Stage {
  const char *name;
  uint32_t mode; // drain.comp's MODE
  bool byteMirror, claims, completes;
};

const Stage kStages[] = {
    {"mirror", 0, false, false, true},
    {"mirror_fenced", 1, false, false, true},
    {"mirror_byte", 0, true, false, true},
    {"claim", 2, false, true, false},
    {"chain", 3, false, true, true},
    {"chain_no_counter", 4, false, true, true},
    {"chain_unfenced", 5, false, true, true},
    {"chain_batched", 6, false, true, true},
    {"chain_head", 7, false, true, true},
    {"chain_byte", 3, true, true, true},
    {"chain_head_byte", 7, true, true, true},
};

struct Geometry {
  uint32_t workgroups, size;
};

std::vector<Geometry> parseGeometries(const std::string &list) {
  std::vector<Geometry> out;
  std::stringstream in(list);
  for (std::string g; std::getline(in, g, ',');) {
    size_t x = g.find('x');
    if (x == std::string::npos)
      die("--geometry takes WORKGROUPSxLANES,... (e.g. 132x64), not " + g);
    out.push_back({uint32_t(std::stoul(g.substr(0, x))),
                   uint32_t(std::stoul(g.substr(x + 1)))});
    if (!out.back().workgroups || !out.back().size)
      die("--geometry " + g + ": workgroups and lanes must be at least 1");
  }
  return out;
}

} // namespace

int main(int argc, char **argv) {
  uint32_t slots = 1u << 20, passes = 5;
  std::string json, deviceName, kernelDir = "build/bench",
      geometryList = "132x64,132x256,132x1024,1056x64";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc)
        die(a + " needs a value");
      return argv[++i];
    };
    if (a == "--slots")
      slots = uint32_t(std::stoul(value()));
    else if (a == "--passes")
      passes = uint32_t(std::stoul(value()));
    else if (a == "--geometry")
      geometryList = value();
    else if (a == "--json")
      json = value();
    else if (a == "--device")
      deviceName = value();
    else if (a == "--kernels")
      kernelDir = value();
    else
      die("unknown option " + a + "; usage: vyre-device-floors [--slots N] "
          "[--passes N] [--geometry WGxL,...] [--json FILE] [--device NAME] "
          "[--kernels DIR]");
  }
  if (slots < 4096 || passes == 0)
    die("--slots must be at least 4096 and --passes at least 1");
  std::vector<Geometry> geometries = parseGeometries(geometryList);

  floors::programName = "vyre-device-floors";
  vyre_runtime *rt = nullptr; // the device the runtime would pick
  if (vyre_runtime_create(deviceName.empty() ? nullptr : deviceName.c_str(), 0, &rt))
    die(std::string("opening the device: ") + vyre_last_error());
  deviceName = vyre_runtime_device_name(rt);
  DrainProbe probe;
  probe.open(deviceName, slots, kernelDir);
  std::printf("device: %s\nring: %s; mirror: %s; byte mirrors: %s\n",
              probe.deviceName.c_str(), probe.ring.type.c_str(),
              probe.mirror.type.c_str(),
              probe.byteMirrors ? "yes" : "no (no 8-bit storage)");
  std::printf("once drain of %u slots, device us per dispatch (median of %u "
              "passes):\n  %-18s", slots, passes, "stage");
  for (const Geometry &g : geometries)
    std::printf(" %10s", (std::to_string(g.workgroups) + "x" +
                          std::to_string(g.size)).c_str());
  std::printf("\n");
  std::string out = "{\n  \"device\": \"" + probe.deviceName +
                    "\",\n  \"slots\": " + std::to_string(slots) +
                    ",\n  \"ring_memory\": \"" + probe.ring.type +
                    "\",\n  \"mirror_memory\": \"" + probe.mirror.type + "\"";
  for (const Stage &stage : kStages) {
    if (stage.byteMirror && !probe.byteMirrors)
      continue;
    std::printf("  %-18s", stage.name);
    out += ",\n  \"" + std::string(stage.name) + "_us\": {";
    for (size_t gi = 0; gi < geometries.size(); ++gi) {
      const Geometry &g = geometries[gi];
      std::vector<double> us;
      DrainPipeline pipe = probe.pipeline(stage.mode, stage.byteMirror, g.size,
                                          stage.claims, stage.completes);
      for (uint32_t pass = 0; pass < passes; ++pass)
        us.push_back(probe.time(pipe, g.workgroups));
      probe.destroy(pipe);
      std::sort(us.begin(), us.end());
      double median = us[us.size() / 2];
      std::printf(" %10.1f", median);
      std::fflush(stdout);
      out += (gi ? ", \"" : "\"") + std::to_string(g.workgroups) + "x" +
             std::to_string(g.size) + "\": " + std::to_string(median);
    }
    std::printf("\n");
    out += "}";
  }
  out += "\n}\n";
  if (!json.empty()) {
    std::ofstream f(json);
    if (!(f << out) || (f.close(), !f))
      die("cannot write " + json + " (--json): check the directory exists and is writable");
    std::printf("wrote %s\n", json.c_str());
  }
  probe.close();
  vyre_runtime_destroy(rt);
  return 0;
}
