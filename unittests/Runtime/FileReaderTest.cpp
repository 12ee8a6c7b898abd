//===- FileReaderTest.cpp - a file source's reads, both ways -----*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// FileReader (runtime/src) on a file of known bytes: every range, aligned
// or not, inside one 4 KiB block or across several, up to the file's end,
// reads the same bytes through pread and through direct IO; a range past
// the end fails the same way on both, with the reason.
//
//===----------------------------------------------------------------------===//

#include "FileReader.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#include <vector>

namespace {

class FileReaderTest : public ::testing::Test {
protected:
  static constexpr uint32_t kBytes = 10000; // two blocks and a partial one
  void SetUp() override {
    char name[] = "/var/tmp/vyre-file-reader-XXXXXX"; // tmpfs has no O_DIRECT
    int fd = mkstemp(name);
    ASSERT_GE(fd, 0);
    path = name;
    for (uint32_t i = 0; i < kBytes; ++i)
      bytes.push_back(uint8_t(i * 7 + i / 251));
    ASSERT_EQ(write(fd, bytes.data(), kBytes), ssize_t(kBytes));
    close(fd);
    buffered = open(name, O_RDONLY);
    direct = open(name, O_RDONLY | O_DIRECT);
    directMissing = direct < 0 && errno == EINVAL;
    unlink(name);
    ASSERT_GE(buffered, 0);
  }
  void TearDown() override {
    if (buffered >= 0)
      close(buffered);
    if (direct >= 0)
      close(direct);
  }
  /// Reads [offset, offset + n) both ways: both must succeed with the
  /// file's bytes.
  void expectBothRead(uint64_t offset, uint32_t n) {
    for (bool d : {false, true}) {
      std::vector<uint8_t> got(n, 0xEE);
      int32_t code = -1;
      std::string message;
      ASSERT_TRUE(reader.read(d ? direct : buffered, d, path, offset,
                              got.data(), n, code, message))
          << (d ? "direct " : "pread ") << offset << "+" << n << ": " << message;
      EXPECT_EQ(0, std::memcmp(got.data(), bytes.data() + offset, n))
          << (d ? "direct " : "pread ") << offset << "+" << n;
    }
  }
  vyre::FileReader reader;
  std::string path;
  std::vector<uint8_t> bytes;
  int buffered = -1, direct = -1;
  bool directMissing = false;
};

TEST_F(FileReaderTest, DirectIoReadsWhatPreadReads) {
  if (directMissing)
    GTEST_SKIP() << "/var/tmp's file system has no direct IO here";
  ASSERT_GE(direct, 0);
  expectBothRead(0, 4);
  expectBothRead(5, 27);          // unaligned, inside block 0
  expectBothRead(4090, 12);       // across blocks 0 and 1
  expectBothRead(4096, 4096);     // one whole block
  expectBothRead(100, 9000);      // three blocks, the bounce buffer grows
  expectBothRead(9990, 10);       // the partial last block, to the end
  expectBothRead(0, kBytes);      // all of it
  expectBothRead(8192, 4);        // the bounce buffer, smaller again
}

TEST_F(FileReaderTest, PastTheEndFailsTheSameWayBothWays) {
  if (directMissing)
    GTEST_SKIP() << "/var/tmp's file system has no direct IO here";
  for (bool d : {false, true})
    for (auto [offset, n] : {std::pair<uint64_t, uint32_t>{9990, 20},
                             {kBytes, 4}, {uint64_t(1) << 40, 32}}) {
      std::vector<uint8_t> got(n);
      int32_t code = -1;
      std::string message;
      EXPECT_FALSE(reader.read(d ? direct : buffered, d, path, offset,
                               got.data(), n, code, message))
          << offset << "+" << n;
      EXPECT_EQ(code, 0) << message;
      EXPECT_NE(message.find("the file ends first"), std::string::npos)
          << message;
      EXPECT_EQ(message.find("direct IO") != std::string::npos, d) << message;
    }
}

} // namespace
