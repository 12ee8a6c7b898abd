//===- Json.h - a small JSON reader for ABI manifests ------------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//
//
// The runtime may depend on Vulkan and the C++ standard library only, so it
// reads manifests with this reader: objects, arrays, strings (with escapes),
// integers, booleans and null; enough for what vyre-translate writes.
//
//===----------------------------------------------------------------------===//

#ifndef VYRE_COMMON_JSON_H
#define VYRE_COMMON_JSON_H

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace vyre::json {

struct Value {
  enum class Kind { Null, Bool, Number, String, Array, Object };
  Kind kind = Kind::Null;
  bool boolean = false;
  int64_t number = 0;
  std::string string;
  std::vector<Value> array;
  std::map<std::string, Value> object;

  const Value *find(const std::string &key) const;
};

/// Parses `text`; on failure returns false and sets `error` to a message
/// naming the byte offset.
bool parse(const std::string &text, Value &out, std::string &error);

} // namespace vyre::json

#endif // VYRE_COMMON_JSON_H
