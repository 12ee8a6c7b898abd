//===- Cli.cpp - vyre-run's errors and output files -------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "Cli.h"
#include "Workload.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>

namespace vyre::run {

[[noreturn]] void die(const std::string &message) {
  std::fprintf(stderr, "vyre-run: error: %s\n", message.c_str());
  std::exit(2);
}

/// The runtime's message with the C calls it names as the flags that do
/// the same here (a vyre-run user calls no C function).
std::string inFlags(std::string message) {
  static const std::pair<const char *, const char *> kFlags[] = {
      {"call vyre_kernel_set_buffer_length", "give --buffer-length NAME=N"},
      {"vyre_kernel_set_buffer_length", "--buffer-length NAME=N"},
      {"vyre_kernel_set_queue_capacities", "--queue-capacities C,H,N,L,I"},
      {"vyre_kernel_set_dispatch_workgroups", "$VYRE_WORKGROUPS"},
      {"vyre_kernel_set_loop_budget", "$VYRE_LOOP_BUDGET"},
      {"vyre_kernel_write_buffer", "--buffer NAME=FILE"}};
  for (const auto &[call, flag] : kFlags)
    for (size_t at; (at = message.find(call)) != std::string::npos;)
      message.replace(at, std::strlen(call), flag);
  return message;
}

void check(vyre_status s, const char *what) {
  if (s != VYRE_OK)
    die(std::string(what) + ": " + inFlags(vyre_last_error()));
}

/// An output file opened before any work runs, so that a path that cannot
/// be written fails at once, with the reason, not after the run.
std::unique_ptr<std::ofstream> openOutput(const std::string &path,
                                          const char *what, const char *flag) {
  if (path.empty())
    return nullptr;
  auto file = std::make_unique<std::ofstream>(path);
  if (!*file)
    die(std::string("cannot write ") + what + " to " + path + ": " +
        std::strerror(errno) + "; give " + flag + " a path you can write");
  return file;
}

/// Closes an output file; a failed write (a full disk) is an error, never
/// a file reported written.
void closeOutput(std::ofstream &file, const std::string &path,
                 const char *what) {
  file.close();
  if (file.fail())
    die(std::string("writing ") + what + " to " + path + " failed: " +
        std::strerror(errno));
}

std::vector<uint32_t> readWords(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    die("cannot read buffer file " + path);
  std::vector<uint32_t> words;
  bool binary = path.size() > 4 && (path.substr(path.size() - 4) == ".u32" ||
                                    path.substr(path.size() - 4) == ".bin");
  if (binary) {
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    if (bytes.size() % 4)
      die(path + ": a binary buffer file must hold whole 4-byte words");
    words.resize(bytes.size() / 4);
    std::memcpy(words.data(), bytes.data(), bytes.size());
    return words;
  }
  std::string token;
  while (in >> token) {
    uint32_t w;
    if (!parseWord(token, w))
      die(path + ": \"" + token + "\" is not a 32-bit integer");
    words.push_back(w);
  }
  return words;
}

double percentile(std::vector<double> &v, double p) {
  if (v.empty())
    return 0;
  size_t i = std::min(v.size() - 1, size_t(p / 100.0 * (v.size() - 1) + 0.5));
  std::nth_element(v.begin(), v.begin() + i, v.end());
  return v[i];
}

} // namespace vyre::run

/// Elements of user buffer `name`; dies naming the buffers if it has none
/// of that name.
uint32_t vyre::run::bufferElements(vyre_kernel *k, const std::string &name) {
  vyre_kernel_info info{};
  check(vyre_kernel_get_info(k, &info), "reading the kernel's info");
  std::string names;
  for (uint32_t i = 0; i < info.user_buffers; ++i) {
    const char *n = nullptr, *type = nullptr;
    uint32_t elements = 0;
    check(vyre_kernel_buffer_info(k, i, &n, &elements, &type), "buffer info");
    if (name == n)
      return elements;
    names += std::string(names.empty() ? "" : ", ") + n;
  }
  die("the kernel has no buffer \"" + name + "\" (its buffers: " +
      (names.empty() ? std::string("none") : names) + ")");
}
