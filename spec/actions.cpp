// The spec's actions: which are enabled, and what each does. Phase and step numbers are the Zab
// paper's (Figure 2 and Algorithms 1-3: f.1.1 is follower step 1.1, l.2.2 leader step 2.2); the
// ZooKeeper method each corresponds to follows.
#include <algorithm>
#include <bit>

#include "spec/spec.h"

namespace zab::spec {
namespace {

uint8_t bit(int i) {
  return static_cast<uint8_t>(1u << i);
}

Zxid last_zxid(const Server& s) {
  return s.history.empty() ? Zxid{} : s.history.back();
}

// The election's order: (currentEpoch, last zxid, sid), FastLeaderElection.totalOrderPredicate.
bool more_recent(const Server& a, int ia, const Server& b, int ib) {
  if (a.current_epoch != b.current_epoch) return a.current_epoch > b.current_epoch;
  if (last_zxid(a) != last_zxid(b)) return last_zxid(a) > last_zxid(b);
  return ia > ib;
}

bool following(const Server& f, int l) {
  return f.up && f.role == Role::kFollowing && f.leader == l;
}

}  // namespace

bool SpecModel::is_quorum(uint8_t mask) const {
  return std::popcount(mask) >= quorum();
}

State SpecModel::start() const {
  State s;
  s.servers.resize(static_cast<size_t>(cfg_.servers));
  return s;
}

// A server back to LOOKING keeps its durable state and what it delivered; the rest goes.
void SpecModel::give_up(Server& sv) const {
  const Server kept = sv;
  sv = Server{};
  sv.accepted_epoch = kept.accepted_epoch;
  sv.current_epoch = kept.current_epoch;
  sv.history = kept.history;
  sv.committed = kept.committed;
  sv.up = kept.up;
}

void SpecModel::actions(const State& s, std::vector<Action>& out) const {
  out.clear();
  const int n = cfg_.servers;
  auto add = [&out](Kind k, int a, int b = 0) {
    out.push_back(Action{k, static_cast<uint8_t>(a), static_cast<uint8_t>(b)});
  };
  for (int i = 0; i < n; ++i) {
    const Server& sv = s.servers[i];
    if (!sv.up) {
      if (s.restarts < cfg_.restarts) add(Kind::kRestart, i);
      continue;
    }
    if (sv.role == Role::kLooking) {
      // Elect: i must be the most recent of a quorum of LOOKING servers (those it beats).
      uint8_t voters = 0;
      for (int j = 0; j < n; ++j) {
        const Server& o = s.servers[j];
        if (o.up && o.role == Role::kLooking &&
            (j == i || bug(SpecBug::kElectionIgnoresHistory) ? j <= i : more_recent(sv, i, o, j)))
          voters |= bit(j);
      }
      if (is_quorum(voters)) add(Kind::kElect, i);
      for (int l = 0; l < n; ++l)
        if (s.servers[l].up && s.servers[l].role == Role::kLeading) add(Kind::kJoin, i, l);
    }
    if (sv.role == Role::kFollowing) {
      const int l = sv.leader;
      const Server& ld = s.servers[l];
      const bool connected = ld.up && ld.role == Role::kLeading && (ld.learners & bit(i));
      if (connected) switch (sv.fphase) {
          case FollowerPhase::kConnected:
            add(Kind::kFollowerInfo, i, l);
            break;
          case FollowerPhase::kInfoSent:
            if (ld.lphase != LeaderPhase::kDiscovery) add(Kind::kAckEpoch, i, l);
            break;
          case FollowerPhase::kEpochAcked:
            if (ld.lphase >= LeaderPhase::kSync) add(Kind::kNewLeader, i, l);
            break;
          case FollowerPhase::kSynced:
            if (ld.lphase == LeaderPhase::kBroadcast) add(Kind::kUpToDate, i, l);
            if (sv.history.size() < ld.history.size()) add(Kind::kAck, i, l);
            break;
          case FollowerPhase::kBroadcast:
            if (sv.history.size() < ld.history.size()) add(Kind::kAck, i, l);
            if (sv.committed < std::min(ld.committed, static_cast<uint8_t>(sv.history.size())))
              add(Kind::kDeliver, i, l);
            break;
        }
      if (!connected || s.timeouts < cfg_.timeouts) add(Kind::kFollowerGivesUp, i);
    }
    if (sv.role == Role::kLeading) {
      switch (sv.lphase) {
        case LeaderPhase::kDiscovery:
          if (is_quorum(sv.info | bit(i))) add(Kind::kNewEpoch, i);
          break;
        case LeaderPhase::kEpochProposed:
          if (is_quorum(sv.epoch_acks | bit(i)) || bug(SpecBug::kSkipEpochAckQuorum))
            add(Kind::kEpochAcked, i);
          break;
        case LeaderPhase::kSync:
          if (is_quorum(sv.synced | bit(i))) add(Kind::kCommitLd, i);
          break;
        case LeaderPhase::kBroadcast:
          if (s.proposals < cfg_.txns) add(Kind::kPropose, i);
          if (sv.committed < sv.history.size() &&
              (is_quorum(sv.acks[sv.committed]) || bug(SpecBug::kCommitWithoutQuorum)))
            add(Kind::kCommit, i);
          break;
      }
      uint8_t with = bit(i);
      for (int f = 0; f < n; ++f)
        if ((sv.learners & bit(f)) && following(s.servers[f], i)) with |= bit(f);
      if (!is_quorum(with)) add(Kind::kLeaderGivesUp, i);
    }
    if (s.crashes < cfg_.crashes) add(Kind::kCrash, i);
  }
}

// Phase 0 (election), abstracted: the voters become FOLLOWING the elected server, which starts
// Phase 1 (QuorumPeer.run: LOOKING -> lookForLeader -> makeLeader / makeFollower).
void SpecModel::elect(State& s, int l) const {
  Server& ld = s.servers[l];
  ld.role = Role::kLeading;
  ld.lphase = LeaderPhase::kDiscovery;
  ld.summary_epoch = ld.current_epoch;
  ld.acks.assign(ld.history.size(), 0);
  for (int j = 0; j < cfg_.servers; ++j) {
    Server& o = s.servers[j];
    if (j == l || !o.up || o.role != Role::kLooking) continue;
    if (bug(SpecBug::kElectionIgnoresHistory) ? j > l : more_recent(o, j, ld, l)) continue;
    o.role = Role::kFollowing;
    o.leader = static_cast<uint8_t>(l);
    o.fphase = FollowerPhase::kConnected;
    ld.learners |= bit(j);
  }
}

// f.1.2 and l.1.2: the follower takes NEWEPOCH(e') (Learner.registerWithLeader) and answers
// ACKEPOCH(f.a, h_f); the leader counts it (Leader.waitForEpochAck).
void SpecModel::ack_epoch(State& s, int f, int l) const {
  Server& fo = s.servers[f];
  Server& ld = s.servers[l];
  const uint8_t e = ld.new_epoch;
  if (e < fo.accepted_epoch) {  // "Leaders epoch is less than accepted epoch": back to LOOKING
    ld.learners &= static_cast<uint8_t>(~bit(f));
    give_up(fo);
    return;
  }
  // An ACKEPOCH for an epoch already accepted carries currentEpoch -1: the leader neither counts
  // it nor compares it (the seeded bug counts it, still without the comparison).
  const bool fresh = e > fo.accepted_epoch;
  const bool counts = fresh || bug(SpecBug::kCountEqualEpochAck);
  fo.accepted_epoch = e;
  fo.fphase = FollowerPhase::kEpochAcked;
  if (counts) ld.epoch_acks |= bit(f);
  // "Follower is ahead of the leader": ZooKeeper trusts the election to have chosen the most
  // recent history (the paper's l.1.2 instead adopts the most recent history of the ACKEPOCHs).
  const bool ahead = fo.current_epoch != ld.summary_epoch ? fo.current_epoch > ld.summary_epoch
                                                          : last_zxid(fo) > last_zxid(ld);
  if (fresh && ahead && !bug(SpecBug::kElectionIgnoresHistory)) give_up(ld);
}

void SpecModel::perform(State& s, const Action& a) const {
  Server& x = s.servers[a.a];
  switch (a.kind) {
    case Kind::kElect:
      elect(s, a.a);
      break;
    case Kind::kJoin:  // FastLeaderElection: a LOOKING server told of an established leader
      x.role = Role::kFollowing;
      x.leader = a.b;
      x.fphase = FollowerPhase::kConnected;
      s.servers[a.b].learners |= bit(a.a);
      break;
    case Kind::kFollowerInfo: {  // f.1.1: CEPOCH(f.p) (Learner.registerWithLeader FOLLOWERINFO)
      Server& ld = s.servers[a.b];
      x.fphase = FollowerPhase::kInfoSent;
      ld.info |= bit(a.a);
      ld.max_accepted = std::max(ld.max_accepted, x.accepted_epoch);
      break;
    }
    case Kind::kNewEpoch:  // l.1.1: e' = max f.p + 1 over a quorum (Leader.getEpochToPropose)
      x.new_epoch = static_cast<uint8_t>(std::max(x.max_accepted, x.accepted_epoch) + 1);
      x.accepted_epoch = x.new_epoch;
      x.lphase = LeaderPhase::kEpochProposed;
      break;
    case Kind::kAckEpoch:
      ack_epoch(s, a.a, a.b);
      break;
    case Kind::kEpochAcked:  // l.2.1: a quorum acked e'; f.a = e' (Leader.lead setCurrentEpoch)
      x.current_epoch = x.new_epoch;
      x.lphase = LeaderPhase::kSync;
      break;
    case Kind::kNewLeader: {  // l.2.1/f.2.1: NEWLEADER(e', h), ACK-LD (LearnerHandler sync)
      Server& ld = s.servers[a.b];
      if (!bug(SpecBug::kNoSync)) {
        x.history = ld.history;
        x.committed = std::min(x.committed, static_cast<uint8_t>(x.history.size()));
      }
      x.current_epoch = ld.new_epoch;
      x.fphase = FollowerPhase::kSynced;
      ld.synced |= bit(a.a);
      if (ld.lphase == LeaderPhase::kBroadcast)  // a late joiner logged the pending proposals
        for (size_t k = ld.committed; k < std::min(ld.history.size(), x.history.size()); ++k)
          ld.acks[k] |= bit(a.a);
      break;
    }
    case Kind::kCommitLd:  // l.2.2: a quorum of ACK-LD; deliver h (Leader.waitForNewLeaderAck)
      x.lphase = LeaderPhase::kBroadcast;
      x.committed = static_cast<uint8_t>(x.history.size());
      std::fill(x.acks.begin(), x.acks.end(), 0);
      if (s.ghost.established.size() <= x.current_epoch)
        s.ghost.established.resize(x.current_epoch + 1u);
      s.ghost.established[x.current_epoch] |= bit(a.a);
      break;
    case Kind::kUpToDate: {  // f.2.2: COMMIT-LD, deliver the initial history (UPTODATE)
      const Server& ld = s.servers[a.b];
      x.fphase = FollowerPhase::kBroadcast;
      size_t initial = 0;  // the leader's history before its first proposal of epoch e'
      while (initial < x.history.size() && x.history[initial].epoch().value < ld.current_epoch)
        ++initial;
      x.committed = std::max(x.committed, static_cast<uint8_t>(initial));
      break;
    }
    default:
      step_broadcast(s, a);
      break;
  }
  note_commits(s);
}

// Phase 3 and the faults.
void SpecModel::step_broadcast(State& s, const Action& a) const {
  Server& x = s.servers[a.a];
  switch (a.kind) {
    case Kind::kPropose: {  // l.3.1: PROPOSE <e', c> (Leader.propose)
      uint32_t counter = 1;
      if (!x.history.empty() && x.history.back().epoch().value == x.current_epoch &&
          !bug(SpecBug::kCounterRestarts))
        counter = x.history.back().counter() + 1;
      x.history.push_back(Zxid::make(Epoch{x.current_epoch}, counter));
      x.acks.resize(x.history.size(), 0);
      x.acks.back() = bit(a.a);
      ++s.proposals;
      break;
    }
    case Kind::kAck: {  // f.3.1: log the proposal and ACK (SyncRequestProcessor, SendAckRequest)
      Server& ld = s.servers[a.b];
      x.history.push_back(ld.history[x.history.size()]);
      if (x.history.size() > ld.committed) ld.acks[x.history.size() - 1] |= bit(a.a);
      break;
    }
    case Kind::kCommit:  // l.3.2: a quorum ACKed: COMMIT (Leader.tryToCommit)
      x.acks[x.committed] = 0;
      ++x.committed;
      break;
    case Kind::kDeliver:  // f.3.2: COMMIT, deliver (Follower.processPacket, CommitProcessor)
      ++x.committed;
      break;
    case Kind::kFollowerGivesUp: {  // the follower's socket times out (Learner.shutdown)
      Server& ld = s.servers[x.leader];
      if (ld.up && ld.role == Role::kLeading && (ld.learners & bit(a.a))) {
        ld.learners &= static_cast<uint8_t>(~bit(a.a));
        ++s.timeouts;
      }
      give_up(x);
      break;
    }
    case Kind::kLeaderGivesUp:  // "Not sufficient followers synced" (Leader.lead's ping loop)
      give_up(x);
      break;
    case Kind::kCrash:  // everything volatile is lost; f.p, f.a and the history stay
      give_up(x);
      x.committed = 0;
      x.up = false;
      ++s.crashes;
      break;
    case Kind::kRestart:  // QuorumPeer.loadDataBase: back LOOKING with the durable state
      x.up = true;
      ++s.restarts;
      break;
    default:
      throw search::CheckerFailure("spec: unknown action kind");
  }
}

// The ghost: every committed prefix extends the longest one seen, or the properties say so.
void SpecModel::note_commits(State& s) const {
  for (const Server& sv : s.servers) {
    if (!sv.up) continue;
    for (size_t k = 0; k < sv.committed; ++k) {
      auto& ever = s.ghost.ever_committed;
      auto it = std::lower_bound(ever.begin(), ever.end(), sv.history[k]);
      if (it == ever.end() || *it != sv.history[k]) ever.insert(it, sv.history[k]);
    }
    auto& d = s.ghost.delivered;
    if (sv.committed > d.size() && std::equal(d.begin(), d.end(), sv.history.begin()))
      d.assign(sv.history.begin(), sv.history.begin() + sv.committed);
  }
}

}  // namespace zab::spec
