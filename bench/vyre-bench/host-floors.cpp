//===- host-floors.cpp - the host path's floors, stage by stage -*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// vyre-host-floors: what the memory itself costs for each stage of the
// host path, with no vyre code in the loop. It allocates a ring in the
// memory type the runtime puts the ring in (device-local host-visible: the
// BAR, where the device offers it) and a completion mirror in the type the
// runtime puts the mirror in (cached host memory), and times, in ns per
// slot, the stores and loads that vyre_kernel_publish and vyre_kernel_reap
// have to make:
//
//   line      one 64-byte line from registers into each ring slot: the
//             bus's write floor
//   stack copy  each slot's 60 bytes read from the caller's array, its
//             status word added in a line on the stack, the line copied into
//             the ring: the stack's stores and the line's loads do not
//             forward, and stall
//   copy      the same line built in registers (SSE2) and stored into the
//             ring
//   publish   copy, plus the runtime's per-slot host record (16 bytes) and
//             busy flag (1 byte)
//   publish_pfN    publish, the slot N ahead prefetched
//   scan_publish   publish, each 256-slot chunk's priorities read first (the
//             runtime's run scan)
//   scan_prefetch  the same, the next chunk prefetched before this one is
//             written
//   reap      the mirror word read (written by the device: a vkCmdFillBuffer
//             before each pass), the record read, a 32-byte completion
//             written into the caller's array, the mirror word and the busy
//             flag cleared
//
// Each stage runs over a 1M-slot ring (the once drain's fill) and over a
// 4096-slot ring lapped until 1M slots went through (the persistent runs),
// its slots read from a 1M-slot array in turn (as vyre-bench does), the
// same with a queue submit and fence wait between laps (as a publish
// between a once kernel's dispatches), the same with the device writing the
// ring's lines between laps (as lanes store CLAIMED into them), or from its
// first 4096 each lap (in cache). A
// stage's figure is the median of its passes. docs/benchmarks.md compares
// vyre's figures from the same call against these.
//
//   vyre-host-floors [--slots N] [--passes N] [--json FILE] [--device NAME]
//
//===----------------------------------------------------------------------===//

#include "HostFloorsVk.h"
#include "vyre/runtime.h"

#include <algorithm>
#include <emmintrin.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

using namespace vyre::bench;
using namespace vyre::bench::floors;
using Clock = std::chrono::steady_clock;

namespace {

struct Record { // the runtime's per-slot host record (Kernel.h's SlotRecord)
  uint64_t ticket;
  uint32_t opcode, tenant;
};

struct Stages {
  uint32_t *ring; // ring slots x 16 words, in the BAR
  uint32_t *mirror;
  std::vector<vyre_slot> source;
  std::vector<Record> record;
  std::vector<uint8_t> busy;
  std::vector<vyre_completion> out = std::vector<vyre_completion>(1 << 16);

  void line(uint32_t hi) {
    alignas(64) uint32_t l[VYRE_SLOT_WORDS] = {VYRE_STATUS_PUBLISHED};
    for (uint32_t s = 0; s < hi; ++s) {
      l[1] = s; // a different line each time, as published slots are
      std::memcpy(ring + uint64_t(s) * VYRE_SLOT_WORDS, l, sizeof(l));
    }
  }
  /// The line through the stack, as a plain C++ copy builds it: the
  /// status and the slot stored, then read back as one line.
  void stackCopy(const vyre_slot *src, uint32_t hi) {
    for (uint32_t s = 0; s < hi; ++s) {
      alignas(64) uint32_t l[VYRE_SLOT_WORDS];
      l[VYRE_SLOT_WORD_STATUS] = VYRE_STATUS_PUBLISHED;
      std::memcpy(l + 1, &src[s], sizeof(vyre_slot));
      std::memcpy(ring + uint64_t(s) * VYRE_SLOT_WORDS, l, sizeof(l));
    }
  }
  /// Slots [lo, hi) of `src` into the ring, the line built in registers:
  /// the slot's words one word up, the status in word 0.
  void copy(const vyre_slot *src, uint32_t lo, uint32_t hi, bool bookkeeping,
            uint64_t ticket, uint32_t prefetchAhead = 0) {
    const __m128i status = _mm_cvtsi32_si128(int(VYRE_STATUS_PUBLISHED));
    for (uint32_t s = lo; s < hi; ++s) {
      const vyre_slot &slot = src[s];
      if (prefetchAhead && s + prefetchAhead < hi)
        __builtin_prefetch(&src[s + prefetchAhead]);
      const uint32_t *w = &slot.opcode;
      __m128i *dst = reinterpret_cast<__m128i *>(ring + uint64_t(s) * VYRE_SLOT_WORDS);
      __m128i head = _mm_loadu_si128(reinterpret_cast<const __m128i *>(w));
      _mm_store_si128(dst, _mm_or_si128(_mm_slli_si128(head, 4), status));
      for (int q = 1; q < 4; ++q)
        _mm_store_si128(dst + q, _mm_loadu_si128(reinterpret_cast<const __m128i *>(w + 4 * q - 1)));
      if (bookkeeping) {
        record[s] = {ticket + s, slot.opcode, slot.tenant};
        __atomic_store_n(&busy[s], 1, __ATOMIC_RELAXED);
      }
    }
  }
  /// publish, each chunk of `chunk` slots read first for its priorities
  /// (the runtime's run scan), optionally with the next chunk prefetched.
  void scanPublish(const vyre_slot *src, uint32_t hi, uint64_t ticket,
                   uint32_t chunk, bool prefetch) {
    for (uint32_t lo = 0; lo < hi; lo += chunk) {
      uint32_t end = std::min(hi, lo + chunk), same = 0;
      for (uint32_t s = lo; s < end; ++s)
        same += src[s].priority == src[lo].priority;
      sink += same;
      if (prefetch)
        for (uint32_t s = end; s < std::min(hi, end + chunk); s += 1)
          __builtin_prefetch(&src[s]);
      copy(src, lo, end, true, ticket);
    }
  }
  uint64_t sink = 0;
  uint32_t reap(uint32_t hi, uint32_t &cursor) {
    uint32_t n = 0;
    for (uint32_t s = 0; s < hi; ++s) {
      uint32_t status = __atomic_load_n(&mirror[s], __ATOMIC_ACQUIRE);
      if (status != VYRE_STATUS_DONE)
        continue;
      vyre_completion &c = out[cursor++ & (out.size() - 1)];
      c.ticket = record[s].ticket;
      c.slot = s;
      c.opcode = record[s].opcode;
      c.tenant = record[s].tenant;
      c.status = status;
      c.fault_code = 0;
      __atomic_store_n(&mirror[s], 0, __ATOMIC_RELEASE);
      __atomic_store_n(&busy[s], 0, __ATOMIC_RELEASE);
      ++n;
    }
    return n;
  }
};

/// Out of the CPU's write-combining buffers, as the runtime drains them.
void drainWriteCombining() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_sfence();
#else
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
#endif
}

