#include "impl/quorum/config.h"

#include <fmt/format.h>

#include <algorithm>

namespace zab {

SidSet QuorumConfig::participants() const {
  SidSet out;
  for (const auto& s : servers)
    if (s.type == LearnerType::kParticipant) out.insert(s.sid);
  return out;
}

SidSet QuorumConfig::observers() const {
  SidSet out;
  for (const auto& s : servers)
    if (s.type == LearnerType::kObserver) out.insert(s.sid);
  return out;
}

SidSet QuorumConfig::members() const {
  SidSet out;
  for (const auto& s : servers)
    out.insert(s.sid);
  return out;
}

const ServerSpec* QuorumConfig::find(NodeId sid) const {
  for (const auto& s : servers)
    if (s.sid == sid) return &s;
  return nullptr;
}

bool QuorumConfig::is_quorum(SidSet voters) const {
  const auto all = participants();
  int count = 0;
  all.for_each([&](NodeId id) { count += voters.contains(id) ? 1 : 0; });
  return 2 * count > all.size();
}

std::optional<std::string> QuorumConfig::validate() const {
  if (servers.empty()) return "the ensemble has no servers";
  if (participants().empty()) return "the ensemble has no participants (only observers)";
  SidSet seen;
  for (const auto& s : servers) {
    if (!valid(s.sid))
      return fmt::format("server id {} is out of range 1..{}", s.sid.value, kMaxServers);
    if (seen.contains(s.sid)) return fmt::format("server id {} appears twice", s.sid.value);
    seen.insert(s.sid);
  }
  if (!std::is_sorted(servers.begin(), servers.end(),
                      [](const auto& a, const auto& b) { return a.sid < b.sid; }))
    return "servers must be sorted by id";
  if (counter_bits < 2 || counter_bits > 32)
    return fmt::format("zxid counter width {} is outside 2..32 bits", counter_bits);
  if (tick_time_ms == 0) return "tickTime must be positive";
  if (init_limit_ticks == 0 || sync_limit_ticks == 0)
    return "initLimit and syncLimit must be positive";
  if (committed_log_max == 0) return "the committed log must hold at least one proposal";
  if (snap_count == 1) return "snapCount must be 0 (never snapshot) or at least 2";
  for (const uint32_t roll : snap_rolls)
    if (roll >= std::max<uint32_t>(snap_count / 2, 1))
      return fmt::format("snapshot roll {} is not below snapCount / 2 = {}", roll, snap_count / 2);
  return std::nullopt;
}

QuorumConfig make_config(int participants, int observers) {
  QuorumConfig cfg;
  for (int i = 1; i <= participants + observers; ++i) {
    ServerSpec spec;
    spec.sid = NodeId{static_cast<uint8_t>(i)};
    spec.type = i <= participants ? LearnerType::kParticipant : LearnerType::kObserver;
    cfg.servers.push_back(spec);
  }
  return cfg;
}

}  // namespace zab
