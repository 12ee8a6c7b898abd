//===- VyreSide.h - the vyre megakernel in the load benchmark ----*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// vyre's side of vyre-load-bench, through the public C API only (so the same
// harness builds against another revision's runtime, bench/compare.sh):
//   - VyreSide: a running persistent megakernel fed open loop: every step
//     publishes what has arrived in one call and reaps what finished;
//   - drainOnce: the pre-filled once-mode ring drained by one dispatch,
//     split into host publish, device time (timestamps) and host reap;
//   - roundTrips: single-slot round trips split into publish call, claim
//     seen, completion seen and reap call.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_BENCH_LOAD_VYRESIDE_H
#define VYRE_BENCH_LOAD_VYRESIDE_H

#include "OpenLoop.h"
#include "vyre/runtime.h"

#include <string>
#include <vector>

namespace vyre::load {

/// Fails with the runtime's message (std::runtime_error).
void checkVyre(vyre_status s, const std::string &what);

/// A megakernel loaded from DIR/NAME.spv + DIR/NAME.json.
struct Megakernel {
  Megakernel(vyre_runtime *rt, const std::string &dir, const std::string &name);
  ~Megakernel();
  Megakernel(const Megakernel &) = delete;
  Megakernel &operator=(const Megakernel &) = delete;
  /// The slot for `t` (LoadGen's op mapped to this kernel's opcodes).
  vyre_slot slotFor(const Task &t, uint32_t priority) const;
  std::vector<uint32_t> counters();

  vyre_kernel *k = nullptr;
  vyre_kernel_info info{};
  std::string name;
  uint32_t opNop = 0, opAdd = 0, opLcg = 0;
};

/// The open-loop side: a persistent megakernel, launched by the caller.
class VyreSide : public Side {
public:
  explicit VyreSide(Megakernel &m) : m(m) {}
  void begin(const Stream &s) override;
  void step(uint64_t arrived, double nowUs, std::vector<uint64_t> &done) override;
  std::string end(const Stream &s) override;

private:
  Megakernel &m;
  std::vector<vyre_slot> slots;
  std::vector<vyre_completion> reaped = std::vector<vyre_completion>(4096);
  std::vector<uint32_t> before;
  uint64_t submitted = 0, baseTicket = 0;
  std::string fault;
};

/// The pre-filled once ring: every slot published (each priority's
/// partition with its own priority), one dispatch, every completion reaped.
struct DrainResult {
  uint64_t slots = 0;
  double publishUs = 0, launchToIdleUs = 0, deviceUs = -1, reapUs = 0;
};
DrainResult drainOnce(Megakernel &m);

/// Single-slot round trips on a persistent kernel, `samples` of each:
/// `total` with nothing but publish + reap (the clean figure); the parts
/// from a second series that also polls the slot's status in the ring
/// (an uncached bus read per poll on a GPU, said in the output).
struct RoundTrip {
  std::vector<double> total, publish, toClaimed, toCompleted, reap;
};
RoundTrip roundTrips(Megakernel &m, uint32_t samples);

} // namespace vyre::load

#endif // VYRE_BENCH_LOAD_VYRESIDE_H
