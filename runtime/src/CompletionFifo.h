//===- CompletionFifo.h - completions collected before a reap ----*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// A publisher's completions collected before a reap asked for them: quota
// faults, and the slots a publish found finished at its queue's head and
// freed. A power-of-two ring in one array: a publish into a running kernel
// collects most of the slots it reuses this way, and a std::deque's push
// and pop per slot, and the copy of each completion in and out, were on
// that path (docs/benchmarks.md, the seventh round).
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_RUNTIME_COMPLETIONFIFO_H
#define VYRE_RUNTIME_COMPLETIONFIFO_H

#include "vyre/runtime.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

namespace vyre {

class CompletionFifo {
public:
  bool empty() const { return head == tail; }
  uint64_t size() const { return tail - head; }
  void clear() { head = tail = 0; }

  /// The next entry, to be filled in place before the next push.
  vyre_completion &push() {
    if (tail - head == entries.size())
      grow();
    return entries[tail++ & (entries.size() - 1)];
  }

  /// Moves up to `capacity` of the oldest entries into `out`; how many.
  uint32_t take(vyre_completion *out, uint32_t capacity) {
    uint32_t n = uint32_t(std::min<uint64_t>(capacity, size()));
    for (uint32_t done = 0; done < n;) { // at most two runs: the array wraps
      size_t at = size_t(head & (entries.size() - 1));
      size_t run = std::min<size_t>(n - done, entries.size() - at);
      std::memcpy(out + done, &entries[at], run * sizeof(vyre_completion));
      done += uint32_t(run);
      head += run;
    }
    if (empty())
      clear(); // the next pushes start at the array's front again
    return n;
  }

private:
  // Out of line: the reap's inlined per-slot path keeps only the test.
  [[gnu::noinline]] void grow() {
    std::vector<vyre_completion> bigger(std::max<size_t>(256, 2 * entries.size()));
    uint64_t n = size();
    for (uint64_t i = 0; i < n; ++i)
      bigger[i] = entries[(head + i) & (entries.size() - 1)];
    entries.swap(bigger);
    head = 0;
    tail = n;
  }

  std::vector<vyre_completion> entries; // size 0 or a power of two
  uint64_t head = 0, tail = 0;
};

} // namespace vyre

#endif // VYRE_RUNTIME_COMPLETIONFIFO_H
