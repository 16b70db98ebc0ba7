// sync: a read a client sends after its sync sees every write acknowledged (to anyone) before the
// sync was sent, on every server.
//
// A learner forwards the sync to the leader in a REQUEST, in order with the session's writes.
// The leader's PrepRequestProcessor takes it in turn and remembers lastProposed; once that has
// committed it sends SYNC to the learner, after the COMMITs on the same FIFO channel
// (Leader.processSync / sendSync). The learner then answers the oldest sync it forwarded once it
// has applied every txn committed before the SYNC arrived (FollowerZooKeeperServer.sync hands it
// to the CommitProcessor behind them). A write acknowledged before the sync was sent was
// committed before the leader read the sync, so it is at or below lastProposed then.
//
// ZooKeeper answers a sync sent to the leader itself at once, so a read after it may miss a write
// the leader has committed but not yet applied. Here the leader answers it only once everything
// proposed before it has committed and been applied on the leader.
#include <algorithm>

#include "impl/core/check.h"
#include "impl/server/zk_server.h"

namespace zab::server {

void ZkServer::on_sync_prepared(const PrepItem& item) {
  const Zxid wait_for = peer_.leading->last_proposed;
  if (item.origin != peer_.self) {
    layer_.learner_syncs.push_back(LearnerSync{item.origin, wait_for});
    release_learner_syncs();
    return;
  }
  // One of the leader's own connections: the oldest of its syncs not yet prepared.
  for (auto& s : layer_.syncs) {
    if (s.ready_at) continue;
    s.ready_at = wait_for;
    break;
  }
  release_syncs();
}

// Leader: the SYNCs whose wait is over, in the order they were prepared (their waits are too).
void ZkServer::release_learner_syncs() {
  const Zxid committed = peer_.leading->last_committed;
  auto& waiting = layer_.learner_syncs;
  size_t done = 0;
  while (done < waiting.size() && waiting[done].wait_for <= committed) {
    const NodeId origin = waiting[done].origin;
    if (peer_.leading->learners.contains(origin)) send(origin, SyncReply{});
    ++done;
  }
  waiting.erase(waiting.begin(), waiting.begin() + static_cast<std::ptrdiff_t>(done));
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
