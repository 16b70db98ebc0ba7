// Zab broadcast (phase 3): PROPOSAL -> ACK -> COMMIT, INFORM for observers, and heartbeats.
//
// The established leader numbers each write with the next zxid of its epoch, hands it to its own
// log writer and sends PROPOSAL on every follower's FIFO stream. Followers log it and ACK only
// once it is durable (the log writer's Sync comes before the ACK). The leader commits strictly in
// zxid order once a quorum, itself included, has acked, sends COMMIT to followers and INFORM to
// observers, and applies it through its apply stage, which answers the client.
#include <algorithm>

#include "impl/core/check.h"
#include "impl/quorum/peer.h"

namespace zab {

// Leader.propose (with PrepRequestProcessor's zxid assignment).
void Peer::on_client_propose(const ClientPropose& m) {
  if (!s_.is_established_leader()) {
    out_.client_reply(m.request_id, false, Zxid{});
    return;
  }
  auto& L = leader();
  const Zxid zxid = next_zxid(L.last_proposed, cfg_.counter_bits);
  if (counter_exhausted(zxid, cfg_.counter_bits) && !cfg_.bugs.has(Bug::kZk1277)) {
    // "zxid lower 32 bits have rolled over, forcing re-election, and therefore new epoch start"
    out_.client_reply(m.request_id, false, Zxid{});
    shut_down_role();  // zxid counter exhausted
    return;
  }
  const TxnRef txn = make_txn(zxid, m.payload);
  L.last_proposed = zxid;
  L.outstanding.push_back(OutstandingProposal{txn, SidSet{}});
  L.pending_replies.push_back(PendingReply{zxid, m.request_id});
  for (const auto& [sid, h] : L.learners)
    if (h.type == LearnerType::kParticipant && is_forwarding(h)) out_.send(sid, Proposal{txn});
  // The leader's own SyncRequestProcessor -> AckRequestProcessor.
  s_.log_writer_queue.push_back(LogRequest{txn, true});
}

void Peer::on_ack(NodeId from, const Ack& m) {
  if (from == s_.self) return;
  auto* h = leader().learners.find(from);
  if (!h) return;
  switch (h->stage) {
    case HandlerStage::kAwaitingNewLeaderAck:
      on_newleader_ack(from, m.zxid);
      return;
    case HandlerStage::kForwarding:
      process_ack(from, m.zxid);
      return;
    case HandlerStage::kAwaitingEpoch:
    case HandlerStage::kAwaitingAckEpoch:
    case HandlerStage::kAwaitingEpochQuorum:
    case HandlerStage::kAwaitingStartup:
      return;  // "unexpected quorum packet": not read in these stages
  }
}

// Leader.processAck.
void Peer::process_ack(NodeId sid, Zxid zxid) {
  auto& L = leader();
  if (zxid.counter() == 0) return;  // the ack of NEWLEADER or UPTODATE
  if (L.outstanding.empty() || L.last_committed >= zxid) return;
  auto it = std::find_if(L.outstanding.begin(), L.outstanding.end(),
                         [&](const auto& p) { return p.txn->zxid() == zxid; });
  if (it == L.outstanding.end()) return;  // "Trying to commit future proposal"
  if (cfg_.is_participant(sid)) it->acks.insert(sid);
  try_to_commit();
}

// Leader.tryToCommit, repeated while the next proposal in zxid order has its quorum.
void Peer::try_to_commit() {
  auto& L = leader();
  while (!L.outstanding.empty()) {
    const auto& p = L.outstanding.front();
    const bool enough =
        cfg_.bugs.has(Bug::kCommitBeforeQuorum) ? !p.acks.empty() : cfg_.is_quorum(p.acks);
    if (!enough) return;
    const TxnRef txn = p.txn;
    L.outstanding.erase(L.outstanding.begin());
    L.last_committed = txn->zxid();
    for (const auto& [sid, h] : L.learners) {
      if (!is_forwarding(h)) continue;
      if (h.type == LearnerType::kParticipant)
        out_.send(sid, Commit{txn->zxid()});
      else
        out_.send(sid, Inform{txn});
    }
    s_.apply_queue.push_back(txn);  // toBeApplied, then the CommitProcessor
  }
}

// Follower.processPacket.
void Peer::on_proposal(NodeId, const Proposal& m) {
  auto& l = learner();
  if (l.phase == LearnerPhase::kSyncing || l.phase == LearnerPhase::kAwaitingUpToDate) {
    on_sync_proposal(m);
    return;
  }
  if (l.phase != LearnerPhase::kBroadcast || is_observer()) return;  // observers ignore it
  // FollowerZooKeeperServer.logRequest: pending until COMMIT; ACKed once durable.
  l.pending_txns.push_back(m.txn);
  s_.log_writer_queue.push_back(LogRequest{m.txn, true});
}

void Peer::on_commit(NodeId, const Commit& m) {
  auto& l = learner();
  if (l.phase == LearnerPhase::kSyncing || l.phase == LearnerPhase::kAwaitingUpToDate) {
    on_sync_commit(m);
    return;
  }
  if (l.phase != LearnerPhase::kBroadcast || is_observer()) return;
  // FollowerZooKeeperServer.commit: the commit must name the oldest pending txn; ZooKeeper exits
  // the process otherwise (UNMATCHED_TXN_COMMIT).
  if (l.pending_txns.empty()) return;  // "Committing without seeing txn"
  ZK_ASSERT_MSG(l.pending_txns.front()->zxid() == m.zxid,
                "COMMIT " + to_string(m.zxid) + " but next pending txn is " +
                    to_string(l.pending_txns.front()->zxid()));
  s_.apply_queue.push_back(l.pending_txns.front());
  l.pending_txns.erase(l.pending_txns.begin());
}

// Observer.processPacket.
void Peer::on_inform(NodeId, const Inform& m) {
  auto& l = learner();
  if (l.phase == LearnerPhase::kSyncing || l.phase == LearnerPhase::kAwaitingUpToDate) {
    if (l.write_to_txn_log) {
      l.packets_not_logged.push_back(m.txn);
      l.packets_committed.push_back(m.txn->zxid());
    } else {
      apply_to_database(m.txn);
    }
    return;
  }
  if (l.phase != LearnerPhase::kBroadcast) return;
  s_.log_writer_queue.push_back(LogRequest{m.txn, false});
  s_.apply_queue.push_back(m.txn);
}

void Peer::on_ping(NodeId from, const Ping& m) {
  if (s_.learning) {
    // Learner.ping: echo it (ZooKeeper adds the sessions touched since the last ping).
    if (learner().phase == LearnerPhase::kBroadcast) out_.send(from, Ping{m.zxid});
    return;
  }
  // The leader reads the echo; any packet read resets the learner's ack deadline.
  if (!s_.leading) return;
  if (auto* h = leader().learners.find(from); h && h->unechoed_pings > 0) h->unechoed_pings -= 1;
}

// Leader.lead's loop, every tickTime / 2: check that a quorum is still synced, then ping.
void Peer::on_leader_ping_timer() {
  auto& L = leader();
  if (!L.quorum_formed) return;
  if (!L.tick_skip) L.tick += 1;
  SidSet synced;
  synced.insert(s_.self);
  for (const auto& [sid, h] : L.learners)
    if (h.stage == HandlerStage::kForwarding && L.tick <= h.ack_deadline_tick) synced.insert(sid);
  if (!L.tick_skip && !cfg_.is_quorum(synced)) {
    shut_down_role();  // Not sufficient followers synced
    return;
  }
  L.tick_skip = !L.tick_skip;
  ping_learners();
  out_.set_timer(TimerKind::kLeaderPing, cfg_.tick_time_ms / 2);
}

// LearnerHandler.ping, to each learner past startForwarding.
void Peer::ping_learners() {
  auto& L = leader();
  for (auto& [sid, h] : L.learners) {
    if (!is_forwarding(h)) continue;
    out_.send(sid, Ping{L.last_proposed});
    if (h.stage == HandlerStage::kForwarding) h.unechoed_pings += 1;
  }
}

}  // namespace zab
