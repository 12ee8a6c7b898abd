//===- manifest.cpp - fuzzing the runtime's manifest reader ------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// Any text: parseManifest returns true with a manifest that passes its own
// consistency check, or false with a message. Never a crash, a hang or an
// allocation sized by the input (ASan's limit catches one).
//
//===----------------------------------------------------------------------===//

#include "Manifest.h"

#include <cstdio>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string text(reinterpret_cast<const char *>(data), size);
  vyre::Manifest m;
  std::string error;
  if (vyre::parseManifest(text, m, error)) {
    std::string again;
    if (!vyre::checkManifestConsistency(m, again)) {
      std::fprintf(stderr, "accepted an inconsistent manifest: %s\n",
                   again.c_str());
      std::abort();
    }
  } else if (error.empty()) {
    std::fprintf(stderr, "refused a manifest without saying why\n");
    std::abort();
  }
  return 0;
}
