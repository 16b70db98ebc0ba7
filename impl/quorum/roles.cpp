// Entering and leaving roles: QuorumPeer.run's state loop. A peer is LOOKING until the election
// decides; then it leads (Leader.lead) or learns (Follower.followLeader / Observer.observeLeader)
// until something fails, and every failure path goes back to LOOKING through shut_down_role.
#include "impl/core/check.h"
#include "impl/quorum/peer.h"

namespace zab {

void Peer::start_looking() {
  s_.state = ServerState::kLooking;
  s_.phase = ZabPhase::kElection;
  s_.leading.reset();
  s_.learning.reset();
  auto& e = s_.election;
  // lookForLeader: a new round, a fresh tally, and a vote for ourselves.
  e.logical_clock += 1;
  e.recvset.clear();
  e.outofelection.clear();
  e.finalizing = false;
  e.notification_timeout_ms = cfg_.finalize_wait_ms;
  update_proposal(initial_vote());
  send_notifications();
  out_.set_timer(TimerKind::kElectionResend, e.notification_timeout_ms);
  check_looking_quorum();  // a lone voter is its own quorum
}

void Peer::become_leader() {
  ZK_ASSERT(i_am_participant());
  s_.state = ServerState::kLeading;
  s_.phase = ZabPhase::kDiscovery;
  s_.learning.reset();
  s_.leading.emplace();
  out_.set_timer(TimerKind::kLeaderInit, cfg_.init_limit_ticks * cfg_.tick_time_ms);
  // Leader.lead: getEpochToPropose(self, acceptedEpoch) counts the leader first.
  count_connecting(s_.self, s_.durable.accepted_epoch);
}

void Peer::become_learner(NodeId leader_id) {
  ZK_ASSERT(leader_id != s_.self);
  s_.state = is_observer() ? ServerState::kObserving : ServerState::kFollowing;
  s_.phase = ZabPhase::kDiscovery;
  s_.leading.reset();
  s_.learning.emplace();
  auto& l = learner();
  l.leader = leader_id;
  if (!cfg_.is_participant(leader_id)) {
    // findLeader: the vote names a server that cannot lead.
    shut_down_role();  // the elected leader is not a participant
    return;
  }
  // Learner.registerWithLeader: FOLLOWERINFO / OBSERVERINFO with our acceptedEpoch.
  const auto type = is_observer() ? LearnerType::kObserver : LearnerType::kParticipant;
  out_.send(leader_id, FollowerInfo{s_.durable.accepted_epoch, type});
  out_.set_timer(TimerKind::kLearnerInit, cfg_.init_limit_ticks * cfg_.tick_time_ms);
}

// Leader.shutdown / Learner.shutdown followed by QuorumPeer going back to LOOKING.
void Peer::shut_down_role() {
  if (s_.leading) {
    for (const auto& [sid, handler] : s_.leading->learners)
      out_.close(sid);
    for (const auto& pending : s_.leading->pending_replies)
      out_.client_reply(pending.request_id, false, pending.zxid);
  }
  if (s_.learning) out_.close(s_.learning->leader);
  for (auto t : {TimerKind::kLeaderInit, TimerKind::kLeaderPing, TimerKind::kLearnerInit,
                 TimerKind::kLearnerSync})
    out_.cancel_timer(t);
  // SyncRequestProcessor.shutdown: what is already queued is still appended and flushed.
  if (!s_.log_writer_queue.empty()) {
    for (const auto& request : s_.log_writer_queue)
      write(AppendTxn{request.txn});
    s_.log_writer_queue.clear();
    out_.sync();
  }
  // CommitProcessor.shutdown drops committed txns not yet applied. Then ZooKeeperServer.shutdown:
  // normally it fast-forwards the in-memory database from the log, and the next role starts from
  // that. But Learner.shutdown passes fullyShutDown = (syncMode == SNAP): a learner that loaded a
  // SNAP into memory and has not reached NEWLEADER (which takes the snapshot and sets syncMode back
  // to NONE) clears its ZKDatabase, and QuorumPeer.getLastLoggedZxid reloads it from disk before
  // the next vote. Keeping the image would let it vote with, and be DIFFed against, txns in none
  // of its files (ZOOKEEPER-3642; seeded bug zk-3642 keeps it).
  const bool unpersisted_snap = s_.learning && s_.learning->sync_mode == SyncMode::kSnap &&
                                s_.learning->phase == LearnerPhase::kSyncing;
  s_.apply_queue.clear();
  s_.leading.reset();
  s_.learning.reset();
  if (unpersisted_snap && !cfg_.bugs.has(Bug::kZk3642))
    load_database();
  else
    fast_forward_database();
  start_looking();
}

}  // namespace zab
