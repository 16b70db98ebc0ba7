// Durability of committed transactions: what a client was told is committed survives every
// crash and every change of leader.
#include <fmt/format.h>

#include "properties/catalogue.h"
#include "properties/history.h"

namespace zab::props {

// Leader log completeness (the NJU specs' leaderLogCompleteness): every established leader of a
// later epoch holds every committed txn (acknowledged to a client, or in an earlier leader's
// initial history). "Never truncated away" is read the same way: a learner may truncate a
// committed txn that it logged but its leader has not applied yet, because the leader's TRUNC
// decision looks at its committed log (applied proposals) while the txn waits in toBeApplied,
// and startForwarding sends it again in the same sync. That is ZooKeeper's real behaviour, so a
// transient truncation is not a violation; a leader without the txn is.
Finding committed_never_lost(const World&, const Action*, const World& after) {
  const auto& acked = after.ghost().committed;
  if (acked.empty()) return std::nullopt;
  for (const NodeId id : after.ids()) {
    const auto& now = after.server(id);
    if (now.up && now.peer.is_established_leader()) {
      const Epoch epoch = now.peer.leading->epoch;
      for (const auto& txn : acked) {
        if (txn->zxid().epoch() >= epoch) continue;
        const auto held = now.peer.applied.find(txn->zxid());
        if (!held || !same_txn(held, txn))
          return fmt::format("leader {} of epoch {} lacks committed {}: {}", to_string(id),
                             epoch.value, to_string(txn->zxid()),
                             history_of(id, now.peer.applied));
      }
    }
  }
  return std::nullopt;
}

// Zab's PrimaryIntegrity: a leader, when it is established, has delivered every txn committed in
// earlier epochs.
Finding primary_integrity(const World& before, const Action*, const World& after) {
  for (const NodeId id : after.ids()) {
    const auto& now = after.server(id);
    const auto& was = before.server(id);
    if (!now.up || !now.peer.is_established_leader()) continue;
    if (was.up && was.peer.is_established_leader()) continue;  // only at establishment
    const Epoch epoch = now.peer.leading->epoch;
    for (const auto& txn : after.ghost().committed)
      if (txn->zxid().epoch() < epoch && !now.peer.applied.contains(txn->zxid()))
        return fmt::format("{} became leader of epoch {} without committed {}", to_string(id),
                           epoch.value, to_string(txn->zxid()));
  }
  return std::nullopt;
}

// The first ACK a leader reads from a syncing learner is the NEWLEADER ack (the NJU specs'
// ackNewLeaderFirst): an ACK of a proposal first means the learner acked txns it had not
// logged in NEWLEADER order.
Finding first_ack_after_newleader(const World&, const Action*, const World& after) {
  for (const NodeId id : after.ids()) {
    const auto& s = after.server(id);
    if (!s.up || !s.peer.leading) continue;
    const Zxid expected = Zxid::make(s.peer.leading->epoch, 0);
    for (const auto& [sid, h] : s.peer.leading->learners)
      if (h.first_ack_after_newleader && *h.first_ack_after_newleader != expected)
        return fmt::format("leader {} read ACK {} from {} before its NEWLEADER ack {}",
                           to_string(id), to_string(*h.first_ack_after_newleader),
                           to_string(sid), to_string(expected));
  }
  return std::nullopt;
}

}  // namespace zab::props
