// What the small models of the search tests share: a parse that finds the enabled action by its
// name, as the world and the spec do with their own action lists.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace zab::search::testing {

template <class M>
std::optional<typename M::Action> parse_by_name(const M& m, const typename M::State& s,
                                                std::string_view line) {
  std::vector<typename M::Action> enabled;
  m.actions(s, enabled);
  for (const auto& x : enabled)
    if (m.name(s, x) == line) return x;
  return std::nullopt;
}

}  // namespace zab::search::testing
