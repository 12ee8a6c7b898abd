//===- FileReader.h - a file source's reads: pread, or O_DIRECT --*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// The IO service's reads of a file source. Buffered: pread into the
// destination, through the page cache. Direct (O_DIRECT, for
// vyre_kernel_add_io_file_direct): the device reads the whole aligned
// blocks that hold the request into an aligned bounce buffer, and the
// request's bytes are copied out; nothing goes through the page cache.
// Direct pays for data read once or larger than the host's memory (no
// copy kept, no other data evicted); it loses for small hot rows, each a
// device read of a whole block (docs/benchmarks.md, "GPU-initiated IO").
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_RUNTIME_FILEREADER_H
#define VYRE_RUNTIME_FILEREADER_H

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

namespace vyre {

class FileReader {
public:
  /// O_DIRECT's alignment of offsets, lengths and memory: 4096 serves
  /// every common block device (512-byte ones included).
  static constexpr uint64_t kDirectAlignment = 4096;

  /// `bytes` bytes at `offset` of `fd` (opened as `path`, for messages)
  /// into `to`: through the page cache, or, if `direct`, through the
  /// bounce buffer. False with errno (0 if the file ends first) in `code`
  /// and the reason in `message`.
  bool read(int fd, bool direct, const std::string &path, uint64_t offset,
            uint8_t *to, uint32_t bytes, int32_t &code, std::string &message);

private:
  bool readDirect(int fd, const std::string &path, uint64_t offset,
                  uint8_t *to, uint32_t bytes, int32_t &code,
                  std::string &message);
  /// An aligned buffer of at least `bytes`; null if none can be had.
  uint8_t *bounceOf(uint64_t bytes);

  struct Free {
    void operator()(uint8_t *p) const { std::free(p); }
  };
  std::unique_ptr<uint8_t, Free> bounce;
  uint64_t capacity = 0;
};

} // namespace vyre

#endif // VYRE_RUNTIME_FILEREADER_H
