// Agreement on the delivered history: prefix agreement, total order, replica consistency and
// monotonic zxids.
#include <fmt/format.h>

#include "properties/catalogue.h"
#include "properties/history.h"

namespace zab::props {

// The Zab paper's Agreement / PrefixConsistency over servers in broadcast.
Finding prefix_agreement(const World&, const Action*, const World& after) {
  const auto& ids = after.ids();
  for (size_t i = 0; i < ids.size(); ++i) {
    const auto& a = after.server(ids[i]);
    if (!serving(a)) continue;
    for (size_t j = i + 1; j < ids.size(); ++j) {
      const auto& b = after.server(ids[j]);
      if (!serving(b)) continue;
      if (!a.peer.applied.is_prefix_of(b.peer.applied) &&
          !b.peer.applied.is_prefix_of(a.peer.applied))
        return fmt::format("delivered histories diverge: {} vs {}",
                           history_of(ids[i], a.peer.applied), history_of(ids[j], b.peer.applied));
    }
  }
  return std::nullopt;
}

// Zab's TotalOrder: two txns delivered by two servers are delivered in the same order.
Finding total_order(const World&, const Action*, const World& after) {
  const auto& ids = after.ids();
  for (size_t i = 0; i < ids.size(); ++i) {
    const auto& a = after.server(ids[i]);
    if (!serving(a)) continue;
    const auto mine = a.peer.applied.entries();
    for (size_t j = 0; j < ids.size(); ++j) {
      const auto& b = after.server(ids[j]);
      if (i == j || !serving(b)) continue;
      // Positions in b of the txns a delivered; they must increase along a's order.
      const auto theirs = b.peer.applied.entries();
      long last = -1;
      for (const auto& txn : mine) {
        long at = -1;
        for (size_t k = 0; k < theirs.size(); ++k)
          if (same_txn(theirs[k], txn)) at = static_cast<long>(k);
        if (at < 0) continue;
        if (at < last)
          return fmt::format("{} and {} delivered {} in different orders", to_string(ids[i]),
                             to_string(ids[j]), to_string(txn->zxid()));
        last = at;
      }
    }
  }
  return std::nullopt;
}

// Servers that claim the same last processed zxid hold the same state (ZooKeeper's digest check).
Finding replica_consistency(const World&, const Action*, const World& after) {
  const auto& ids = after.ids();
  for (size_t i = 0; i < ids.size(); ++i) {
    const auto& a = after.server(ids[i]);
    if (!serving(a)) continue;
    for (size_t j = i + 1; j < ids.size(); ++j) {
      const auto& b = after.server(ids[j]);
      if (!serving(b) || a.peer.last_processed != b.peer.last_processed) continue;
      if (a.peer.image->fingerprint() != b.peer.image->fingerprint())
        return fmt::format("{} and {} both processed up to {} but hold different state ({} vs {})",
                           to_string(ids[i]), to_string(ids[j]), to_string(a.peer.last_processed),
                           a.peer.image->describe(), b.peer.image->describe());
    }
  }
  return std::nullopt;
}

// Each server delivers strictly increasing zxids, and a leader's new zxids carry its epoch.
Finding zxid_monotonic(const World& before, const Action*, const World& after) {
  for (const NodeId id : after.ids()) {
    const auto& was = before.server(id);
    const auto& now = after.server(id);
    if (!was.up || !now.up) continue;
    const auto& old_hist = was.peer.applied;
    const auto& new_hist = now.peer.applied;
    if (new_hist.size() > old_hist.size() && old_hist.is_prefix_of(new_hist)) {
      Zxid last = old_hist.last_zxid();
      const auto all = new_hist.entries();
      for (size_t k = old_hist.size(); k < all.size(); ++k) {
        if (all[k]->zxid() <= last)
          return fmt::format("{} delivered {} after {}", to_string(id), to_string(all[k]->zxid()),
                             to_string(last));
        last = all[k]->zxid();
      }
    }
    if (was.peer.leading && now.peer.leading && now.peer.leading->epoch == was.peer.leading->epoch &&
        now.peer.leading->last_proposed != was.peer.leading->last_proposed) {
      const Zxid z = now.peer.leading->last_proposed;
      if (z.epoch() != now.peer.leading->epoch || z <= was.peer.leading->last_proposed)
        return fmt::format("leader {} of epoch {} proposed {} after {}", to_string(id),
                           now.peer.leading->epoch.value, to_string(z),
                           to_string(was.peer.leading->last_proposed));
    }
  }
  return std::nullopt;
}

}  // namespace zab::props
