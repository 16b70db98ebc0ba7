// sync: a read a client sends after its sync sees every write acknowledged (to anyone) before the
// sync was sent, on every server.
//
// A learner forwards the sync to the leader in a REQUEST, in order with the session's writes.
// The leader's PrepRequestProcessor takes it in turn and remembers lastProposed; once that has
// committed it sends SYNC to the learner, after the COMMITs on the same FIFO channel
// (Leader.processSync / sendSync). The learner then answers the oldest sync it forwarded once it
// has applied every txn committed before the SYNC arrived (FollowerZooKeeperServer.sync hands it
// to the CommitProcessor behind them). A write acknowledged before the sync was sent was
// committed before the leader read the sync, so it is at or below lastProposed then, provided
// that this leader was still the leader: no successor had committed anything yet.
//
// ZooKeeper takes that for granted: a leader cut off from its followers keeps leading until its
// next ping round finds no quorum (up to syncLimit), and answers syncs meanwhile (at once, for
// its own connections) from a state missing what its successor has acknowledged. Here the leader
// answers a sync only after a round of PINGs to its learners, sent when the sync is prepared, has
// been echoed by a quorum (etcd's ReadIndex). The argument: a successor commits only after a
// quorum has left this leader's epoch (ACKEPOCH), a participant that has left never echoes this
// leader again, and any two quorums share a participant; so if a quorum echoed a PING sent after
// the sync was prepared, nothing was committed in a later epoch before that. The leader also
// answers its own connections' syncs only once everything proposed before them has been applied
// here, where ZooKeeper answers at once.
#include <algorithm>

#include "impl/core/check.h"
#include "impl/server/zk_server.h"

namespace zab::server {

void ZkServer::on_sync_prepared(const PrepItem& item) {
  const bool round = !cfg_.bugs.has(Bug::kSyncWithoutQuorumRound);
  if (round) step_peer(PingLearners{});
  // Built in place: GCC 12 reports a false -Wstringop-overread on moving a small_vector.
  auto& sync = layer_.leader_syncs.emplace_back();
  sync.origin = item.origin;
  sync.wait_for = peer_.leading->last_proposed;
  if (round) {
    cfg_.participants().for_each([&](NodeId sid) {
      if (sid == peer_.self) return;
      const auto* h = peer_.leading->learners.find(sid);
      const bool broadcast = h && h->stage == HandlerStage::kForwarding;
      sync.echoes_due.put(sid, broadcast ? h->unechoed_pings : 1);
    });
  }
  release_leader_syncs();
}

// Leader: `from` echoed a PING.
void ZkServer::on_ping_echo(NodeId from) {
  if (layer_.leader_syncs.empty()) return;
  for (auto& sync : layer_.leader_syncs)
    if (auto* due = sync.echoes_due.find(from); due && *due > 0) *due -= 1;
  release_leader_syncs();
}

// Leader: the syncs whose wait is over, in the order they were prepared (their waits end in that
// order too: a later sync waits for a later zxid and for at least as many echoes).
void ZkServer::release_leader_syncs() {
  auto& waiting = layer_.leader_syncs;
  size_t done = 0;
  for (; done < waiting.size(); ++done) {
    const LeaderSync& sync = waiting[done];
    if (sync.wait_for > peer_.leading->last_committed) break;
    SidSet confirmed;
    confirmed.insert(peer_.self);
    for (const auto& [sid, due] : sync.echoes_due)
      if (due == 0) confirmed.insert(sid);
    if (!cfg_.is_quorum(confirmed) && !cfg_.bugs.has(Bug::kSyncWithoutQuorumRound)) break;
    if (sync.origin != peer_.self) {
      if (peer_.leading->learners.contains(sync.origin)) send(sync.origin, SyncReply{});
      continue;
    }
    // One of the leader's own connections: the oldest of its syncs not yet answered here.
    for (auto& s : layer_.syncs) {
      if (s.ready_at) continue;
      s.ready_at = sync.wait_for;
      break;
    }
  }
  waiting.erase(waiting.begin(), waiting.begin() + static_cast<std::ptrdiff_t>(done));
  release_syncs();
}

// Learner: SYNC answers the oldest forwarded sync; it is ready once every txn committed so far
// (applied, or waiting in the apply stage) has been applied here.
void ZkServer::on_sync_reply() {
  auto it = std::find_if(layer_.syncs.begin(), layer_.syncs.end(),
                         [](const PendingSync& s) { return !s.ready_at; });
  if (it == layer_.syncs.end()) return;  // a SYNC for a sync sent before a role change
  it->ready_at =
      peer_.apply_queue.empty() ? peer_.last_processed : peer_.apply_queue.back()->zxid();
  release_syncs();
}

// Answers every sync that has become ready (with the requests queued behind it), and forgets the
// ready syncs of connections that are gone.
void ZkServer::release_syncs() {
  std::vector<ClientId> ready;
  for (const auto& s : layer_.syncs)
    if (s.ready_at && *s.ready_at <= peer_.last_processed && s.client != ClientId{})
      ready.push_back(s.client);
  auto& syncs = layer_.syncs;
  syncs.erase(std::remove_if(syncs.begin(), syncs.end(),
                             [&](const PendingSync& s) {
                               return s.client == ClientId{} && s.ready_at &&
                                      *s.ready_at <= peer_.last_processed;
                             }),
              syncs.end());
  for (const ClientId client : ready)
    advance(client);
}

// The connection's oldest sync (the one at the head of its queue, if any) is ready.
bool ZkServer::sync_ready(ClientId client) const {
  for (const auto& s : layer_.syncs)
    if (s.client == client) return s.ready_at && *s.ready_at <= peer_.last_processed;
  return false;
}

void ZkServer::remove_sync(ClientId client) {
  auto it = std::find_if(layer_.syncs.begin(), layer_.syncs.end(),
                         [&](const PendingSync& s) { return s.client == client; });
  ZK_ASSERT(it != layer_.syncs.end());
  layer_.syncs.erase(it);
}

}  // namespace zab::server
