//===- IoModel.cpp - CPU model of vyre.io_read and its service ---*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "IoModel.h"

#include <cstring>

using namespace vyre;

void IoModel::addMemorySource(uint32_t id, std::vector<uint8_t> memory) {
  sources[id] = std::move(memory);
}

IoModel::Outcome IoModel::read(uint64_t ticket, uint32_t source,
                               uint64_t offset, uint32_t bytes,
                               std::vector<uint32_t> &buffer, uint32_t first) {
  // The lowering: whole elements, at least one, first <= length and
  // words <= length - first, in 32 bits as the device compares them.
  const uint32_t length = uint32_t(buffer.size()), words = bytes / 4;
  if (bytes % 4 || !bytes || first > length || words > length - first)
    return Outcome::OutOfBounds;
  // The service: a registered source with the bytes inside it.
  ++requestCount;
  auto it = sources.find(source);
  if (it == sources.end() || offset > it->second.size() ||
      bytes > it->second.size() - offset) {
    failures.push_back({ticket, source, offset, bytes});
    return Outcome::IoError;
  }
  std::memcpy(buffer.data() + first, it->second.data() + offset, bytes);
  served += bytes;
  return Outcome::Served;
}
