//===- Json.cpp - a small JSON reader for ABI manifests ----------*- C++ -*-===//
//
// Part of the vyre project, under the Apache License v2.0 with LLVM
// Exceptions. See LICENSE.TXT for license information.
//
//===----------------------------------------------------------------------===//

#include "Json.h"

#include <cctype>
#include <cstdlib>

using namespace vyre::json;

const Value *Value::find(const std::string &key) const {
  if (kind != Kind::Object)
    return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &it->second;
}

namespace {
class Parser {
public:
  explicit Parser(const std::string &text) : text(text) {}

  bool parseDocument(Value &out, std::string &error) {
    skipSpace();
    if (!parseValue(out, 0))
      return fail(error);
    skipSpace();
    if (pos != text.size()) {
      message = "unexpected trailing characters";
      return fail(error);
    }
    return true;
  }

private:
  bool fail(std::string &error) {
    error = message + " at byte " + std::to_string(pos);
    return false;
  }
  void skipSpace() {
    while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos])))
      ++pos;
  }
  bool expect(char c) {
    skipSpace();
    if (pos < text.size() && text[pos] == c) {
      ++pos;
      return true;
    }
    message = std::string("expected '") + c + "'";
    return false;
  }
  bool literal(const char *word) {
    size_t n = std::char_traits<char>::length(word);
    if (text.compare(pos, n, word) != 0) {
      message = std::string("expected ") + word;
      return false;
    }
    pos += n;
    return true;
  }

  bool parseString(std::string &out) {
    if (!expect('"'))
      return false;
    while (pos < text.size() && text[pos] != '"') {
      char c = text[pos++];
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos >= text.size())
        break;
      char e = text[pos++];
      switch (e) {
      case '"': case '\\': case '/': out += e; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        if (pos + 4 > text.size()) {
          message = "truncated \\u escape";
          return false;
        }
        unsigned code = std::strtoul(text.substr(pos, 4).c_str(), nullptr, 16);
        pos += 4;
        // Manifests are ASCII; keep BMP code points as UTF-8.
        if (code < 0x80) {
          out += char(code);
        } else if (code < 0x800) {
          out += char(0xC0 | (code >> 6));
          out += char(0x80 | (code & 0x3F));
        } else {
          out += char(0xE0 | (code >> 12));
          out += char(0x80 | ((code >> 6) & 0x3F));
          out += char(0x80 | (code & 0x3F));
        }
        break;
      }
      default:
        message = "bad escape in string";
        return false;
      }
    }
    if (pos >= text.size()) {
      message = "unterminated string";
      return false;
    }
    ++pos;
    return true;
  }

  bool parseValue(Value &out, int depth) {
    if (depth > 64) {
      message = "nesting too deep";
      return false;
    }
    skipSpace();
    if (pos >= text.size()) {
      message = "unexpected end of input";
      return false;
    }
    char c = text[pos];
    if (c == '{') {
      ++pos;
      out.kind = Value::Kind::Object;
      skipSpace();
      if (pos < text.size() && text[pos] == '}') {
        ++pos;
        return true;
      }
      while (true) {
        std::string key;
        skipSpace();
        if (!parseString(key) || !expect(':'))
          return false;
        if (!parseValue(out.object[key], depth + 1))
          return false;
        skipSpace();
        if (pos < text.size() && text[pos] == ',') {
          ++pos;
          continue;
        }
        return expect('}');
      }
    }
    if (c == '[') {
      ++pos;
      out.kind = Value::Kind::Array;
      skipSpace();
      if (pos < text.size() && text[pos] == ']') {
        ++pos;
        return true;
      }
      while (true) {
        out.array.emplace_back();
        if (!parseValue(out.array.back(), depth + 1))
          return false;
        skipSpace();
        if (pos < text.size() && text[pos] == ',') {
          ++pos;
          continue;
        }
        return expect(']');
      }
    }
    if (c == '"') {
      out.kind = Value::Kind::String;
      return parseString(out.string);
    }
    if (c == 't' || c == 'f') {
      out.kind = Value::Kind::Bool;
      out.boolean = c == 't';
      return literal(c == 't' ? "true" : "false");
    }
    if (c == 'n') {
      out.kind = Value::Kind::Null;
      return literal("null");
    }
    if (c == '-' || std::isdigit(static_cast<unsigned char>(c))) {
      size_t start = pos++;
      while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])))
        ++pos;
      if (pos < text.size() && (text[pos] == '.' || text[pos] == 'e' || text[pos] == 'E')) {
        message = "manifests hold integers only";
        return false;
      }
      out.kind = Value::Kind::Number;
      out.number = std::strtoll(text.substr(start, pos - start).c_str(), nullptr, 10);
      return true;
    }
    message = std::string("unexpected character '") + c + "'";
    return false;
  }

  const std::string &text;
  size_t pos = 0;
  std::string message;
};
} // namespace

bool vyre::json::parse(const std::string &text, Value &out, std::string &error) {
  return Parser(text).parseDocument(out, error);
}
