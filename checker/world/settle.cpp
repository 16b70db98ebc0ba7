// settle-election (WorldConfig::settle_elections): one canonical schedule of a whole election.
#include <unordered_set>

#include "checker/world/world.h"

namespace zab::check {

// Notifications in channel order, finalizeWait when none is deliverable, until nothing is left
// or the exchange comes back to a state it has been in: a LOOKING participant and a
// non-LOOKING observer answer each other for as long as the election cannot decide
// (FLE.WorkerReceiver answers every non-voter, and a non-LOOKING server answers every LOOKING
// one), and only a timer or a quorum event ends that, as in ZooKeeper.
void World::settle_election() {
  std::unordered_set<uint64_t> seen{fingerprint()};
  for (int step = 0; step < 10000; ++step) {
    const InFlight* next = nullptr;
    for (const auto& m : network_.in_flight())
      if (m.kind == Channel::kElection && deliverable(m.from, m.to, m.kind)) {
        next = &m;
        break;
      }
    if (next) {
      const NodeId from = next->from, to = next->to;
      const Envelope env = next->env;
      network_.pop(from, to, Channel::kElection);
      step_peer(to, Receive{from, *env.msg});
      if (!seen.insert(fingerprint()).second) return;
      continue;
    }
    bool fired = false;
    for (const NodeId id : *ids_) {
      const auto& s = *servers_[id.value];
      if (!s.up || s.blocked() || !s.timers.armed(TimerKind::kElectionFinalize)) continue;
      mutable_server(id).timers.disarm(TimerKind::kElectionFinalize);
      step_peer(id, TimerFired{TimerKind::kElectionFinalize});
      fired = true;
      break;
    }
    if (!fired) return;
  }
  throw search::CheckerFailure("an election did not settle within 10000 steps");
}

}  // namespace zab::check
