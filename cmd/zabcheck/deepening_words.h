// How `check --dfs` and `spec --dfs` word a depth-first search's bounds: the bound in a progress
// line, and the iterative deepening's last round in the summary and in JSON.
#pragma once

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "checker/search/deepening.h"
#include "checker/search/search.h"
#include "cmd/zabcheck/numbers.h"

namespace zab::check {

// " | bound 24" for a progress line of a depth-bounded search, "" for any other.
inline std::string progress_bound(const search::Progress& p) {
  return p.bound > 0 ? fmt::format(" | bound {:>3}", p.bound) : "";
}

// "iterative deepening: complete at depth 48 (6 rounds)", "... violation found with bound 24,
// after the whole space to depth 16 (3 rounds)" or "... stopped during bound 40, after the whole
// space to depth 32 (5 rounds)", and how many states a shorter path made it expand again.
inline std::string deepening_words(const search::Deepening& d, bool violated, uint64_t reexpanded) {
  const int covered = search::previous_deepening_bound(d.bound);
  const std::string before =
      covered > 0 ? fmt::format(", after the whole space to depth {}", covered) : "";
  const std::string what = d.complete ? fmt::format("complete at depth {}", d.bound)
                           : violated
                               ? fmt::format("violation found with bound {}{}", d.bound, before)
                               : fmt::format("stopped during bound {}{}", d.bound, before);
  return fmt::format(
      "iterative deepening: {} ({} round{}, {} states expanded again by a shorter "
      "path)",
      what, d.rounds, d.rounds == 1 ? "" : "s", with_commas(reexpanded));
}

// The JSON "deepening" value: null, or {"bound": n, "rounds": n, "complete": bool}.
inline nlohmann::json deepening_json(const std::optional<search::Deepening>& d) {
  if (!d) return nullptr;
  return nlohmann::json{{"bound", d->bound}, {"rounds", d->rounds}, {"complete", d->complete}};
}

}  // namespace zab::check
