//===- RequeuePolicy.cpp - when requeued slots go to the interpreter ------===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "RequeuePolicy.h"

#include <algorithm>

using namespace vyre;

bool RequeuePolicy::handOverNow(size_t waiting, uint32_t inFlight,
                                uint32_t ringSlots,
                                Clock::time_point now) const {
  if (waiting == 0)
    return false;
  uint32_t enough = threshold ? threshold : std::max(1u, ringSlots / 4);
  if (waiting >= enough)
    return true;
  // Every slot in flight is requeued: the fused variant has nothing left
  // to serve, and waiting longer only delays these.
  if (waiting >= inFlight)
    return true;
  return maxWaitUs && now - oldest > std::chrono::microseconds(maxWaitUs);
}
