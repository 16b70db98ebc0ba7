// The explorers instantiated for the world: the one place the generic search code meets
// WorldModel.
#include <fmt/format.h>

#include "checker/explore/random_walk.h"
#include "checker/explore/search.h"
#include "checker/search/bfs.h"
#include "checker/search/deepening.h"
#include "checker/search/dfs.h"

namespace zab::check {

WorldModel::WorldModel(const props::PropertySet& properties) : properties_(&properties) {
  for (const auto& p : props::all_properties())
    if (p.kind == props::PropertyKind::kLiveness) {
      liveness_.push_back(&p);
      const auto& selected = properties.properties();
      checked_.push_back(std::find(selected.begin(), selected.end(), &p) != selected.end());
    }
}

search::LivenessBits WorldModel::liveness_bits(const World& s) const {
  search::LivenessBits bits;
  for (size_t i = 0; i < liveness_.size(); ++i) {
    const auto& e = liveness_[i]->eventually;
    if (e.goal(s)) bits.goal |= uint32_t{1} << i;
    if (e.eligible(s)) bits.eligible |= uint32_t{1} << i;
  }
  return bits;
}

std::string WorldModel::eventually_detail(size_t i, uint64_t stuck, uint64_t eligible) const {
  const auto& e = liveness_[i]->eventually;
  return fmt::format("{} of {} states {} can never reach {}", stuck, eligible, e.eligible_words,
                     e.goal_words);
}

SearchResult bfs(const World& start, const SearchOptions& options) {
  return search::bfs(WorldModel(options.properties), start, options);
}

SearchResult dfs(const World& start, const SearchOptions& options) {
  return search::dfs(WorldModel(options.properties), start, options);
}

SearchResult iterative_deepening(const World& start, const SearchOptions& options) {
  return search::iterative_deepening(WorldModel(options.properties), start, options);
}

SimulationResult simulate(const World& start, const RandomWalkOptions& options) {
  return search::simulate(WorldModel(options.properties), start, options);
}

WalkOutcome replay_walk(const World& start, const RandomWalkOptions& options, int walk) {
  return search::replay_walk(WorldModel(options.properties), start, options, walk);
}

std::vector<std::string> name_trace(const World& start, const std::vector<Action>& trace) {
  const props::PropertySet none = props::PropertySet::named({});
  return search::name_trace(WorldModel(none), start, trace);
}

std::vector<props::Violation> violations_at_end(const World& start,
                                                const std::vector<Action>& trace,
                                                const props::PropertySet& properties) {
  if (trace.empty()) return properties.check_all(nullptr, nullptr, start);
  const WorldModel model(properties);
  World before = start;
  for (size_t i = 0; i + 1 < trace.size(); ++i)
    model.perform(before, trace[i]);
  World after = before;
  if (auto v = search::perform_checked(model, after, trace.back())) return {*v};
  return properties.check_all(&before, &trace.back(), after);
}

}  // namespace zab::check
