#include <unistd.h>

#include <fstream>

#include "checker/explore/search.h"
#include "impl/core/check.h"

namespace zab::check {

std::string_view to_string(Cut cut) {
  switch (cut) {
    case Cut::kNone:
      return "";
    case Cut::kStateMax:
      return "state-max";
    case Cut::kStopped:
      return "stopped";
    case Cut::kOutOfMemory:
      return "out-of-memory";
  }
  return "?";
}

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

std::vector<props::Violation> violations_at_end(const World& start,
                                                const std::vector<Action>& trace,
                                                const props::PropertySet& properties) {
  if (trace.empty()) return properties.check_all(nullptr, nullptr, start);
  World before = start;
  for (size_t i = 0; i + 1 < trace.size(); ++i)
    before.perform(trace[i]);
  World after = before;
  try {
    after.perform(trace.back());
  } catch (const AssertionFailure& e) {
    return {props::Violation{"assertion", e.what()}};
  }
  return properties.check_all(&before, &trace.back(), after);
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
