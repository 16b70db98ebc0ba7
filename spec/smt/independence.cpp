#include "spec/smt/independence.h"

#include "checker/search/model.h"

namespace zab::spec::smt {
namespace {

// A server's field groups. `kFollower` also stands for the server's bit in its leader's
// `learners`: every action that reads or writes that bit involves the server, or clears the
// whole mask in a give_up that overwrites the leader's `kCore` (role), which every reader of
// the bit reads.
enum Group : int {
  kCore,      // up, role
  kEpochs,    // accepted, current, new epoch, summary
  kHistory,   // history, its length, committed
  kFollower,  // leader, follower phase (and the bit in the leader's learners)
  kInfo,      // FOLLOWERINFO received
  kMaxAccepted,
  kEpochAcks,
  kSynced,
  kAcks,
  kLeaderPhase,
  kGroups
};

uint64_t group(int server, Group g) {
  return uint64_t{1} << (server * kGroups + g);
}

uint64_t server_all(int server) {
  return ((uint64_t{1} << kGroups) - 1) << (server * kGroups);
}

// The budgets, after the servers' groups.
uint64_t budget(int n) {
  return uint64_t{1} << (kServersMax * kGroups + n);
}
const uint64_t kProposals = budget(0), kCrashes = budget(1), kRestarts = budget(2),
               kTimeouts = budget(3);

}  // namespace

Footprint footprint(const SpecConfig& cfg, const Action& a) {
  const int x = a.a;
  const int l = a.b;
  uint64_t everyone = 0;
  for (int i = 0; i < cfg.servers; ++i)
    everyone |= server_all(i);
  const uint64_t leads = group(l, kCore);  // the follower's guard: its leader is up and leads
  switch (a.kind) {
    case Kind::kElect:          // reads every LOOKING server, any of which may join
    case Kind::kLeaderGivesUp:  // reads its followers
      return {0, everyone, 0};
    case Kind::kFollowerGivesUp:  // reads its leader, which may be anyone
      return {0, everyone | kTimeouts, 0};
    case Kind::kAckEpoch:  // may make the leader give up (the follower is ahead)
      return {0, server_all(x) | server_all(l), 0};
    case Kind::kJoin:
      return {leads, server_all(x), 0};
    case Kind::kFollowerInfo:
      return {leads, server_all(x), group(l, kInfo) | group(l, kMaxAccepted)};
    case Kind::kNewLeader:
      return {leads | group(l, kHistory) | group(l, kEpochs) | group(l, kLeaderPhase),
              server_all(x), group(l, kSynced) | group(l, kAcks)};
    case Kind::kUpToDate:
      return {leads | group(l, kLeaderPhase) | group(l, kEpochs), server_all(x), 0};
    case Kind::kAck:
      return {leads | group(l, kHistory), server_all(x), group(l, kAcks)};
    case Kind::kDeliver:
      return {leads | group(l, kHistory), server_all(x), 0};
    case Kind::kNewEpoch:
      return {group(x, kCore) | group(x, kInfo) | group(x, kMaxAccepted),
              group(x, kEpochs) | group(x, kLeaderPhase), 0};
    case Kind::kEpochAcked:
      return {group(x, kCore) | group(x, kEpochAcks), group(x, kEpochs) | group(x, kLeaderPhase),
              0};
    case Kind::kCommitLd:
      return {group(x, kCore) | group(x, kSynced) | group(x, kEpochs),
              group(x, kLeaderPhase) | group(x, kHistory) | group(x, kAcks), 0};
    case Kind::kPropose:
      return {group(x, kCore) | group(x, kLeaderPhase) | group(x, kEpochs),
              group(x, kHistory) | group(x, kAcks) | kProposals, 0};
    case Kind::kCommit:
      return {group(x, kCore) | group(x, kLeaderPhase), group(x, kHistory) | group(x, kAcks), 0};
    case Kind::kCrash:
      return {0, server_all(x) | kCrashes, 0};
    case Kind::kRestart:
      return {0, server_all(x) | kRestarts, 0};
  }
  throw search::CheckerFailure("smt: unknown action kind");
}

bool independent(const SpecConfig& cfg, const Action& a, const Action& b) {
  const Footprint p = footprint(cfg, a);
  const Footprint q = footprint(cfg, b);
  const uint64_t p_touch = p.reads | p.writes | p.merges;
  const uint64_t q_touch = q.reads | q.writes | q.merges;
  return (p.writes & q_touch) == 0 && (q.writes & p_touch) == 0 && (p.merges & q.reads) == 0 &&
         (q.merges & p.reads) == 0;
}

}  // namespace zab::spec::smt
