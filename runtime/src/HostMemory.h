//===- HostMemory.h - host accesses to memory the device shares --*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// The host's side of the ring's memory model: acquire loads and release
// stores of shared words, draining write-combining buffers, and how the
// host waits for the device.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_RUNTIME_HOSTMEMORY_H
#define VYRE_RUNTIME_HOSTMEMORY_H

#include <chrono>
#include <cstdint>
#include <thread>

namespace vyre {

/// Words the device shares, and the host's per-slot flags that producer
/// threads share (uint8_t).
template <typename T> inline T loadAcquire(const T *word) {
  return __atomic_load_n(word, __ATOMIC_ACQUIRE);
}
template <typename T> struct StoredAs { using type = T; }; // not deduced
template <typename T>
inline void storeRelease(T *word, typename StoredAs<T>::type value) {
  __atomic_store_n(word, value, __ATOMIC_RELEASE);
}

/// For ThreadSanitizer (scripts/tsan.sh), which cannot see the device: a
/// slot that one host thread publishes and another reaps is ordered by the
/// device (it reads the slot, then writes its completion), so the
/// publisher releases the slot's line and the reaper acquires it. Nothing
/// in other builds.
#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define VYRE_TSAN 1
#endif
#endif
#ifdef VYRE_TSAN
extern "C" void __tsan_acquire(void *addr);
extern "C" void __tsan_release(void *addr);
inline void deviceOrdersAfter(const void *line) {
  __tsan_release(const_cast<void *>(line));
}
inline void deviceOrderedBefore(const void *line) {
  __tsan_acquire(const_cast<void *>(line));
}
#else
inline void deviceOrdersAfter(const void *) {}
inline void deviceOrderedBefore(const void *) {}
#endif

/// Drains the CPU's write-combining buffers. The ring may live in
/// DEVICE_LOCAL|HOST_VISIBLE memory (a BAR), which hosts map
/// write-combined: there a release store neither orders earlier stores nor
/// leaves the CPU, so without this the device may see PUBLISHED before the
/// slot's words, or not at all (seen on an H100: a second slot never ran).
inline void flushWriteCombining() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_sfence();
#else
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
#endif
}

/// Waiting without starving the device: on a CPU device (lavapipe) the
/// device's workers share the host's cores, so the host yields at once and
/// sleeps soon; on a GPU it spins briefly first for latency.
class Backoff {
public:
  explicit Backoff(bool cpuDevice, bool spin = false)
      : cpu(cpuDevice), spinOnly(spin) {}
  void pause() {
    ++rounds;
    if (spinOnly) { // VYRE_WAIT_SPIN: never sleep
      if (cpu)
        std::this_thread::yield(); // the device's workers need the core
      return;
    }
    if (cpu) {
      if (rounds < 16)
        std::this_thread::yield();
      else
        std::this_thread::sleep_for(std::chrono::microseconds(50));
      return;
    }
    if (rounds < 2000)
      return; // spin
    if (rounds < 4000)
      std::this_thread::yield();
    else
      std::this_thread::sleep_for(std::chrono::microseconds(20));
  }

private:
  bool cpu, spinOnly;
  uint64_t rounds = 0;
};

} // namespace vyre

#endif // VYRE_RUNTIME_HOSTMEMORY_H
