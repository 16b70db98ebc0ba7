// FastLeaderElection: lookForLeader and the WorkerReceiver thread, one notification at a time.
//
// A LOOKING peer votes for itself, broadcasts its vote, adopts any better vote it hears in its
// round (ordered by peerEpoch, then zxid, then sid) and rebroadcasts it. Once a quorum of the
// round agrees with its vote it waits finalizeWait for a better one before deciding. Peers that
// are already FOLLOWING or LEADING answer LOOKING peers with the vote they settled on, which is
// how a restarted server joins an existing ensemble. Observers never vote and never lead.
#include <algorithm>

#include "impl/core/check.h"
#include "impl/quorum/peer.h"

namespace zab {
namespace {

// Vote.equals: votes of LOOKING peers agree on all four fields; votes of peers out of the
// election agree on leader and peer epoch only.
bool votes_agree(const ReceivedVote& a, const ReceivedVote& b) {
  if (a.state == ServerState::kLooking || b.state == ServerState::kLooking)
    return a.vote == b.vote && a.election_epoch == b.election_epoch;
  return a.vote.leader == b.vote.leader && a.vote.peer_epoch == b.vote.peer_epoch;
}

SidSet agreeing(const SidMap<ReceivedVote>& votes, const ReceivedVote& target) {
  SidSet out;
  for (const auto& [sid, vote] : votes)
    if (votes_agree(vote, target)) out.insert(sid);
  return out;
}

// checkLeader: unless the leader is this peer, its own LEADING notification must be among the
// votes; if it is this peer, the round must be this peer's round.
bool check_leader(const SidMap<ReceivedVote>& votes, NodeId leader, NodeId self,
                  uint64_t round, uint64_t logical_clock) {
  if (leader != self) {
    const auto* v = votes.find(leader);
    return v && v->state == ServerState::kLeading;
  }
  return logical_clock == round;
}

}  // namespace

Vote Peer::initial_vote() const {
  // getInitId / getInitLastLoggedZxid / getPeerEpoch: observers propose nobody.
  if (!i_am_participant()) return Vote{};
  return Vote{s_.self, s_.last_processed, s_.durable.current_epoch};
}

// totalOrderPredicate: is `candidate` a better leader than `current`?
bool Peer::total_order(const Vote& candidate, const Vote& current) const {
  if (!candidate.leader || !cfg_.is_participant(*candidate.leader)) return false;  // weight 0
  if (!current.leader) return true;
  const auto& n = candidate;
  const auto& c = current;
  if (cfg_.bugs.has(Bug::kZk1419)) {
    // The pre-3.4.4 predicate: the id tie-break ignores the epoch, so the order is not transitive.
    return n.peer_epoch > c.peer_epoch || (n.peer_epoch == c.peer_epoch && n.zxid > c.zxid) ||
           (n.zxid == c.zxid && *n.leader > *c.leader);
  }
  return n.peer_epoch > c.peer_epoch ||
         (n.peer_epoch == c.peer_epoch &&
          (n.zxid > c.zxid || (n.zxid == c.zxid && *n.leader > *c.leader)));
}

void Peer::update_proposal(const Vote& vote) {
  auto& e = s_.election;
  e.proposal = vote;
  // A voter receives its own notification through the local queue; count it at once.
  if (i_am_participant())
    e.recvset.put(s_.self, ReceivedVote{vote, e.logical_clock, ServerState::kLooking});
}

void Peer::send_notifications() {
  const Notification n{s_.election.proposal, s_.election.logical_clock, ServerState::kLooking};
  cfg_.participants().for_each([&](NodeId sid) {
    if (sid != s_.self) out_.send(sid, n);
  });
}

void Peer::reply_notification(NodeId to, const Vote& vote, uint64_t round) {
  out_.send(to, Notification{vote, round, s_.state});
}

void Peer::on_notification(NodeId from, const Notification& n) {
  // WorkerReceiver: a non-voter is answered with our current vote and never counted.
  if (!cfg_.is_participant(from)) {
    reply_notification(from, s_.current_vote, s_.election.logical_clock);
    return;
  }
  if (s_.state != ServerState::kLooking) {
    // Out of the election: tell a LOOKING peer whom we follow.
    if (n.state == ServerState::kLooking)
      reply_notification(from, s_.current_vote, s_.current_vote_round);
    return;
  }
  // LOOKING: a peer still in an older round hears our vote so it can catch up.
  if (n.state == ServerState::kLooking && n.election_epoch < s_.election.logical_clock)
    reply_notification(from, s_.election.proposal, s_.election.logical_clock);

  auto& e = s_.election;
  if (e.finalizing) {
    // Inside finalizeWait only a better vote matters; anything else is drained and dropped.
    if (!total_order(n.vote, e.proposal)) return;
    e.finalizing = false;
    out_.cancel_timer(TimerKind::kElectionFinalize);
  }
  out_.set_timer(TimerKind::kElectionResend, e.notification_timeout_ms);
  switch (n.state) {
    case ServerState::kLooking:
      on_looking_notification(from, n);
      break;
    case ServerState::kObserving:
      break;  // notifications from observers carry no vote
    case ServerState::kFollowing:
    case ServerState::kLeading:
      on_following_notification(from, n);
      break;
  }
}

void Peer::on_looking_notification(NodeId from, const Notification& n) {
  auto& e = s_.election;
  if (n.election_epoch > e.logical_clock) {
    // A newer round: join it, forget the old tally, and vote for the better of theirs and ours.
    e.logical_clock = n.election_epoch;
    e.recvset.clear();
    update_proposal(total_order(n.vote, initial_vote()) ? n.vote : initial_vote());
    send_notifications();
  } else if (n.election_epoch < e.logical_clock) {
    return;  // an older round: ignored (answered above)
  } else if (total_order(n.vote, e.proposal)) {
    update_proposal(n.vote);
    send_notifications();
  }
  e.recvset.put(from, ReceivedVote{n.vote, n.election_epoch, ServerState::kLooking});
  check_looking_quorum();
}

void Peer::check_looking_quorum() {
  auto& e = s_.election;
  const ReceivedVote target{e.proposal, e.logical_clock, ServerState::kLooking};
  if (!cfg_.is_quorum(agreeing(e.recvset, target))) return;
  // A quorum agrees: wait finalizeWait for a better vote before deciding.
  e.finalizing = true;
  out_.cancel_timer(TimerKind::kElectionResend);
  out_.set_timer(TimerKind::kElectionFinalize, cfg_.finalize_wait_ms);
}

// receivedFollowingNotification: join a leader that a quorum already follows.
void Peer::on_following_notification(NodeId from, const Notification& n) {
  auto& e = s_.election;
  const ReceivedVote theirs{n.vote, n.election_epoch, n.state};
  if (!n.vote.leader) return;
  const NodeId leader = *n.vote.leader;
  if (n.election_epoch == e.logical_clock) {
    e.recvset.put(from, theirs);
    if (cfg_.is_quorum(agreeing(e.recvset, theirs)) &&
        check_leader(e.recvset, leader, s_.self, n.election_epoch, e.logical_clock)) {
      decide(n.vote, n.election_epoch);
      return;
    }
  }
  e.outofelection.put(from, theirs);
  if (cfg_.is_quorum(agreeing(e.outofelection, theirs)) &&
      check_leader(e.outofelection, leader, s_.self, n.election_epoch, e.logical_clock)) {
    e.logical_clock = n.election_epoch;
    decide(n.vote, n.election_epoch);
  }
}

void Peer::on_election_timer(TimerKind timer) {
  auto& e = s_.election;
  if (s_.state != ServerState::kLooking) return;  // stale timer from an earlier election
  if (timer == TimerKind::kElectionFinalize) {
    if (!e.finalizing) return;
    decide(e.proposal, e.logical_clock);
    return;
  }
  ZK_ASSERT(timer == TimerKind::kElectionResend);
  if (e.finalizing) return;
  // Nothing heard for notTimeout: resend our vote and back off exponentially.
  send_notifications();
  e.notification_timeout_ms =
      std::min(e.notification_timeout_ms * 2, cfg_.max_notification_interval_ms);
  out_.set_timer(TimerKind::kElectionResend, e.notification_timeout_ms);
}

void Peer::decide(const Vote& vote, uint64_t round) {
  ZK_ASSERT(vote.leader.has_value());
  auto& e = s_.election;
  e.finalizing = false;
  out_.cancel_timer(TimerKind::kElectionFinalize);
  out_.cancel_timer(TimerKind::kElectionResend);
  s_.current_vote = vote;
  s_.current_vote_round = round;
  // leaveInstance: the next election starts from an empty tally.
  e.recvset.clear();
  e.outofelection.clear();
  if (*vote.leader == s_.self)
    become_leader();
  else
    become_learner(*vote.leader);
}

}  // namespace zab
