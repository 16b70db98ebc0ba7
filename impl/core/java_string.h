// Java's String.trim(), for text ZooKeeper trims before it compares: every char <= ' ' (controls
// included) is white space to it.
#pragma once

#include <string_view>

namespace zab {

inline bool java_is_space(char c) {
  return static_cast<unsigned char>(c) <= ' ';
}

inline std::string_view java_trim(std::string_view s) {
  while (!s.empty() && java_is_space(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && java_is_space(s.back()))
    s.remove_suffix(1);
  return s;
}

}  // namespace zab
