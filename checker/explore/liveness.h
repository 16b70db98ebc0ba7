// leader-eventually over the recorded state graph: every eligible state (no fault can happen any
// more, a live connected quorum) must be able to reach a state with an established leader.
// States a bound cut off (never expanded) are given the benefit of the doubt, so a bounded run
// can miss a liveness violation but never reports a false one; `unexplored` says how many.
// The graph is condensed into strongly connected components (Boost.Graph); "can reach a
// leader" is then propagated over the condensation in reverse topological order, so cycles
// (servers electing and stepping down forever) are handled exactly.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "checker/explore/search.h"

namespace zab::check {

struct LivenessResult {
  bool holds = true;
  uint64_t eligible = 0;      // states the property constrains
  uint64_t stuck = 0;         // eligible states that cannot reach a leader
  uint64_t components = 0;    // strongly connected components
  uint64_t unexplored = 0;    // states cut off by a bound: assumed able to reach a leader
  std::optional<uint32_t> witness;  // a stuck state (the shallowest), as a graph node
};

LivenessResult check_leader_eventually(const StateGraph& graph);

// The actions from the start state to graph node `node` along the BFS tree.
std::vector<Action> path_to_node(const StateGraph& graph, uint32_t node);

// The graph in Graphviz DOT: leader states filled, stuck states red, edges labelled when small.
std::string to_dot(const StateGraph& graph, const LivenessResult* liveness, const World& start);

}  // namespace zab::check
