// Liveness: leader-eventually's goal and eligibility (the graph check is checker/search's).
#include <vector>

#include "properties/catalogue.h"

namespace zab::props {

bool leader_established_now(const World& w) {
  for (const NodeId id : w.ids()) {
    const auto& s = w.server(id);
    if (s.up && s.peer.is_established_leader()) return true;
  }
  return false;
}

// TigerBeetle's liveness phase: once the faults stop (a heal may still happen: it only helps),
// a connected quorum must make progress.
bool quorum_connected_and_no_fault_left(const World& w) {
  std::vector<check::Action> enabled;
  w.actions(enabled);
  for (const auto& a : enabled)
    if (check::is_fault(a) && !std::holds_alternative<check::Heal>(a)) return false;
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

}  // namespace zab::props
