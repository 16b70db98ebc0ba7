// Epochs only move forward, in memory and on disk, across crashes too.
#include <fmt/format.h>

#include "properties/catalogue.h"

namespace zab::props {

Finding epoch_monotonic(const World& before, const Action*, const World& after) {
  for (const NodeId id : after.ids()) {
    const auto& was = before.server(id);
    const auto& now = after.server(id);
    // Durable: what a crash keeps never goes back.
    if (now.disk.accepted_epoch < was.disk.accepted_epoch ||
        now.disk.current_epoch < was.disk.current_epoch)
      return fmt::format("{}'s durable epochs went back: accepted {}->{}, current {}->{}",
                         to_string(id), was.disk.accepted_epoch.value,
                         now.disk.accepted_epoch.value, was.disk.current_epoch.value,
                         now.disk.current_epoch.value);
    if (was.up && now.up &&
        (now.peer.durable.accepted_epoch < was.peer.durable.accepted_epoch ||
         now.peer.durable.current_epoch < was.peer.durable.current_epoch))
      return fmt::format("{}'s epochs went back while running", to_string(id));
    // After recovery: acceptedEpoch >= currentEpoch >= epoch(last logged zxid).
    if (now.up && !was.up) {
      const auto& d = now.peer.durable;
      if (d.accepted_epoch < d.current_epoch || d.current_epoch < now.peer.last_processed.epoch())
        return fmt::format("{} restarted with acceptedEpoch {}, currentEpoch {}, last zxid {}",
                           to_string(id), d.accepted_epoch.value, d.current_epoch.value,
                           to_string(now.peer.last_processed));
    }
  }
  if (!after.ghost().refused_restart.empty())
    return fmt::format("ZooKeeper would refuse to restart {}: its currentEpoch is older than its "
                       "last logged zxid or its acceptedEpoch is below its currentEpoch",
                       to_string(after.ghost().refused_restart));
  return std::nullopt;
}

}  // namespace zab::props
