// A server's disk as the world interprets the Persist and Sync effects (impl/quorum/effects.h,
// points 2, 3 and 8 of the contract): a write is issued in order and durable only once a later
// Sync completes; a Sync with something unsynced is a barrier that holds every later effect of
// the server until the fsync event; a crash keeps the synced writes and a prefix of the others.
#pragma once

#include <cstddef>

#include "checker/world/server_slot.h"

namespace zab::check::disk {

// A Persist: issued, not yet durable.
void issue(ServerSlot& slot, DiskWrite write);
// A Sync: raises the barrier (held[0]) when something is unsynced; a Sync with nothing to flush
// completes at once. Returns whether the server is now blocked.
bool sync(ServerSlot& slot);
// The fsync event: every issued write becomes durable, the barrier falls, and the effects it
// held are returned, in order, for the world to run.
server::ServerEffects complete_fsync(ServerSlot& slot);
// A crash keeps the synced writes and the first `keep` unsynced ones; nothing held survives.
void crash(ServerSlot& slot, size_t keep);

}  // namespace zab::check::disk
