#include "checker/world/disk.h"

#include <fmt/format.h>

#include "checker/search/model.h"

namespace zab::check::disk {

void issue(ServerSlot& slot, DiskWrite write) {
  slot.unsynced.push_back(std::move(write));
}

bool sync(ServerSlot& slot) {
  if (slot.unsynced.empty()) return slot.blocked();  // nothing to flush: returns at once
  slot.held.push_back(Effect{Sync{}});
  return true;
}

server::ServerEffects complete_fsync(ServerSlot& slot) {
  const bool barrier = slot.blocked() && std::holds_alternative<Effect>(slot.held.front()) &&
                       std::holds_alternative<Sync>(std::get<Effect>(slot.held.front()));
  if (!barrier) throw search::CheckerFailure("fsync completed with no Sync pending");
  for (const auto& w : slot.unsynced)
    apply_write(slot.disk, w);
  slot.unsynced.clear();
  server::ServerEffects rest(std::make_move_iterator(slot.held.begin() + 1),
                             std::make_move_iterator(slot.held.end()));
  slot.held.clear();
  return rest;
}

void crash(ServerSlot& slot, size_t keep) {
  if (keep > slot.unsynced.size())
    throw search::CheckerFailure(
        fmt::format("a crash keeps {} of {} unsynced writes", keep, slot.unsynced.size()));
  for (size_t i = 0; i < keep; ++i)
    apply_write(slot.disk, slot.unsynced[i]);
  slot.unsynced.clear();
  slot.held.clear();
}

}  // namespace zab::check::disk
