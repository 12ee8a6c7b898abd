//===- KernelIo.cpp - a kernel's IO sources and service ----------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// What ties a kernel to its IoService: the sources, checked against the
// kernel, and the service's view of the kernel's buffers (IoTarget).
//
//===----------------------------------------------------------------------===//

#include "Error.h"
#include "Kernel.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace vyre;

vyre_status vyre_kernel::addIoSource(uint32_t number, IoSource source) {
  REQUIRE(manifest.ioEntries, VYRE_ERROR_STATE,
          "kernel \"" + manifest.kernel +
              "\" makes no IO requests (none of its handlers uses "
              "vyre.io_read), so it has no IO sources");
  std::string why;
  if (!io.add(number, std::move(source), why))
    return fail(VYRE_ERROR_INVALID_ARGUMENT, why);
  return ok();
}

vyre_status vyre_kernel::addIoFile(uint32_t number, const char *path,
                                   bool direct) {
  int fd = open(path, O_RDONLY | O_CLOEXEC | (direct ? O_DIRECT : 0));
  // A file system without direct IO (tmpfs, some overlays) refuses the
  // flag at open: say so, and what to use instead.
  REQUIRE(fd >= 0 || !direct || errno != EINVAL, VYRE_ERROR_INVALID_ARGUMENT,
          std::string("the file system of IO source file ") + path +
              " does not support direct IO (O_DIRECT); add it with "
              "vyre_kernel_add_io_file, which reads through the page cache");
  REQUIRE(fd >= 0, VYRE_ERROR_INVALID_ARGUMENT,
          std::string("cannot open IO source file ") + path + ": " +
              std::strerror(errno));
  struct stat st {};
  fstat(fd, &st);
  IoSource s;
  s.kind = IoSource::Kind::File;
  s.path = path;
  s.fd = fd;
  s.direct = direct;
  s.size = uint64_t(st.st_size);
  vyre_status status = addIoSource(number, s);
  if (status != VYRE_OK)
    close(fd);
  return status;
}

void vyre_kernel::startIo() {
  if (!manifest.ioEntries || io.running())
    return;
  IoTarget t;
  t.queue = completions.bytes() + vyre_io_queue_offset(manifest.slots);
  t.entries = manifest.ioEntries;
  t.freedWord = control.words + VYRE_CTRL_IO_FREED;
  t.ring = ring.words;
  t.slots = manifest.slots;
  for (UserBuffer &u : users) {
    uint32_t n = u.info.binding - VYRE_BINDING_USER_BASE;
    if (t.buffers.size() <= n)
      t.buffers.resize(n + 1, {nullptr, 0});
    t.buffers[n] = {u.mapped.words, u.length};
  }
  t.ticketOf = [this](uint32_t s) { return slotTable.record(s).ticket; };
  t.republished = [this] {
    flushWriteCombining();
    ringDoorbell(nextBell());
  };
  t.cpuDevice = runtime->isCpu();
  io.start(std::move(t));
}
