// Leadership properties: one leader per epoch, and votes that settle.
#include <fmt/format.h>

#include "properties/catalogue.h"

namespace zab::props {

// Zab's Leadership / the TLA+ specs' "at most one established leader per epoch".
Finding single_leader_per_epoch(const check::World&, const check::Action*,
                                const check::World& after) {
  const auto& est = after.ghost().established;
  for (size_t i = 0; i < est.size(); ++i)
    for (size_t j = i + 1; j < est.size(); ++j)
      if (est[i].first == est[j].first)
        return fmt::format("{} and {} both established leadership of epoch {}",
                           to_string(est[i].second), to_string(est[j].second),
                           est[i].first.value);
  return std::nullopt;
}

// SandTable's NoVoteCircle: within one round a server never comes back to a vote it left.
Finding no_vote_cycle(const check::World&, const check::Action*, const check::World& after) {
  for (const NodeId id : after.ids()) {
    const auto& votes = after.server(id).round_votes;
    for (size_t i = 0; i + 1 < votes.size(); ++i)
      if (votes[i] == votes.back())
        return fmt::format("{} went back to vote {} in round {}", to_string(id),
                           to_string(votes.back()),
                           after.server(id).peer.election.logical_clock);
  }
  return std::nullopt;
}

}  // namespace zab::props
