//===- VyreSide.cpp - the vyre megakernel in the load benchmark -----------===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "VyreSide.h"

#include <stdexcept>

using namespace vyre::load;

void vyre::load::checkVyre(vyre_status s, const std::string &what) {
  if (s != VYRE_OK)
    throw std::runtime_error(what + ": " + vyre_last_error());
}

Megakernel::Megakernel(vyre_runtime *rt, const std::string &dir,
                       const std::string &kernelName)
    : name(kernelName) {
  std::string base = dir + "/" + kernelName;
  checkVyre(vyre_kernel_load(rt, (base + ".spv").c_str(),
                             (base + ".json").c_str(), &k),
            "loading " + base + " (bench/compile.sh builds it)");
  checkVyre(vyre_kernel_get_info(k, &info), "kernel info");
  checkVyre(vyre_kernel_opcode(k, "nop", &opNop), "opcode nop");
  checkVyre(vyre_kernel_opcode(k, "atomic_add", &opAdd), "opcode atomic_add");
  checkVyre(vyre_kernel_opcode(k, "lcg", &opLcg), "opcode lcg");
}

Megakernel::~Megakernel() { vyre_kernel_destroy(k); }

vyre_slot Megakernel::slotFor(const Task &t, uint32_t priority) const {
  vyre_slot s{};
  s.priority = priority;
  s.opcode = t.op == OP_ADD ? opAdd : t.op == OP_LCG ? opLcg : opNop;
  s.args[0] = t.a0;
  // The built-in ATOMIC_ADD takes a control word; LoadGen's a1 is a counter.
  s.args[1] = t.op == OP_ADD ? VYRE_CTRL_OBSERVABLES + t.a1 : t.a1;
  return s;
}

std::vector<uint32_t> Megakernel::counters() {
  std::vector<uint32_t> words(COUNTERS);
  checkVyre(vyre_kernel_read_observables(k, 0, words.data(), COUNTERS),
            "reading the observables");
  return words;
}

//===----------------------------------------------------------------------===//
// Open loop
//===----------------------------------------------------------------------===//

void VyreSide::begin(const Stream &s) {
  // Ordinary work: the normal priority, the largest partition of a sharded
  // ring (a zeroed slot would be critical, the smallest one).
  slots.resize(s.tasks.size());
  for (size_t i = 0; i < s.tasks.size(); ++i)
    slots[i] = m.slotFor(s.tasks[i], VYRE_PRIORITY_NORMAL);
  before = m.counters();
  submitted = 0;
  baseTicket = vyre_kernel_published(m.k);
  fault.clear();
}

void VyreSide::step(uint64_t arrived, double, std::vector<uint64_t> &done) {
  if (submitted < arrived) {
    uint32_t n = 0;
    uint32_t want = uint32_t(std::min<uint64_t>(arrived - submitted, 1u << 20));
    // Timeout 0: a full ring returns RING_FULL at once; the rest waits for
    // the next step (the host keeps reaping meanwhile).
    vyre_status s = vyre_kernel_publish(m.k, slots.data() + submitted, want, 0, &n);
    if (s != VYRE_OK && s != VYRE_ERROR_RING_FULL)
      checkVyre(s, "publish");
    submitted += n;
  }
  uint32_t got = 0;
  checkVyre(vyre_kernel_reap(m.k, reaped.data(), uint32_t(reaped.size()), &got),
            "reap");
  for (uint32_t i = 0; i < got; ++i) {
    const vyre_completion &c = reaped[i];
    if (c.status != VYRE_STATUS_DONE && fault.empty())
      fault = "ticket " + std::to_string(c.ticket) + " finished with status " +
              std::to_string(c.status) + " fault " + std::to_string(c.fault_code);
    done.push_back(c.ticket - baseTicket); // tickets follow publish order
  }
}

std::string VyreSide::end(const Stream &s) {
  if (!fault.empty())
    return fault;
  return counterMismatch(before, m.counters(), s, "observable");
}

//===----------------------------------------------------------------------===//
// The pre-filled once drain
//===----------------------------------------------------------------------===//

