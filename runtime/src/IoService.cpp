//===- IoService.cpp - serving the device's IO requests ----------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "IoService.h"
#include "HostMemory.h"
#include "vyre/ABI/RingABI.h"

#include <chrono>
#include <cstring>
#include <unistd.h>

using namespace vyre;

namespace {
using Clock = std::chrono::steady_clock;
constexpr size_t kKeptErrors = 256;
} // namespace

IoService::~IoService() {
  stop();
  for (auto &entry : sources)
    if (entry.second.fd >= 0)
      close(entry.second.fd);
}

bool IoService::add(uint32_t number, IoSource source, std::string &why) {
  std::lock_guard<std::mutex> guard(lock);
  if (sources.count(number)) {
    why = "IO source " + std::to_string(number) +
          " is already registered; each source number is added once";
    return false;
  }
  sources.emplace(number, std::move(source));
  return true;
}

void IoService::start(IoTarget t) {
  if (worker.joinable())
    return;
  target = std::move(t);
  stopping.store(false);
  worker = std::thread([this] { run(); });
}

void IoService::stop() {
  if (!worker.joinable())
    return;
  stopping.store(true);
  worker.join();
}

void IoService::run() {
  Backoff idle(target.cpuDevice);
  while (true) {
    bool served;
    {
      std::lock_guard<std::mutex> guard(serving);
      served = serveNext();
    }
    if (served) {
      idle = Backoff(target.cpuDevice);
      continue;
    }
    // Stopping: whatever the device queued before it stopped is served
    // first (the loop above ran until the queue was empty).
    if (stopping.load())
      return;
    idle.pause();
  }
}

bool IoService::serveNext() {
  uint8_t *entry =
      target.queue + (cursor % target.entries) * VYRE_IO_ENTRY_BYTES;
  if (!loadAcquire(entry))
    return false;
  auto start = Clock::now();
  uint32_t words[VYRE_IO_ENTRY_WORDS];
  std::memcpy(words, entry, sizeof words);
  // The entry is free again once copied: cleared before IO_FREED moves,
  // so a lane's next write to it lands after the clear.
  storeRelease(entry, uint8_t(0));
  ++cursor;
  storeRelease(target.freedWord, uint32_t(cursor));
  flushWriteCombining();
  uint32_t slot = words[VYRE_IO_WORD_SLOT];
  int32_t code = 0;
  std::string message;
  bool served = read(words, code, message);
  if (!served)
    logError(words, code, message);
  if (slot < target.slots) {
    uint32_t *line = target.ring + uint64_t(slot) * VYRE_SLOT_WORDS;
    // The device asked for this slot after its publisher wrote it.
    deviceOrderedBefore(line);
    // The bytes reach the buffer before the status that says so.
    flushWriteCombining();
    storeRelease(line, VYRE_STATUS_PUBLISHED |
                           (served ? VYRE_STATUS_RESUMED
                                   : VYRE_STATUS_IO_FAILED));
    deviceOrdersAfter(line); // the reap, on another thread, comes after
    target.republished();
  }
  double us = std::chrono::duration<double, std::micro>(Clock::now() - start)
                  .count();
  std::lock_guard<std::mutex> guard(lock);
  totals.requests += 1;
  totals.bytes += served ? words[VYRE_IO_WORD_BYTES] : 0;
  totals.service_us_mean += us; // a sum until stats() divides it
  totals.service_us_max = std::max(totals.service_us_max, us);
  return true;
}

bool IoService::read(const uint32_t *w, int32_t &code, std::string &message) {
  uint32_t n = w[VYRE_IO_WORD_BUFFER], first = w[VYRE_IO_WORD_ELEMENT];
  uint32_t bytes = w[VYRE_IO_WORD_BYTES];
  uint64_t offset = uint64_t(w[VYRE_IO_WORD_OFFSET_HI]) << 32 |
                    w[VYRE_IO_WORD_OFFSET_LO];
  if (w[VYRE_IO_WORD_SLOT] >= target.slots) {
    message = "the request names slot " + std::to_string(w[VYRE_IO_WORD_SLOT]) +
              ", past the ring's " + std::to_string(target.slots);
    return false;
  }
  if (n >= target.buffers.size() || !target.buffers[n].first) {
    message = "the request names user buffer " + std::to_string(n) +
              ", which the kernel does not have";
    return false;
  }
  auto [words, elements] = target.buffers[n];
  if (bytes % 4 || first > elements || bytes / 4 > elements - first) {
    message = "the request writes " + std::to_string(bytes) +
              " bytes from element " + std::to_string(first) +
              " of a buffer of " + std::to_string(elements) + " elements";
    return false;
  }
  IoSource source;
  {
    std::lock_guard<std::mutex> guard(lock);
    auto it = sources.find(w[VYRE_IO_WORD_SOURCE]);
    if (it == sources.end()) {
      message = "no IO source " + std::to_string(w[VYRE_IO_WORD_SOURCE]) +
                " is registered; add it (a file, host memory or a callback) "
                "before the kernel asks for it";
      return false;
    }
    source = it->second;
  }
  uint8_t *to = reinterpret_cast<uint8_t *>(words + first);
  switch (source.kind) {
  case IoSource::Kind::Memory:
    if (offset > source.size || bytes > source.size - offset) {
      message = "bytes " + std::to_string(offset) + ".." +
                std::to_string(offset + bytes) + " are past the end of the " +
                std::to_string(source.size) + "-byte memory source";
      return false;
    }
    std::memcpy(to, source.data + offset, bytes);
    return true;
  case IoSource::Kind::File:
    return files.read(source.fd, source.direct, source.path, offset, to, bytes,
                      code, message);
  case IoSource::Kind::Callback:
    code = source.read(source.user, offset, to, bytes);
    if (code) {
      message = "the source's read callback returned " + std::to_string(code);
      return false;
    }
    return true;
  }
  return false;
}

void IoService::logError(const uint32_t *w, int32_t code,
                         const std::string &message) {
  vyre_io_error e{};
  e.slot = w[VYRE_IO_WORD_SLOT];
  e.ticket = e.slot < target.slots ? target.ticketOf(e.slot) : 0;
  e.source = w[VYRE_IO_WORD_SOURCE];
  e.buffer = w[VYRE_IO_WORD_BUFFER];
  e.element = w[VYRE_IO_WORD_ELEMENT];
  e.offset = uint64_t(w[VYRE_IO_WORD_OFFSET_HI]) << 32 |
             w[VYRE_IO_WORD_OFFSET_LO];
  e.bytes = w[VYRE_IO_WORD_BYTES];
  e.code = code;
  std::snprintf(e.message, sizeof e.message, "%s", message.c_str());
  std::lock_guard<std::mutex> guard(lock);
  totals.errors += 1;
  errors.push_back(e);
  if (errors.size() > kKeptErrors)
    errors.pop_front();
}

uint32_t IoService::takeErrors(vyre_io_error *out, uint32_t capacity) {
  std::lock_guard<std::mutex> guard(lock);
  uint32_t n = 0;
  for (; n < capacity && !errors.empty(); ++n) {
    out[n] = errors.front();
    errors.pop_front();
  }
  return n;
}

vyre_io_stats IoService::stats() const {
  std::lock_guard<std::mutex> guard(lock);
  vyre_io_stats s = totals;
  if (s.requests)
    s.service_us_mean /= double(s.requests);
  return s;
}
