//===- IoApi.cpp - the C API of GPU-initiated IO -----------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// IO sources, the IO error log and the IO counts: argument checks, then
// vyre_kernel's members (KernelIo.cpp).
//
//===----------------------------------------------------------------------===//

#include "Error.h"
#include "Kernel.h"

using namespace vyre;

extern "C" vyre_status vyre_kernel_add_io_file(vyre_kernel *k, uint32_t source,
                                               const char *path) {
  REQUIRE(k && path, VYRE_ERROR_INVALID_ARGUMENT, "kernel or path is NULL");
  return k->addIoFile(source, path, false);
}

extern "C" vyre_status vyre_kernel_add_io_file_direct(vyre_kernel *k,
                                                      uint32_t source,
                                                      const char *path) {
  REQUIRE(k && path, VYRE_ERROR_INVALID_ARGUMENT, "kernel or path is NULL");
  return k->addIoFile(source, path, true);
}

extern "C" vyre_status vyre_kernel_add_io_memory(vyre_kernel *k,
                                                 uint32_t source,
                                                 const void *data,
                                                 uint64_t bytes) {
  REQUIRE(k && (data || !bytes), VYRE_ERROR_INVALID_ARGUMENT,
          "kernel or data is NULL");
  IoSource s;
  s.kind = IoSource::Kind::Memory;
  s.data = static_cast<const uint8_t *>(data);
  s.size = bytes;
  return k->addIoSource(source, std::move(s));
}

extern "C" vyre_status vyre_kernel_add_io_callback(vyre_kernel *k,
                                                   uint32_t source,
                                                   vyre_io_read_fn read,
                                                   void *user) {
  REQUIRE(k && read, VYRE_ERROR_INVALID_ARGUMENT,
          "kernel or read callback is NULL");
  IoSource s;
  s.kind = IoSource::Kind::Callback;
  s.read = read;
  s.user = user;
  return k->addIoSource(source, std::move(s));
}

extern "C" vyre_status vyre_kernel_read_io_errors(vyre_kernel *k,
                                                  vyre_io_error *out,
                                                  uint32_t capacity,
                                                  uint32_t *count) {
  REQUIRE(k && count && (out || !capacity), VYRE_ERROR_INVALID_ARGUMENT,
          "kernel, out or count is NULL");
  *count = k->io.takeErrors(out, capacity);
  return ok();
}

extern "C" vyre_status vyre_kernel_io_stats(const vyre_kernel *k,
                                            vyre_io_stats *out) {
  REQUIRE(k && out, VYRE_ERROR_INVALID_ARGUMENT, "kernel or out is NULL");
  *out = k->io.stats();
  return ok();
}
