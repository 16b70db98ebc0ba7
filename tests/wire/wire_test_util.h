// Helpers for the wire tests: golden bytes are written as hex with spaces and '|' between the
// groups a comment explains.
#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>

#include "impl/core/check.h"

namespace zab::wire::test {

// "0000 0001 | 2f" -> the bytes; spaces and '|' are ignored.
inline std::string unhex(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (c != ' ' && c != '|' && c != '\n') digits.push_back(c);
  }
  ZK_ASSERT_MSG(digits.size() % 2 == 0, std::string(text));
  std::string out;
  for (size_t i = 0; i < digits.size(); i += 2)
    out.push_back(static_cast<char>(std::stoi(digits.substr(i, 2), nullptr, 16)));
  return out;
}

inline std::string hex(std::string_view bytes) {
  std::string out;
  for (unsigned char c : bytes)
    out += fmt::format("{:02x}", c);
  return out;
}

// ASCII text as hex, for golden vectors that spell a path.
inline std::string ascii(std::string_view text) {
  return hex(text);
}

}  // namespace zab::wire::test
