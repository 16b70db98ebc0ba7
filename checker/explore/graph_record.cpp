#include "checker/explore/graph_record.h"

#include "impl/core/check.h"

namespace zab::check {

bool has_established_leader(const World& w) {
  for (const NodeId id : w.ids()) {
    const auto& s = w.server(id);
    if (s.up && s.peer.is_established_leader()) return true;
  }
  return false;
}

bool liveness_eligible(const World& w) {
  std::vector<Action> enabled;
  w.actions(enabled);
  for (const auto& a : enabled)
    if (is_fault(a) && a.kind != ActionKind::kHeal) return false;
  // Some quorum of participants is up and pairwise connected (at most 7 servers: try subsets).
  const auto& cfg = w.config().quorum;
  std::vector<NodeId> up;
  cfg.participants().for_each([&](NodeId id) {
    if (w.server(id).up) up.push_back(id);
  });
  for (uint32_t mask = 1; mask < (1u << up.size()); ++mask) {
    SidSet members;
    bool connected = true;
    for (size_t i = 0; i < up.size() && connected; ++i) {
      if (!((mask >> i) & 1u)) continue;
      for (size_t j = i + 1; j < up.size(); ++j)
        if (((mask >> j) & 1u) && w.link_cut(up[i], up[j])) connected = false;
      members.insert(up[i]);
    }
    if (connected && cfg.is_quorum(members)) return true;
  }
  return false;
}

void GraphRecorder::add_node(const World& w, std::optional<uint32_t> parent, Action via,
                             uint32_t parent_level) {
  const uint32_t level = parent ? parent_level + 1 : 0;
  if (level_base_.size() <= level) level_base_.push_back(static_cast<uint32_t>(graph_.fingerprints.size()));
  const auto index = static_cast<uint32_t>(graph_.fingerprints.size());
  node_of_.emplace(w.fingerprint(), index);
  graph_.fingerprints.push_back(w.fingerprint());
  graph_.leader.push_back(has_established_leader(w));
  graph_.eligible.push_back(liveness_eligible(w));
  graph_.expanded.push_back(false);
  graph_.parent.push_back(parent ? level_base_[level - 1] + *parent : UINT32_MAX);
  graph_.via.push_back(via);
}

void GraphRecorder::add_edges(const std::vector<GraphEdge>& edges, uint32_t level) {
  for (const auto& e : edges) {
    auto it = node_of_.find(e.target);
    ZK_ASSERT(it != node_of_.end());
    graph_.edges.emplace_back(level_base_[level] + e.source, it->second);
  }
}

void GraphRecorder::mark_expanded(uint32_t level, uint32_t index) {
  graph_.expanded[level_base_[level] + index] = true;
}

StateGraph GraphRecorder::finish() { return std::move(graph_); }

}  // namespace zab::check