DrainResult vyre::load::drainOnce(Megakernel &m) {
  if (m.info.persistent)
    throw std::runtime_error(m.name + " is persistent; the drain needs a once kernel");
  std::vector<vyre_completion> done(1 << 16);
  std::vector<std::vector<vyre_slot>> byPriority;
  for (uint32_t p = 0; p < VYRE_PRIORITY_LEVELS; ++p)
    byPriority.emplace_back(m.info.slots, m.slotFor(Task{OP_NOP, 0, 0}, p));
  DrainResult r;
  auto t0 = Clock::now();
  // Every slot as a NOP: each priority in turn until its partition is full
  // (RING_FULL at once: timeout 0), so a sharded ring fills up too, and one
  // without partitions takes them all at priority 0. Read from the
  // runtime, not assumed, so older runtimes run the same harness.
  for (uint32_t p = 0; p < VYRE_PRIORITY_LEVELS && r.slots < m.info.slots; ++p) {
    uint32_t n = 0;
    vyre_status s = vyre_kernel_publish(m.k, byPriority[p].data(),
                                        uint32_t(m.info.slots - r.slots), 0, &n);
    if (s != VYRE_OK && s != VYRE_ERROR_RING_FULL &&
        s != VYRE_ERROR_INVALID_ARGUMENT) // a priority given no slots
      checkVyre(s, "filling the once ring");
    r.slots += n;
  }
  r.publishUs = usSince(t0);
  t0 = Clock::now();
  checkVyre(vyre_kernel_launch(m.k), "launch");
  checkVyre(vyre_kernel_wait_idle(m.k, 60000), "waiting for the drain");
  r.launchToIdleUs = usSince(t0);
#ifdef VYRE_RUNTIME_HAS_DISPATCH_TIME
  checkVyre(vyre_kernel_dispatch_time(m.k, &r.deviceUs), "dispatch time");
#endif
  t0 = Clock::now();
  uint64_t total = 0;
  for (uint32_t got = 1; got;) {
    checkVyre(vyre_kernel_reap(m.k, done.data(), uint32_t(done.size()), &got),
              "reap");
    total += got;
  }
  r.reapUs = usSince(t0);
  if (total != r.slots)
    throw std::runtime_error("the drain finished " + std::to_string(total) +
                             " of " + std::to_string(r.slots) + " slots");
  return r;
}

//===----------------------------------------------------------------------===//
// Single-slot round trips
//===----------------------------------------------------------------------===//

/// Reaps until the one slot in flight is back; the start and end of the
/// reap call that returned it.
static void reapOne(Megakernel &m, Clock::time_point &callStart,
                    Clock::time_point &callEnd) {
  vyre_completion c;
  auto deadline = Clock::now() + std::chrono::seconds(60);
  for (uint32_t got = 0; !got;) {
    callStart = Clock::now();
    checkVyre(vyre_kernel_reap(m.k, &c, 1, &got), "reap");
    callEnd = Clock::now();
    if (callEnd > deadline)
      throw std::runtime_error("a single slot did not come back within 60 s");
  }
}

RoundTrip vyre::load::roundTrips(Megakernel &m, uint32_t samples) {
  auto us = [](Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::micro>(b - a).count();
  };
  RoundTrip r;
  vyre_slot slot = m.slotFor(Task{OP_NOP, 0, 0}, VYRE_PRIORITY_NORMAL);
  checkVyre(vyre_kernel_launch(m.k), "launch");
  Clock::time_point a, b;
  for (uint32_t i = 0; i < samples; ++i) {
    uint32_t n = 0;
    auto t0 = Clock::now();
    checkVyre(vyre_kernel_publish(m.k, &slot, 1, 60000, &n), "publish");
    reapOne(m, a, b);
    r.total.push_back(us(t0, b));
  }
#ifdef VYRE_RUNTIME_HAS_DISPATCH_TIME
  for (uint32_t i = 0; i < samples; ++i) {
    uint64_t ticket = vyre_kernel_published(m.k);
    uint32_t n = 0, status = VYRE_STATUS_PUBLISHED;
    auto t0 = Clock::now();
    checkVyre(vyre_kernel_publish(m.k, &slot, 1, 60000, &n), "publish");
    auto t1 = Clock::now();
    while (status == VYRE_STATUS_PUBLISHED)
      checkVyre(vyre_kernel_slot_status(m.k, ticket, &status), "slot status");
    auto t2 = Clock::now();
    reapOne(m, a, b);
    r.publish.push_back(us(t0, t1));
    r.toClaimed.push_back(us(t1, t2));
    r.toCompleted.push_back(us(t2, a));
    r.reap.push_back(us(a, b));
  }
#endif
  uint32_t unfinished = 0;
  checkVyre(vyre_kernel_shutdown(m.k, 60000, &unfinished), "shutdown");
  return r;
}