double nsPerSlot(Clock::duration d, uint64_t slots) {
  return std::chrono::duration<double, std::nano>(d).count() / double(slots);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

const char *const kStages[] = {"line",         "stack_copy",    "copy",
                               "publish",      "publish_pf8",   "publish_pf32",
                               "publish_pf128", "scan_publish", "scan_prefetch",
                               "reap"};
constexpr size_t kStageCount = sizeof(kStages) / sizeof(kStages[0]);

/// Every stage over a ring of `ringSlots` lapped until `total` slots went
/// through, the caller's array read from `streamed` on (each lap the next
/// ringSlots of it) or from its start each lap; ns per slot, median of
/// `passes`.
std::vector<double> runStages(const VkOpened &vk, Stages &st, Filler &fill,
                              uint32_t ringSlots, uint64_t total,
                              bool streamed, Filler *betweenLaps,
                              uint32_t passes) {
  std::vector<std::vector<double>> ns(kStageCount);
  uint32_t laps = uint32_t(std::max<uint64_t>(1, total / ringSlots));
  uint64_t slots = uint64_t(laps) * ringSlots;
  auto src = [&](uint32_t lap) {
    return st.source.data() + (streamed ? uint64_t(lap) * ringSlots : 0);
  };
  auto timed = [&](size_t stage, auto &&body) {
    Clock::duration spent{};
    for (uint32_t l = 0; l < laps; ++l) {
      if (betweenLaps) // untimed: the device's work between publishes
        betweenLaps->run(vk);
      auto t0 = Clock::now();
      body(l);
      drainWriteCombining();
      spent += Clock::now() - t0;
    }
    ns[stage].push_back(nsPerSlot(spent, slots));
  };
  for (uint32_t p = 0; p <= passes; ++p) { // pass 0 warms up
    timed(0, [&](uint32_t) { st.line(ringSlots); });
    timed(1, [&](uint32_t l) { st.stackCopy(src(l), ringSlots); });
    timed(2, [&](uint32_t l) { st.copy(src(l), 0, ringSlots, false, 0); });
    timed(3, [&](uint32_t l) {
      st.copy(src(l), 0, ringSlots, true, uint64_t(l) * ringSlots);
    });
    size_t stage = 4;
    for (uint32_t ahead : {8u, 32u, 128u})
      timed(stage++, [&](uint32_t l) {
        st.copy(src(l), 0, ringSlots, true, uint64_t(l) * ringSlots, ahead);
      });
    timed(stage++, [&](uint32_t l) {
      st.scanPublish(src(l), ringSlots, uint64_t(l) * ringSlots, 256, false);
    });
    timed(stage++, [&](uint32_t l) {
      st.scanPublish(src(l), ringSlots, uint64_t(l) * ringSlots, 256, true);
    });
    Clock::duration reapTime{};
    uint32_t cursor = 0;
    for (uint32_t l = 0; l < laps; ++l) {
      fill.run(vk); // the device's mirror writes, untimed
      auto r0 = Clock::now();
      if (st.reap(ringSlots, cursor) != ringSlots)
        die("the device's mirror writes were not seen by the host");
      reapTime += Clock::now() - r0;
    }
    ns[stage].push_back(nsPerSlot(reapTime, slots));
    if (!p)
      for (auto &v : ns)
        v.clear();
  }
  std::vector<double> out;
  for (auto &v : ns)
    out.push_back(median(v));
  return out;
}

} // namespace

