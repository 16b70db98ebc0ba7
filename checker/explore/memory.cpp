#include <fstream>

#include <unistd.h>

#include "checker/explore/search.h"
#include "impl/core/check.h"

namespace zab::check {

uint64_t current_rss_bytes() {
  std::ifstream statm("/proc/self/statm");
  uint64_t size = 0, resident = 0;
  if (!(statm >> size >> resident)) return 0;
  return resident * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

double SearchResult::collision_probability() const {
  // TLC: n * (m - n) / 2^64 for n distinct states out of m generated.
  const double n = static_cast<double>(distinct);
  const double m = static_cast<double>(generated);
  return m > n ? n * (m - n) / 18446744073709551616.0 : 0.0;
}

std::vector<std::string> name_trace(const World& start, const std::vector<Action>& trace) {
  World world = start;
  std::vector<std::string> names;
  for (const auto& a : trace) {
    names.push_back(world.name(a));
    try {
      world.perform(a);
    } catch (const AssertionFailure&) {
      break;  // a trace may end with the step that trips an assertion
    }
  }
  return names;
}

}  // namespace zab::check
