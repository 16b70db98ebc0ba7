// Recording the reachable state graph during BFS (for liveness and DOT export).
#pragma once

#include <optional>
#include <unordered_map>
#include <vector>

#include "checker/explore/search.h"

namespace zab::check {

struct GraphEdge {
  uint32_t source;  // index within its level's frontier
  uint64_t target;  // fingerprint
  Action via;
};

// Whether `w` has an established leader, and whether it is a state the liveness property
// constrains: no fault can still happen (budgets spent) and a quorum of participants is up and
// pairwise connected.
bool has_established_leader(const World& w);
bool liveness_eligible(const World& w);

class GraphRecorder {
 public:
  // Nodes arrive level by level, in frontier order. `parent` indexes the previous level.
  void add_node(const World& w, std::optional<uint32_t> parent, Action via, uint32_t parent_level);
  // Transitions out of the states of `level` (targets must already be nodes).
  void add_edges(const std::vector<GraphEdge>& edges, uint32_t level);
  // The state at `index` of `level` had its transitions explored.
  void mark_expanded(uint32_t level, uint32_t index);
  StateGraph finish();

 private:
  StateGraph graph_;
  std::unordered_map<uint64_t, uint32_t> node_of_;
  std::vector<uint32_t> level_base_;  // first node index of each level
};

}  // namespace zab::check
