// Exhaustive search of the simulated world: the explorers of checker/search over WorldModel,
// with the properties to check given in the options (the safety catalogue by default).
#pragma once

#include <string>
#include <vector>

#include "checker/explore/world_model.h"
#include "checker/search/search.h"

namespace zab::check {

using search::current_rss_bytes;
using search::Cut;
using search::Deepening;
using search::LivenessResult;
using search::Progress;
using SearchResult = search::SearchResult<Action>;
using StateGraph = search::StateGraph<Action>;

struct SearchOptions : search::SearchOptions {
  props::PropertySet properties = props::PropertySet::all_safety();
};

SearchResult bfs(const World& start, const SearchOptions& options);
SearchResult dfs(const World& start, const SearchOptions& options);
// Depth-first rounds with a growing depth bound (checker/search/deepening.h); options.depth_max
// is ignored.
SearchResult iterative_deepening(const World& start, const SearchOptions& options);

// The canonical names of `trace` replayed from `start` (a trace may end with the step that
// trips an assertion).
std::vector<std::string> name_trace(const World& start, const std::vector<Action>& trace);

// Every property violated at the last step of `trace` (a search stops at the first one it
// checks), or the assertion the last step tripped.
std::vector<props::Violation> violations_at_end(const World& start,
                                                const std::vector<Action>& trace,
                                                const props::PropertySet& properties);

}  // namespace zab::check
