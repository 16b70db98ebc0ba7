// What each action does, over terms: SpecModel::perform and its helpers (spec/actions.cpp),
// function by function. A concrete `if` on a value becomes an ite on every term it writes.
#include "checker/search/model.h"
#include "spec/smt/terms.h"
#include "spec/smt/transition.h"

namespace zab::spec::smt {
namespace {

z3::expr plus1(const z3::expr& v) {
  return v + byte_of(v, 1);
}

}  // namespace

// Phase 0, abstracted: the LOOKING servers the elected one beats follow it.
void SymbolicSpec::elect(SymState& s, int l) const {
  const SymState before = s;
  SymServer& ld = s.servers[l];
  ld.role = code(ctx_, Role::kLeading);
  ld.lphase = code(ctx_, LeaderPhase::kDiscovery);
  ld.summary_epoch = ld.current_epoch;
  for (z3::expr& e : ld.acks)
    e = byte(ctx_, 0);
  for (int j = 0; j < cfg_.servers; ++j) {
    if (j == l) continue;
    SymServer& o = s.servers[j];
    const z3::expr beaten =
        bug(SpecBug::kElectionIgnoresHistory) ? ctx_.bool_val(j > l) : more_recent(before, j, l);
    const z3::expr joins = o.up && o.role == code(ctx_, Role::kLooking) && !beaten;
    o.role = z3::ite(joins, code(ctx_, Role::kFollowing), o.role);
    o.leader = z3::ite(joins, byte(ctx_, l), o.leader);
    o.fphase = z3::ite(joins, code(ctx_, FollowerPhase::kConnected), o.fphase);
    ld.learners = z3::ite(joins, with(ld.learners, j), ld.learners);
  }
}

// f.1.2 / l.1.2: NEWEPOCH taken, ACKEPOCH counted, or the follower gives up on a stale leader.
void SymbolicSpec::ack_epoch(SymState& s, int f, int l) const {
  const z3::expr e = s.servers[l].new_epoch;
  const z3::expr stale = z3::ult(e, s.servers[f].accepted_epoch);
  SymState refused = s;
  refused.servers[l].learners = without(refused.servers[l].learners, f);
  give_up(refused.servers[f]);

  SymState taken = s;
  SymServer& fo = taken.servers[f];
  SymServer& ld = taken.servers[l];
  const z3::expr fresh = z3::ugt(e, fo.accepted_epoch);
  const z3::expr counts = fresh || ctx_.bool_val(bug(SpecBug::kCountEqualEpochAck));
  fo.accepted_epoch = e;
  fo.fphase = code(ctx_, FollowerPhase::kEpochAcked);
  ld.epoch_acks = z3::ite(counts, with(ld.epoch_acks, f), ld.epoch_acks);
  const z3::expr ahead =
      z3::ite(fo.current_epoch != ld.summary_epoch, z3::ugt(fo.current_epoch, ld.summary_epoch),
              z3::ugt(last_zxid(fo), last_zxid(ld)));
  if (!bug(SpecBug::kElectionIgnoresHistory)) {
    SymState quits = taken;
    give_up(quits.servers[l]);
    taken = merge(fresh && ahead, std::move(quits), std::move(taken));
  }
  s = merge(stale, std::move(refused), std::move(taken));
}

// l.2.1 / f.2.1: NEWLEADER with the leader's history; a late joiner's log ACKs the pending ones.
void SymbolicSpec::new_leader(SymState& s, int f, int l) const {
  SymServer& x = s.servers[f];
  SymServer& ld = s.servers[l];
  if (!bug(SpecBug::kNoSync)) {
    x.history = ld.history;
    x.hlen = ld.hlen;
    x.committed = bmin(x.committed, x.hlen);
  }
  x.current_epoch = ld.new_epoch;
  x.fphase = code(ctx_, FollowerPhase::kSynced);
  ld.synced = with(ld.synced, f);
  const z3::expr end = bmin(ld.hlen, x.hlen);
  for (size_t k = 0; k < ld.acks.size(); ++k) {
    const z3::expr logged = ld.lphase == code(ctx_, LeaderPhase::kBroadcast) &&
                            z3::ule(ld.committed, byte(ctx_, k)) && z3::ult(byte(ctx_, k), end);
    ld.acks[k] = z3::ite(logged, with(ld.acks[k], f), ld.acks[k]);
  }
}

// f.2.2: UPTODATE delivers the leader's initial history (the entries of earlier epochs).
void SymbolicSpec::up_to_date(SymState& s, int f, int l) const {
  SymServer& x = s.servers[f];
  const z3::expr epoch = s.servers[l].current_epoch;
  x.fphase = code(ctx_, FollowerPhase::kBroadcast);
  z3::expr going = ctx_.bool_val(true);
  z3::expr initial = byte(ctx_, 0);
  for (size_t k = 0; k < x.history.size(); ++k) {
    going = going && z3::ult(byte(ctx_, k), x.hlen) && z3::ult(epoch_of(x.history[k]), epoch);
    initial = initial + z3::ite(going, byte(ctx_, 1), byte(ctx_, 0));
  }
  x.committed = bmax(x.committed, initial);
}

// l.3.1: PROPOSE <e', c>.
void SymbolicSpec::propose(SymState& s, int l) const {
  SymServer& x = s.servers[l];
  const z3::expr last = last_zxid(x);
  const z3::expr counter =
      bug(SpecBug::kCounterRestarts)
          ? byte(ctx_, 1)
          : z3::ite(z3::ugt(x.hlen, byte(ctx_, 0)) && epoch_of(last) == x.current_epoch,
                    plus1(counter_of(last)), byte(ctx_, 1));
  const z3::expr zxid = zxid_byte(x.current_epoch, counter);
  for (size_t k = 0; k < x.history.size(); ++k) {
    const z3::expr slot = x.hlen == byte(ctx_, k);
    x.history[k] = z3::ite(slot, zxid, x.history[k]);
    x.acks[k] = z3::ite(slot, bit(ctx_, l), x.acks[k]);
  }
  x.hlen = plus1(x.hlen);
  s.proposals = plus1(s.proposals);
}

// f.3.1: log the leader's next proposal and ACK it.
void SymbolicSpec::ack(SymState& s, int f, int l) const {
  SymServer& x = s.servers[f];
  SymServer& ld = s.servers[l];
  for (size_t k = 0; k < x.history.size(); ++k) {
    const z3::expr slot = x.hlen == byte(ctx_, k);
    x.history[k] = z3::ite(slot, ld.history[k], x.history[k]);
    const z3::expr counts = slot && z3::ugt(byte(ctx_, k + 1), ld.committed);
    ld.acks[k] = z3::ite(counts, with(ld.acks[k], f), ld.acks[k]);
  }
  x.hlen = plus1(x.hlen);
}

// The follower's socket times out: its leader drops it (and the timeout budget pays if the
// leader was still there to drop it).
void SymbolicSpec::follower_gives_up(SymState& s, int f) const {
  z3::expr dropped = ctx_.bool_val(false);
  for (int l = 0; l < cfg_.servers; ++l) {
    if (l == f) continue;
    SymServer& ld = s.servers[l];
    const z3::expr mine = s.servers[f].leader == byte(ctx_, l) && connected(s, f, l);
    ld.learners = z3::ite(mine, without(ld.learners, f), ld.learners);
    dropped = dropped || mine;
  }
  s.timeouts = z3::ite(dropped, plus1(s.timeouts), s.timeouts);
  give_up(s.servers[f]);
}

void SymbolicSpec::effect(SymState& s, const Action& a) const {
  SymServer& x = s.servers[a.a];
  switch (a.kind) {
    case Kind::kElect:
      return elect(s, a.a);
    case Kind::kJoin:
      x.role = code(ctx_, Role::kFollowing);
      x.leader = byte(ctx_, a.b);
      x.fphase = code(ctx_, FollowerPhase::kConnected);
      s.servers[a.b].learners = with(s.servers[a.b].learners, a.a);
      return;
    case Kind::kFollowerInfo: {
      SymServer& ld = s.servers[a.b];
      x.fphase = code(ctx_, FollowerPhase::kInfoSent);
      ld.info = with(ld.info, a.a);
      ld.max_accepted = bmax(ld.max_accepted, x.accepted_epoch);
      return;
    }
    case Kind::kNewEpoch:
      x.new_epoch = plus1(bmax(x.max_accepted, x.accepted_epoch));
      x.accepted_epoch = x.new_epoch;
      x.lphase = code(ctx_, LeaderPhase::kEpochProposed);
      return;
    case Kind::kAckEpoch:
      return ack_epoch(s, a.a, a.b);
    case Kind::kEpochAcked:
      x.current_epoch = x.new_epoch;
      x.lphase = code(ctx_, LeaderPhase::kSync);
      return;
    case Kind::kNewLeader:
      return new_leader(s, a.a, a.b);
    case Kind::kCommitLd:
      x.lphase = code(ctx_, LeaderPhase::kBroadcast);
      x.committed = x.hlen;
      for (z3::expr& e : x.acks)
        e = byte(ctx_, 0);
      for (size_t e = 0; e < s.established.size(); ++e)
        s.established[e] = z3::ite(x.current_epoch == byte(ctx_, e), with(s.established[e], a.a),
                                   s.established[e]);
      return;
    case Kind::kUpToDate:
      return up_to_date(s, a.a, a.b);
    case Kind::kPropose:
      return propose(s, a.a);
    case Kind::kAck:
      return ack(s, a.a, a.b);
    case Kind::kCommit:
      for (size_t k = 0; k < x.acks.size(); ++k)
        x.acks[k] = z3::ite(x.committed == byte(ctx_, k), byte(ctx_, 0), x.acks[k]);
      x.committed = plus1(x.committed);
      return;
    case Kind::kDeliver:
      x.committed = plus1(x.committed);
      return;
    case Kind::kFollowerGivesUp:
      return follower_gives_up(s, a.a);
    case Kind::kLeaderGivesUp:
      return give_up(x);
    case Kind::kCrash:
      give_up(x);
      x.committed = byte(ctx_, 0);
      x.up = ctx_.bool_val(false);
      s.crashes = plus1(s.crashes);
      return;
    case Kind::kRestart:
      x.up = ctx_.bool_val(true);
      s.restarts = plus1(s.restarts);
      return;
  }
  throw search::CheckerFailure("smt: unknown action kind");
}

// The ghost (SpecModel::note_commits): every committed zxid, and the longest delivered sequence
// that each live server's committed prefix extends.
void SymbolicSpec::note_commits(SymState& s) const {
  for (int e = 1; e <= shape_.max_epoch; ++e)
    for (int c = 1; c <= shape_.history; ++c) {
      const z3::expr zxid = byte(ctx_, static_cast<uint64_t>(e << 4 | c));
      z3::expr& seen = s.ever[static_cast<size_t>(shape_.cell(e, c))];
      for (const SymServer& sv : s.servers)
        for (size_t k = 0; k < sv.history.size(); ++k)
          seen = seen || (sv.up && z3::ult(byte(ctx_, k), sv.committed) && sv.history[k] == zxid);
    }
  for (const SymServer& sv : s.servers) {
    z3::expr extends = ctx_.bool_val(true);
    for (size_t k = 0; k < s.delivered.size(); ++k)
      extends =
          extends && z3::implies(z3::ult(byte(ctx_, k), s.dlen), s.delivered[k] == sv.history[k]);
    const z3::expr longer = sv.up && z3::ugt(sv.committed, s.dlen) && extends;
    for (size_t k = 0; k < s.delivered.size(); ++k)
      s.delivered[k] = z3::ite(
          longer, z3::ite(z3::ult(byte(ctx_, k), sv.committed), sv.history[k], byte(ctx_, 0)),
          s.delivered[k]);
    s.dlen = z3::ite(longer, sv.committed, s.dlen);
  }
}

}  // namespace zab::spec::smt
