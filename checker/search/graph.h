// Recording the reachable state graph during BFS (for liveness and DOT export).
#pragma once

#include <optional>
#include <unordered_map>
#include <vector>

#include "checker/search/liveness.h"
#include "checker/search/model.h"

namespace zab::search {

template <class Action>
struct GraphEdge {
  uint32_t source;  // index within its level's frontier
  uint64_t target;  // fingerprint
  Action via;
};

template <Model M>
class GraphRecorder {
  using Action = typename M::Action;

 public:
  explicit GraphRecorder(const M& model) : model_(model) {}
  // Nodes arrive level by level, in frontier order. `parent` indexes the previous level.
  void add_node(const typename M::State& state, uint64_t fp, std::optional<uint32_t> parent,
                Action via, uint32_t parent_level) {
    const uint32_t level = parent ? parent_level + 1 : 0;
    if (level_base_.size() <= level)
      level_base_.push_back(static_cast<uint32_t>(graph_.fingerprints.size()));
    const auto index = static_cast<uint32_t>(graph_.fingerprints.size());
    node_of_.emplace(fp, index);
    graph_.fingerprints.push_back(fp);
    const LivenessBits bits = model_.liveness_bits(state);
    graph_.goal.push_back(bits.goal);
    graph_.eligible.push_back(bits.eligible);
    graph_.expanded.push_back(false);
    graph_.parent.push_back(parent ? level_base_[level - 1] + *parent : UINT32_MAX);
    graph_.via.push_back(via);
  }
  // Transitions out of the states of `level` (targets must already be nodes).
  void add_edges(const std::vector<GraphEdge<Action>>& edges, uint32_t level) {
    for (const auto& e : edges) {
      auto it = node_of_.find(e.target);
      if (it == node_of_.end()) throw CheckerFailure("a recorded edge leads to no recorded state");
      graph_.edges.emplace_back(level_base_[level] + e.source, it->second);
    }
  }
  // The state at `index` of `level` had its transitions explored.
  void mark_expanded(uint32_t level, uint32_t index) {
    graph_.expanded[level_base_[level] + index] = true;
  }
  StateGraph<Action> finish() { return std::move(graph_); }

 private:
  const M& model_;
  StateGraph<Action> graph_;
  std::unordered_map<uint64_t, uint32_t> node_of_;
  std::vector<uint32_t> level_base_;  // first node index of each level
};

}  // namespace zab::search
