// One server of the world: its process (the quorum core and the server layer, valid while up),
// its data directory split into what is synced and what is not, its armed timers, and a little
// ghost state for the properties.
#pragma once

#include "checker/world/cow.h"
#include "checker/world/timers.h"
#include "impl/core/hasher.h"
#include "impl/quorum/state.h"
#include "impl/server/zk_server.h"

namespace zab::check {

struct ServerSlot {
  bool up = false;
  PeerState peer;                // valid while up
  DurableState disk;             // what a crash keeps for sure (world/disk.h)
  SmallVec<DiskWrite> unsynced;  // issued but not yet synced, in order (a crash keeps a prefix)
  SmallVec<server::ServerEffect, 1> held;  // effects waiting for an fsync; held[0] is that Sync
  Cow<server::ServerLayer> layer;          // clients, pipeline, sessions, watches (volatile)
  Timers timers;                           // armed timers (world/timers.h)
  // Ghost: the votes this server proposed in its current election round, in order
  // (no-vote-cycle). Empty when it is not LOOKING.
  SmallVec<Vote> round_votes;
  ZK_FIELDS(up, peer, disk, unsynced, held, layer, timers, round_votes)
  bool blocked() const { return !held.empty(); }
  bool timer_armed(TimerKind t) const { return timers.armed(t); }
};

}  // namespace zab::check
