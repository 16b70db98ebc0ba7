#include "impl/core/ids.h"

#include <fmt/format.h>

namespace zab {

std::string to_string(NodeId id) { return fmt::format("n{}", id.value); }
std::string to_string(Epoch epoch) { return fmt::format("{}", epoch.value); }
std::string to_string(Zxid zxid) {
  return fmt::format("<{},{}>", zxid.epoch().value, zxid.counter());
}
std::string to_string(const SidSet& set) {
  std::string out = "{";
  set.for_each([&](NodeId id) {
    if (out.size() > 1) out += ",";
    out += to_string(id);
  });
  return out + "}";
}

}  // namespace zab
