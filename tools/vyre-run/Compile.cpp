//===- Compile.cpp - vyre-run's compile of a .mlir kernel -------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "Compile.h"
#include "Cli.h"

#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace vyre::run {
namespace {

std::string directoryOf(const std::string &path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

/// The tool next to this executable, else the one on PATH.
std::string findTool(const char *argv0, const char *name) {
  char self[4096];
  ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
  std::string dir = n > 0 ? directoryOf(std::string(self, n)) : directoryOf(argv0);
  std::string beside = dir + "/" + name;
  if (access(beside.c_str(), X_OK) == 0)
    return beside;
  return name;
}

/// Runs argv without a shell; dies with the tool's name on failure.
void runTool(const std::vector<std::string> &argv) {
  pid_t pid = fork();
  if (pid == 0) {
    std::vector<char *> args;
    for (const std::string &a : argv)
      args.push_back(const_cast<char *>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    std::fprintf(stderr, "vyre-run: cannot run %s\n", args[0]);
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    die(argv[0] + " failed on " + argv[1] + " (its message is above)");
}

} // namespace

Compiled compileKernel(const char *argv0, const std::string &source,
                       const std::string &dir, const std::string &stem,
                       const std::string &pipeline) {
  Compiled c{dir + "/" + stem + ".spv", dir + "/" + stem + ".json"};
  // vyre-compile writes the binary and its manifest (and validates the
  // binary) in one step; the lowered module is kept for a reader.
  runTool({findTool(argv0, "vyre-compile"), source, pipeline, "-o", c.spv,
           "--manifest", c.manifest, "--keep-lowered",
           dir + "/" + stem + ".spirv.mlir"});
  return c;
}

/// --jit: profile, compile in a child process while the interpreter
/// serves, then add the fused kernel as a variant and swap it in.

} // namespace vyre::run
