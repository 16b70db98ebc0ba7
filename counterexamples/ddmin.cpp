#include "counterexamples/ddmin.h"

#include <algorithm>
#include <cstddef>

namespace zab::cx {

bool ddmin(Lines& lines, const Reproduce& reproduce, const std::function<bool()>& exhausted) {
  const size_t start = lines.size();
  size_t n = 2;
  while (!lines.empty() && !exhausted()) {
    const size_t length = lines.size();
    n = std::min(n, length);
    bool reduced = false;
    for (size_t i = 0; i < n && !reduced && !exhausted(); ++i) {
      const size_t begin = i * length / n, end = (i + 1) * length / n;
      Lines candidate(lines.begin(), lines.begin() + static_cast<std::ptrdiff_t>(begin));
      candidate.insert(candidate.end(), lines.begin() + static_cast<std::ptrdiff_t>(end),
                       lines.end());
      auto taken = reproduce(candidate);
      // The lenient replay may stop early, never run longer: only a shorter trace is progress.
      if (taken && taken->size() < length) {
        lines = std::move(*taken);
        reduced = true;
      }
    }
    if (reduced) {
      n = std::max<size_t>(n - 1, 2);
      continue;
    }
    if (n >= length) break;
    n = std::min(n * 2, length);
  }
  return lines.size() < start;
}

}  // namespace zab::cx
