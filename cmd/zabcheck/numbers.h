// Figures as a person reads them in a summary: 1,373,101.
#pragma once

#include <cstdint>
#include <string>

namespace zab::check {

inline std::string with_commas(uint64_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3)
    s.insert(static_cast<size_t>(i), ",");
  return s;
}

}  // namespace zab::check
