#include "checker/search/liveness.h"

#include <fmt/format.h>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>

namespace zab::search {

LivenessResult check_eventually(const StateGraphCore& graph, size_t property) {
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
  const uint32_t bit = uint32_t{1} << property;
  const size_t n = graph.fingerprints.size();
  Graph g(n);
  for (const auto& [from, to] : graph.edges)
    boost::add_edge(from, to, g);
  std::vector<int> component(n);
  const int count = boost::strong_components(g, component.data());

  // Condense, then decide "can reach a goal" for each component after all its successors:
  // Kahn's algorithm over the reversed condensation (sinks first).
  const auto components = static_cast<size_t>(count);
  std::vector<std::vector<uint32_t>> members(components);
  for (uint32_t v = 0; v < n; ++v)
    members[static_cast<size_t>(component[v])].push_back(v);
  std::vector<std::vector<int>> successors(components), predecessors(components);
  for (const auto& [from, to] : graph.edges) {
    const int a = component[from], b = component[to];
    if (a == b) continue;
    successors[static_cast<size_t>(a)].push_back(b);
    predecessors[static_cast<size_t>(b)].push_back(a);
  }
  std::vector<size_t> pending(components);
  std::vector<int> ready;
  for (size_t c = 0; c < components; ++c) {
    pending[c] = successors[c].size();
    if (pending[c] == 0) ready.push_back(static_cast<int>(c));
  }
  std::vector<bool> reaches(components, false);
  while (!ready.empty()) {
    const auto c = static_cast<size_t>(ready.back());
    ready.pop_back();
    bool r = false;
    for (uint32_t v : members[c])
      r = r || (graph.goal[v] & bit) || !graph.expanded[v];
    for (int s : successors[c])
      r = r || reaches[static_cast<size_t>(s)];
    reaches[c] = r;
    for (int p : predecessors[c])
      if (--pending[static_cast<size_t>(p)] == 0) ready.push_back(p);
  }

  LivenessResult result;
  result.components = static_cast<uint64_t>(count);
  for (uint32_t v = 0; v < n; ++v)
    result.unexplored += graph.expanded[v] ? 0 : 1;
  for (uint32_t v = 0; v < n; ++v) {
    if (!(graph.eligible[v] & bit)) continue;
    result.eligible += 1;
    if (reaches[static_cast<size_t>(component[v])]) continue;
    result.stuck += 1;
    if (!result.witness) result.witness = v;  // nodes are in BFS order: the shallowest
  }
  result.holds = result.stuck == 0;
  return result;
}

std::string to_dot(const StateGraphCore& graph, const LivenessResult* liveness) {
  std::string out = "digraph states {\n  node [shape=circle, label=\"\", width=0.15];\n";
  for (uint32_t v = 0; v < graph.fingerprints.size(); ++v) {
    std::string style;
    if (graph.goal[v] & 1u) style = "style=filled, fillcolor=\"#4c9a2a\"";
    if (liveness && liveness->witness == v) style = "style=filled, fillcolor=red, width=0.3";
    if (v == 0) style = "shape=doublecircle, width=0.25";
    out += fmt::format("  s{} [{}];\n", v, style);
  }
  for (const auto& [from, to] : graph.edges)
    out += fmt::format("  s{} -> s{};\n", from, to);
  return out + "}\n";
}

}  // namespace zab::search
