//===- FileReader.cpp - a file source's reads: pread, or O_DIRECT -*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "FileReader.h"

#include <cerrno>
#include <cstring>
#include <unistd.h>

using namespace vyre;

namespace {

/// pread until `bytes` are in or the file ends; how many came.
ssize_t readFully(int fd, uint8_t *to, uint64_t bytes, uint64_t offset,
                  int32_t &code) {
  uint64_t done = 0;
  while (done < bytes) {
    ssize_t got = pread(fd, to + done, bytes - done, off_t(offset + done));
    if (got < 0 && errno == EINTR)
      continue;
    if (got < 0) {
      code = errno;
      return -1;
    }
    if (got == 0)
      break;
    done += uint64_t(got);
  }
  return ssize_t(done);
}

std::string failure(uint64_t done, uint32_t bytes, uint64_t offset,
                    const std::string &path, int32_t code, bool direct) {
  return "read " + std::to_string(done) + " of " + std::to_string(bytes) +
         " bytes at offset " + std::to_string(offset) + " of " + path +
         (direct ? " (direct IO)" : "") + ": " +
         (code ? std::strerror(code) : "the file ends first");
}

} // namespace

bool FileReader::read(int fd, bool direct, const std::string &path,
                      uint64_t offset, uint8_t *to, uint32_t bytes,
                      int32_t &code, std::string &message) {
  if (direct)
    return readDirect(fd, path, offset, to, bytes, code, message);
  code = 0;
  ssize_t got = readFully(fd, to, bytes, offset, code);
  if (got == ssize_t(bytes))
    return true;
  message = failure(got < 0 ? 0 : uint64_t(got), bytes, offset, path, code,
                    false);
  return false;
}

bool FileReader::readDirect(int fd, const std::string &path, uint64_t offset,
                            uint8_t *to, uint32_t bytes, int32_t &code,
                            std::string &message) {
  const uint64_t a = kDirectAlignment;
  uint64_t first = offset / a * a;
  uint64_t span = (offset + bytes + a - 1) / a * a - first;
  uint8_t *buffer = bounceOf(span);
  code = 0;
  if (!buffer) {
    code = ENOMEM;
    message = failure(0, bytes, offset, path, code, true);
    return false;
  }
  // A short read at the file's end is whole blocks up to it, then the
  // rest: enough if it covers the request.
  ssize_t got = readFully(fd, buffer, span, first, code);
  uint64_t need = offset - first + bytes;
  if (got >= 0 && uint64_t(got) >= need) {
    std::memcpy(to, buffer + (offset - first), bytes);
    return true;
  }
  uint64_t have = got > ssize_t(offset - first) ? uint64_t(got) - (offset - first) : 0;
  message = failure(got < 0 ? 0 : have, bytes, offset, path, code, true);
  return false;
}

uint8_t *FileReader::bounceOf(uint64_t bytes) {
  if (bytes > capacity) {
    void *p = nullptr;
    if (posix_memalign(&p, kDirectAlignment, bytes))
      return nullptr;
    bounce.reset(static_cast<uint8_t *>(p));
    capacity = bytes;
  }
  return bounce.get();
}
