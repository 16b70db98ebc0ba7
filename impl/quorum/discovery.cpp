// Zab discovery (phase 1): FOLLOWERINFO -> LEADERINFO -> ACKEPOCH.
//
// The leader collects the acceptedEpoch of a quorum (itself included), proposes
// newEpoch = max + 1 and persists it as its own acceptedEpoch before any LEADERINFO leaves.
// A learner persists newEpoch as its acceptedEpoch before answering ACKEPOCH with its
// currentEpoch and last zxid, so it can never ack two leaders of the same epoch. The leader then
// waits for a quorum of ACKEPOCHs and refuses learners whose history is more recent than its own.
#include "impl/core/check.h"
#include "impl/quorum/peer.h"

namespace zab {

// ---- Leader side (LearnerHandler.run up to waitForEpochAck) -----------------------------------

void Peer::on_follower_info(NodeId from, const FollowerInfo& m) {
  auto& L = leader();
  if (!cfg_.is_member(from)) {
    out_.close(from);
    return;
  }
  // A new connection from a learner replaces whatever handler it had.
  LearnerHandler h;
  h.type = cfg_.is_participant(from) ? m.type : LearnerType::kObserver;
  h.accepted_epoch = m.accepted_epoch;
  h.stage = HandlerStage::kAwaitingEpoch;
  L.learners.put(from, h);
  count_connecting(from, m.accepted_epoch);
  // Once the epoch is fixed, later learners get LEADERINFO at once.
  auto* handler = L.learners.find(from);
  if (!L.waiting_for_new_epoch && handler && handler->stage == HandlerStage::kAwaitingEpoch) {
    out_.send(from, LeaderInfo{L.epoch});
    handler->stage = HandlerStage::kAwaitingAckEpoch;
  }
}

// Leader.getEpochToPropose.
void Peer::count_connecting(NodeId sid, Epoch accepted_epoch) {
  auto& L = leader();
  if (!L.waiting_for_new_epoch) return;
  if (accepted_epoch >= L.epoch) L.epoch = accepted_epoch.next();
  if (cfg_.is_participant(sid)) L.connecting.insert(sid);
  if (!L.connecting.contains(s_.self) || !cfg_.is_quorum(L.connecting)) return;
  L.waiting_for_new_epoch = false;
  // setAcceptedEpoch before any LEADERINFO: the leader itself accepts newEpoch durably.
  write(WriteAcceptedEpoch{L.epoch});
  out_.sync();
  on_epoch_chosen();
}

void Peer::on_epoch_chosen() {
  auto& L = leader();
  L.last_proposed = Zxid::make(L.epoch, 0);  // zk.setZxid(makeZxid(epoch, 0))
  out_.set_timer(TimerKind::kLeaderInit, cfg_.init_limit_ticks * cfg_.tick_time_ms);
  for (auto& [sid, h] : L.learners) {
    if (h.stage != HandlerStage::kAwaitingEpoch) continue;
    out_.send(sid, LeaderInfo{L.epoch});
    h.stage = HandlerStage::kAwaitingAckEpoch;
  }
  // lead(): waitForEpochAck(self, leaderStateSummary).
  count_electing(s_.self, AckEpoch{s_.durable.current_epoch, s_.last_processed});
}

void Peer::on_ack_epoch(NodeId from, const AckEpoch& m) {
  auto& L = leader();
  auto* h = L.learners.find(from);
  if (!h || h->stage != HandlerStage::kAwaitingAckEpoch) return;
  h->peer_last_zxid = m.last_zxid;
  h->stage = HandlerStage::kAwaitingEpochQuorum;
  count_electing(from, m);
  const auto* still = L.learners.find(from);  // count_electing may have refused it
  if (L.election_finished && still && still->stage == HandlerStage::kAwaitingEpochQuorum)
    sync_learner(from);
}

// Leader.waitForEpochAck.
void Peer::count_electing(NodeId sid, const AckEpoch& m) {
  auto& L = leader();
  if (L.election_finished) return;
  if (m.current_epoch) {
    // StateSummary.isMoreRecentThan: a learner with a newer history must not be overwritten.
    const auto mine = std::make_pair(s_.durable.current_epoch, s_.last_processed);
    if (std::make_pair(*m.current_epoch, m.last_zxid) > mine) {
      L.learners.erase(sid);
      out_.close(sid);  // "Follower is ahead of the leader"
      return;
    }
    if (cfg_.is_participant(sid)) L.electing.insert(sid);
  }
  if (!L.electing.contains(s_.self) || !cfg_.is_quorum(L.electing)) return;
  L.election_finished = true;
  on_election_finished();
}

void Peer::on_election_finished() {
  auto& L = leader();
  // lead(): setCurrentEpoch(epoch), then waitForNewLeaderAck(self). The handlers' sync packets
  // queue behind this write (one effect stream per peer); see README "What the model serialises".
  write(WriteCurrentEpoch{L.epoch});
  out_.sync();
  s_.phase = ZabPhase::kSynchronization;
  out_.set_timer(TimerKind::kLeaderInit, cfg_.init_limit_ticks * cfg_.tick_time_ms);
  SidSet waiting;
  for (const auto& [sid, h] : L.learners)
    if (h.stage == HandlerStage::kAwaitingEpochQuorum) waiting.insert(sid);
  waiting.for_each([&](NodeId sid) { sync_learner(sid); });
  count_newleader_ack(s_.self, Zxid::make(L.epoch, 0));
}

// ---- Learner side (Learner.registerWithLeader) -------------------------------------------------

void Peer::on_leader_info(NodeId from, const LeaderInfo& m) {
  auto& l = learner();
  if (from != l.leader || l.phase != LearnerPhase::kConnecting) return;
  const Epoch accepted = s_.durable.accepted_epoch;
  if (m.new_epoch < accepted) {
    // "Leaders epoch, newEpoch, is less than accepted epoch"
    shut_down_role();  // LEADERINFO epoch below our acceptedEpoch
    return;
  }
  l.new_epoch = m.new_epoch;
  l.phase = LearnerPhase::kAwaitingSync;
  std::optional<Epoch> current = s_.durable.current_epoch;
  if (m.new_epoch > accepted) {
    // Accept the new epoch durably before acknowledging it.
    write(WriteAcceptedEpoch{m.new_epoch});
    out_.sync();
  } else {
    current.reset();  // we already acked this epoch: our ACKEPOCH must not count (-1)
  }
  out_.send(from, AckEpoch{current, s_.last_processed});
}

}  // namespace zab