int main(int argc, char **argv) {
  uint32_t slots = 1u << 20, passes = 5;
  std::string json, deviceName;
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
    else if (a == "--json")
      json = value();
    else if (a == "--device")
      deviceName = value();
    else
      die("unknown option " + a +
          "; usage: vyre-host-floors [--slots N] [--passes N] [--json FILE] [--device NAME]");
  }
  if (slots < 4096 || passes == 0)
    die("--slots must be at least 4096 and --passes at least 1");
  vyre_runtime *rt = nullptr;
  if (vyre_runtime_create(deviceName.empty() ? nullptr : deviceName.c_str(), 0, &rt))
    die(std::string("opening the device: ") + vyre_last_error());
  deviceName = vyre_runtime_device_name(rt);
  VkOpened vk;
  if (std::string e = openComputeDevice(deviceName, "vyre-host-floors", vk); !e.empty())
    die(e);
  Mapped ring = allocate(vk, uint64_t(slots) * VYRE_SLOT_BYTES,
                         VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT, false);
  Mapped mirror = allocate(vk, uint64_t(slots) * 4, VK_MEMORY_PROPERTY_HOST_CACHED_BIT, true);
  Filler fill;
  fill.init(vk, mirror.buffer, VK_WHOLE_SIZE);
  Stages st;
  st.ring = static_cast<uint32_t *>(ring.host);
  st.mirror = static_cast<uint32_t *>(mirror.host);
  vyre_slot nop{};
  st.source.assign(slots, nop);
  st.record.assign(slots, Record{});
  st.busy.assign(slots, 0);
  std::printf("device: %s\nring: %s; mirror: %s\n", deviceName.c_str(),
              ring.type.c_str(), mirror.type.c_str());
  std::string out = "{\n  \"device\": \"" + deviceName + "\",\n  \"ring_memory\": \"" +
                    ring.type + "\",\n  \"mirror_memory\": \"" + mirror.type + "\"";
  std::printf("host stage floors, ns per slot (median of %u passes):\n", passes);
  struct Case {
    uint32_t ring;
    bool streamed;
    Filler *betweenLaps;
    std::string name, key;
  };
  Filler ringFill; // the device writes the 4096 lines, as lanes claim them
  ringFill.init(vk, ring.buffer, 4096 * VYRE_SLOT_BYTES);
  std::vector<Case> cases = {
      {slots, true, nullptr, std::to_string(slots) + "-slot ring", "ring_" + std::to_string(slots)},
      {4096, true, nullptr, "4096 ring, array streamed", "ring_4096_streamed"},
      {4096, true, &fill, "the same, submits between", "ring_4096_streamed_submits"},
      {4096, true, &ringFill, "the same, device writes ring", "ring_4096_streamed_device_writes"},
      {4096, false, nullptr, "4096 ring, array in cache", "ring_4096_cached"}};
  std::vector<std::vector<double>> figures;
  for (const Case &c : cases)
    figures.push_back(runStages(vk, st, fill, c.ring, slots, c.streamed,
                                 c.betweenLaps, passes));
  std::printf("  %-14s", "stage");
  for (const Case &c : cases)
    std::printf(" %28s", c.name.c_str());
  std::printf("\n");
  for (size_t i = 0; i < kStageCount; ++i) {
    std::printf("  %-14s", kStages[i]);
    for (size_t c = 0; c < cases.size(); ++c)
      std::printf(" %28.2f", figures[c][i]);
    std::printf("\n");
  }
  for (size_t c = 0; c < cases.size(); ++c) {
    out += ",\n  \"" + cases[c].key + "\": {";
    for (size_t i = 0; i < kStageCount; ++i)
      out += (i ? ", \"" : "\"") + std::string(kStages[i]) + "_ns\": " +
             std::to_string(figures[c][i]);
    out += "}";
  }
  out += "\n}\n";
  if (!json.empty()) {
    std::ofstream f(json);
    if (!(f << out) || (f.close(), !f))
      die("cannot write " + json + " (--json): check the directory exists and is writable");
    std::printf("wrote %s\n", json.c_str());
  }
  for (Filler *f : {&fill, &ringFill}) {
    vkDestroyFence(vk.device, f->fence, nullptr);
    vkDestroyCommandPool(vk.device, f->pool, nullptr);
  }
  for (Mapped *m : {&ring, &mirror}) {
    vkUnmapMemory(vk.device, m->memory);
    vkDestroyBuffer(vk.device, m->buffer, nullptr);
    vkFreeMemory(vk.device, m->memory, nullptr);
  }
  vkDestroyDevice(vk.device, nullptr);
  vkDestroyInstance(vk.instance, nullptr);
  vyre_runtime_destroy(rt);
  return 0;
}
