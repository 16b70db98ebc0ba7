// Liveness ("eventually") properties over the recorded state graph: every eligible state must be
// able to reach a goal state. States a bound cut off (never expanded) are given the benefit of
// the doubt, so a bounded run can miss a liveness violation but never reports a false one;
// `unexplored` says how many. The graph is condensed into strongly connected components
// (Boost.Graph); "can reach a goal" is then propagated over the condensation in reverse
// topological order, so cycles (servers electing and stepping down forever) are handled exactly.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace zab::search {

// The reachable state graph, when recorded: node i is the i-th distinct state in BFS order.
struct StateGraphCore {
  std::vector<uint64_t> fingerprints;
  std::vector<std::pair<uint32_t, uint32_t>> edges;
  // Per node, bit i for the model's liveness property i: the node is a goal state / a state the
  // property constrains.
  std::vector<uint32_t> goal;
  std::vector<uint32_t> eligible;
  std::vector<bool> expanded;    // its transitions were explored (not cut off by a bound)
  std::vector<uint32_t> parent;  // BFS tree, for paths
};

template <class Action>
struct StateGraph : StateGraphCore {
  std::vector<Action> via;  // the action from the parent
};

struct LivenessResult {
  std::string property;  // the liveness property's id
  // False when the search stopped short (a stop request, out of memory): a half-built graph
  // would prove nothing, so nothing else is filled.
  bool checked = true;
  bool holds = true;
  uint64_t eligible = 0;            // states the property constrains
  uint64_t stuck = 0;               // eligible states that cannot reach a goal
  uint64_t components = 0;          // strongly connected components
  uint64_t unexplored = 0;          // states cut off by a bound: assumed able to reach a goal
  std::optional<uint32_t> witness;  // a stuck state (the shallowest), as a graph node
};

// The verdict of the model's liveness property `property` (a bit index of goal / eligible).
LivenessResult check_eventually(const StateGraphCore& graph, size_t property);

// The actions from the start state to graph node `node` along the BFS tree.
template <class Action>
std::vector<Action> path_to_node(const StateGraph<Action>& graph, uint32_t node) {
  std::vector<Action> path;
  while (graph.parent[node] != UINT32_MAX) {
    path.push_back(graph.via[node]);
    node = graph.parent[node];
  }
  std::reverse(path.begin(), path.end());
  return path;
}

// The graph in Graphviz DOT: goal states of the first liveness property filled, a stuck state
// red.
std::string to_dot(const StateGraphCore& graph, const LivenessResult* liveness);

}  // namespace zab::search
