// Dispatch of inputs to the handlers, boot from disk, and what a peer reads when.
#include "impl/quorum/peer.h"

#include <fmt/format.h>

#include "impl/core/check.h"
#include "impl/core/overloaded.h"

namespace zab {
void Peer::step(const Input& input) {
  std::visit(Overloaded{
                 [&](const Receive& r) { on_receive(r); },
                 [&](const ConnectionLost& c) { on_connection_lost(c.peer); },
                 [&](const TimerFired& t) { on_timer(t.timer); },
                 [&](const LocalAck& a) {
                   if (s_.leading) process_ack(s_.self, a.zxid);
                 },
                 [&](const DrainLogWriter&) { drain_log_writer(); },
                 [&](const DrainApply&) { drain_apply(); },
                 [&](const ClientPropose& c) { on_client_propose(c); },
                 [&](const PingLearners&) {
                   if (s_.is_established_leader()) ping_learners();
                 },
             },
             input);
}

void Peer::write(DiskWrite w) {
  if (std::holds_alternative<AppendTxn>(w)) count_logged_txn();
  apply_write(s_.durable, w);
  out_.persist(std::move(w));
}

bool Peer::is_observer() const {
  return !cfg_.is_participant(s_.self);
}

void Peer::on_receive(const Receive& r) {
  if (const auto* n = std::get_if<Notification>(&r.msg)) {
    on_notification(r.from, *n);
    return;
  }
  if (ignore_quorum_packet(r.from)) return;
  if (s_.leading) {
    // Any packet read pushes the learner's ack deadline (tickOfNextAckDeadline).
    if (auto* h = leader().learners.find(r.from)) {
      const uint32_t slack = h->stage == HandlerStage::kForwarding
                                 ? cfg_.sync_limit_ticks
                                 : cfg_.init_limit_ticks + cfg_.sync_limit_ticks;
      h->ack_deadline_tick = leader().tick + slack;
    }
  } else if (s_.learning) {
    // Every packet from the leader resets the socket read timeout.
    const bool broadcast = learner().phase == LearnerPhase::kBroadcast;
    out_.set_timer(broadcast ? TimerKind::kLearnerSync : TimerKind::kLearnerInit,
                   (broadcast ? cfg_.sync_limit_ticks : cfg_.init_limit_ticks) * cfg_.tick_time_ms);
  }
  const NodeId from = r.from;
  std::visit(Overloaded{
                 [&](const Notification&) { ZK_UNREACHABLE("notification on the quorum channel"); },
                 // Leader side.
                 [&](const FollowerInfo& m) {
                   if (s_.leading)
                     on_follower_info(from, m);
                   else
                     out_.close(from);  // not leading: refuse the connection
                 },
                 [&](const AckEpoch& m) {
                   if (s_.leading) on_ack_epoch(from, m);
                 },
                 [&](const Ack& m) {
                   if (s_.leading) on_ack(from, m);
                 },
                 [&](const Ping& m) { on_ping(from, m); },
                 // Learner side.
                 [&](const LeaderInfo& m) {
                   if (s_.learning) on_leader_info(from, m);
                 },
                 [&](const Diff& m) {
                   if (s_.learning) on_diff(from, m);
                 },
                 [&](const Trunc& m) {
                   if (s_.learning) on_trunc(from, m);
                 },
                 [&](const Snap& m) {
                   if (s_.learning) on_snap(from, m);
                 },
                 [&](const Proposal& m) {
                   if (s_.learning) on_proposal(from, m);
                 },
                 [&](const Commit& m) {
                   if (s_.learning) on_commit(from, m);
                 },
                 [&](const Inform& m) {
                   if (s_.learning) on_inform(from, m);
                 },
                 [&](const NewLeader& m) {
                   if (s_.learning) on_newleader(from, m);
                 },
                 [&](const UpToDate&) {
                   if (s_.learning) on_uptodate(from);
                 },
                 // Forwarded client requests, re-attaches and syncs belong to the server layer
                 // (impl/server), which handles them (REQUEST before the quorum core sees it).
                 [&](const Request&) {},
                 [&](const Revalidate&) {},
                 [&](const RevalidateReply&) {},
                 [&](const SyncReply&) {},
             },
             r.msg);
}

// Stale quorum packets: a learner reads only its leader's stream.
bool Peer::ignore_quorum_packet(NodeId from) const {
  if (s_.learning) return from != s_.learning->leader;
  return false;
}

void Peer::on_connection_lost(NodeId peer) {
  if (s_.leading) {
    auto& L = leader();
    if (!L.learners.contains(peer)) return;
    L.learners.erase(peer);        // the LearnerHandler dies
    if (!L.quorum_formed) return;  // the waits time out on their own (kLeaderInit)
    // The ping loop's check, done as soon as a learner goes away.
    SidSet synced;
    synced.insert(s_.self);
    for (const auto& [sid, h] : L.learners)
      if (h.stage == HandlerStage::kForwarding) synced.insert(sid);
    if (!cfg_.is_quorum(synced)) shut_down_role();  // Not sufficient followers synced
    return;
  }
  if (s_.learning && peer == s_.learning->leader)
    shut_down_role();  // connection to the leader lost
}

void Peer::on_timer(TimerKind timer) {
  switch (timer) {
    case TimerKind::kElectionResend:
    case TimerKind::kElectionFinalize:
      on_election_timer(timer);
      return;
    case TimerKind::kLeaderInit:
      if (s_.leading && !leader().quorum_formed)
        shut_down_role();  // Timeout while waiting for a quorum of learners
      return;
    case TimerKind::kLeaderPing:
      if (s_.leading) on_leader_ping_timer();
      return;
    case TimerKind::kLearnerInit:
      if (s_.learning && learner().phase != LearnerPhase::kBroadcast)
        shut_down_role();  // Timeout while connecting to or syncing with the leader
      return;
    case TimerKind::kLearnerSync:
      if (s_.learning && learner().phase == LearnerPhase::kBroadcast)
        shut_down_role();  // Read timed out: the leader is silent
      return;
  }
}

bool Peer::reads_quorum_from(const PeerState& state, NodeId from) {
  if (state.leading) {
    const auto* h = state.leading->learners.find(from);
    if (!h) return true;  // LearnerCnxAcceptor accepts a new connection
    switch (h->stage) {
      case HandlerStage::kAwaitingEpoch:
      case HandlerStage::kAwaitingEpochQuorum:
      case HandlerStage::kAwaitingStartup:
        return false;  // the handler thread is blocked, not reading
      case HandlerStage::kAwaitingAckEpoch:
      case HandlerStage::kAwaitingNewLeaderAck:
      case HandlerStage::kForwarding:
        return true;
    }
  }
  return state.state != ServerState::kLooking;
}

std::optional<std::string> Peer::recovery_error(const DurableState& disk) {
  // loadDataBase replays the log after the snapshot; lastProcessedZxid is where that ends.
  Zxid last = newest_snapshot(disk)->zxid;
  for (const auto& txn : disk.log.entries_after(last))
    last = txn->zxid();
  Epoch current = disk.current_epoch;
  if (last.epoch() > current && disk.updating_epoch) current = last.epoch();
  if (last.epoch() > current)
    return fmt::format("The current epoch, {}, is older than the last zxid, {}", current.value,
                       to_string(last));
  if (disk.accepted_epoch < current)
    return fmt::format("The accepted epoch, {}, is less than the current epoch, {}",
                       disk.accepted_epoch.value, current.value);
  return std::nullopt;
}

PeerState Peer::recover(const QuorumConfig& cfg, NodeId self, const DurableState& disk,
                        Outbox& out) {
  ZK_ASSERT(cfg.is_member(self));
  ZK_ASSERT(!disk.snapshots.empty());
  PeerState s;
  s.self = self;
  s.durable = disk;
  Peer peer(cfg, s, out);
  peer.load_database();
  // Outside the checker, log entries below the oldest snapshot are never read again: recovery and
  // truncation start from a snapshot (and zabd's data directory hands over only the newest).
  if (!cfg.keep_history) drop_log_before(s.durable, newest_snapshot(s.durable)->zxid);
  // The updatingEpoch marker: the learner died after logging the sync txns of a newer epoch but
  // before writing currentEpoch.
  if (s.durable.updating_epoch && s.last_processed.epoch() > s.durable.current_epoch) {
    peer.write(WriteCurrentEpoch{s.last_processed.epoch()});
    out.sync();
  }
  if (s.durable.updating_epoch) peer.write(WriteUpdatingEpoch{false});
  // startLeaderElection: the initial current vote is for ourselves.
  s.current_vote = Vote{self, s.last_processed, s.durable.current_epoch};
  peer.start_looking();
  return s;
}

}  // namespace zab
