//===- QueueApi.cpp - the C API of publishing and reaping -------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// vyre_kernel_publish, reap and wait, and the producers: argument checks,
// then the publish path (Publish.cpp, Commit.cpp), the completion path
// (Completions.cpp) and the producers (Producer.cpp).
//
//===----------------------------------------------------------------------===//

#include "Error.h"
#include "Kernel.h"

#include <string>

using namespace vyre;

namespace {

/// Marks a producer's call in flight for the length of its scope. A
/// rebuild on the owner's thread replaces the buffers a call reads, so it
/// refuses to run under one, and a call that finds a rebuild under way
/// returns at once (the other half of vyre_kernel::holdProducers). One
/// sequentially consistent store and load per call, none per slot.
class ProducerCall {
public:
  explicit ProducerCall(vyre_producer &p) : producer(p) {
    producer.inCall.store(1);
    excluded = producer.kernel->rebuilding.load();
  }
  ~ProducerCall() { producer.inCall.store(0, std::memory_order_release); }
  /// Whether the call may not run: a rebuild holds the kernel.
  bool excluded;

private:
  vyre_producer &producer;
};

constexpr const char *kRebuilding =
    "the device is being rebuilt on the thread that owns the kernel; call "
    "again once vyre_kernel_rebuild has returned";

} // namespace

extern "C" vyre_status vyre_kernel_wait(vyre_kernel *k, uint64_t target,
                                        uint32_t timeoutMs) {
  REQUIRE(k, VYRE_ERROR_INVALID_ARGUMENT, "kernel is NULL");
  return k->waitFor(target, timeoutMs);
}

extern "C" vyre_status vyre_kernel_reap(vyre_kernel *k, vyre_completion *out,
                                        uint32_t capacity, uint32_t *count) {
  REQUIRE(k && count && (out || !capacity), VYRE_ERROR_INVALID_ARGUMENT,
          "vyre_kernel_reap: kernel, out or count is NULL");
  *count = 0;
  return k->reap(out, capacity, count);
}

extern "C" uint64_t vyre_kernel_published(const vyre_kernel *k) {
  return k ? k->published.load() : 0;
}

extern "C" vyre_status vyre_kernel_publish(vyre_kernel *k,
                                           const vyre_slot *slots,
                                           uint32_t count, uint32_t timeoutMs,
                                           uint32_t *published) {
  if (published)
    *published = 0;
  REQUIRE(k && (slots || !count), VYRE_ERROR_INVALID_ARGUMENT,
          "vyre_kernel_publish: kernel or slots is NULL");
  REQUIRE(k->dispatch.state != vyre_kernel::State::Lost, VYRE_ERROR_DEVICE_LOST,
          "the device was lost; call vyre_kernel_rebuild");
  return k->publishFrom(k->own, slots, count, timeoutMs, published);
}

extern "C" vyre_status vyre_producer_create(vyre_kernel *k,
                                            vyre_producer **out) {
  REQUIRE(k && out, VYRE_ERROR_INVALID_ARGUMENT,
          "vyre_producer_create: kernel or out is NULL");
  *out = nullptr;
  return k->addProducer(out);
}

extern "C" vyre_status vyre_producer_destroy(vyre_producer *p) {
  if (!p)
    return ok();
  return p->kernel->removeProducer(*p);
}

extern "C" vyre_status vyre_producer_publish(vyre_producer *p,
                                             const vyre_slot *slots,
                                             uint32_t count,
                                             uint32_t timeoutMs,
                                             uint32_t *published) {
  if (published)
    *published = 0;
  REQUIRE(p && (slots || !count), VYRE_ERROR_INVALID_ARGUMENT,
          "vyre_producer_publish: producer or slots is NULL");
  ProducerCall call(*p);
  REQUIRE(!call.excluded, VYRE_ERROR_DEVICE_LOST, kRebuilding);
  REQUIRE(p->kernel->dispatch.state != vyre_kernel::State::Lost,
          VYRE_ERROR_DEVICE_LOST,
          "the device was lost; the thread that owns the kernel calls "
          "vyre_kernel_rebuild, then this producer publishes on (its slots "
          "are kept)");
  return p->kernel->publishFrom(*p, slots, count, timeoutMs, published);
}

extern "C" vyre_status vyre_producer_reap(vyre_producer *p,
                                          vyre_completion *out,
                                          uint32_t capacity, uint32_t *count) {
  REQUIRE(p && count && (out || !capacity), VYRE_ERROR_INVALID_ARGUMENT,
          "vyre_producer_reap: producer, out or count is NULL");
  *count = 0;
  ProducerCall call(*p);
  REQUIRE(!call.excluded, VYRE_ERROR_DEVICE_LOST, kRebuilding);
  *count = p->reapInto(out, capacity);
  if (!*count)
    p->kernel->dispatch.relaunchIfReturned();
  return ok();
}

extern "C" uint32_t vyre_producer_in_flight(const vyre_producer *p) {
  return p ? p->inFlight + uint32_t(p->pending.size()) : 0;
}
