// The spec's actions over terms. Each function mirrors the one of spec/actions.cpp with the same
// name; a branch of the concrete code on a value becomes an ite over the two outcomes.
#include "spec/smt/transition.h"

#include "checker/search/model.h"
#include "spec/smt/independence.h"
#include "spec/smt/terms.h"

namespace zab::spec::smt {
namespace {

bool pair_kind(Kind k) {
  switch (k) {
    case Kind::kJoin:
    case Kind::kFollowerInfo:
    case Kind::kAckEpoch:
    case Kind::kNewLeader:
    case Kind::kUpToDate:
    case Kind::kAck:
    case Kind::kDeliver:
      return true;
    default:
      return false;
  }
}

constexpr Kind kKinds[] = {Kind::kElect,         Kind::kJoin,
                           Kind::kFollowerInfo,  Kind::kNewEpoch,
                           Kind::kAckEpoch,      Kind::kEpochAcked,
                           Kind::kNewLeader,     Kind::kCommitLd,
                           Kind::kUpToDate,      Kind::kPropose,
                           Kind::kAck,           Kind::kCommit,
                           Kind::kDeliver,       Kind::kFollowerGivesUp,
                           Kind::kLeaderGivesUp, Kind::kCrash,
                           Kind::kRestart};

}  // namespace

SymbolicSpec::SymbolicSpec(z3::context& ctx, const SpecConfig& cfg)
    : ctx_(ctx), cfg_(cfg), shape_(cfg) {
  const int n = cfg.servers;
  for (const Kind k : kKinds)
    for (int a = 0; a < n; ++a) {
      if (!pair_kind(k)) {
        instances_.push_back(Action{k, static_cast<uint8_t>(a), 0});
        continue;
      }
      for (int b = 0; b < n; ++b)
        if (b != a)
          instances_.push_back(Action{k, static_cast<uint8_t>(a), static_cast<uint8_t>(b)});
    }
}

z3::expr SymbolicSpec::quorum_of(const z3::expr& mask) const {
  return is_quorum(mask, cfg_.servers, quorum());
}

// l leads and counts f among its learners (SpecModel::actions' `connected`).
z3::expr SymbolicSpec::connected(const SymState& s, int f, int l) const {
  const SymServer& ld = s.servers[l];
  return ld.up && ld.role == code(ctx_, Role::kLeading) && has(ld.learners, f);
}

// FastLeaderElection.totalOrderPredicate: (currentEpoch, last zxid, sid).
z3::expr SymbolicSpec::more_recent(const SymState& s, int a, int b) const {
  const SymServer& x = s.servers[a];
  const SymServer& y = s.servers[b];
  return z3::ite(x.current_epoch != y.current_epoch, z3::ugt(x.current_epoch, y.current_epoch),
                 z3::ite(last_zxid(x) != last_zxid(y), z3::ugt(last_zxid(x), last_zxid(y)),
                         ctx_.bool_val(a > b)));
}

z3::expr SymbolicSpec::enabled(const SymState& s, const Action& a) const {
  const int i = a.a;
  const int l = a.b;
  const SymServer& x = s.servers[i];
  const z3::expr looking = x.up && x.role == code(ctx_, Role::kLooking);
  const z3::expr leading = x.up && x.role == code(ctx_, Role::kLeading);
  const z3::expr follows = x.up && x.role == code(ctx_, Role::kFollowing) &&
                           x.leader == byte(ctx_, l) && connected(s, i, l);
  auto fphase = [&](FollowerPhase p) { return x.fphase == code(ctx_, p); };
  auto lphase = [&](const SymServer& sv, LeaderPhase p) { return sv.lphase == code(ctx_, p); };
  switch (a.kind) {
    case Kind::kElect: {
      z3::expr voters = byte(ctx_, 0);
      for (int j = 0; j < cfg_.servers; ++j) {
        const SymServer& o = s.servers[j];
        const z3::expr beats = (j == i || bug(SpecBug::kElectionIgnoresHistory))
                                   ? ctx_.bool_val(j <= i)
                                   : more_recent(s, i, j);
        voters = voters | z3::ite(o.up && o.role == code(ctx_, Role::kLooking) && beats,
                                  bit(ctx_, j), byte(ctx_, 0));
      }
      return looking && quorum_of(voters);
    }
    case Kind::kJoin:
      return looking && s.servers[l].up && s.servers[l].role == code(ctx_, Role::kLeading);
    case Kind::kFollowerInfo:
      return follows && fphase(FollowerPhase::kConnected);
    case Kind::kAckEpoch:
      return follows && fphase(FollowerPhase::kInfoSent) &&
             !lphase(s.servers[l], LeaderPhase::kDiscovery);
    case Kind::kNewLeader:
      return follows && fphase(FollowerPhase::kEpochAcked) &&
             z3::uge(s.servers[l].lphase, code(ctx_, LeaderPhase::kSync));
    case Kind::kUpToDate:
      return follows && fphase(FollowerPhase::kSynced) &&
             lphase(s.servers[l], LeaderPhase::kBroadcast);
    case Kind::kAck:
      return follows && (fphase(FollowerPhase::kSynced) || fphase(FollowerPhase::kBroadcast)) &&
             z3::ult(x.hlen, s.servers[l].hlen);
    case Kind::kDeliver:
      return follows && fphase(FollowerPhase::kBroadcast) &&
             z3::ult(x.committed, bmin(s.servers[l].committed, x.hlen));
    case Kind::kFollowerGivesUp: {
      z3::expr conn = ctx_.bool_val(false);
      for (int ld = 0; ld < cfg_.servers; ++ld)
        if (ld != i) conn = conn || (x.leader == byte(ctx_, ld) && connected(s, i, ld));
      return x.up && x.role == code(ctx_, Role::kFollowing) &&
             (!conn || z3::ult(s.timeouts, byte(ctx_, cfg_.timeouts)));
    }
    case Kind::kNewEpoch:
      return leading && lphase(x, LeaderPhase::kDiscovery) && quorum_of(with(x.info, i));
    case Kind::kEpochAcked:
      return leading && lphase(x, LeaderPhase::kEpochProposed) &&
             (quorum_of(with(x.epoch_acks, i)) || ctx_.bool_val(bug(SpecBug::kSkipEpochAckQuorum)));
    case Kind::kCommitLd:
      return leading && lphase(x, LeaderPhase::kSync) && quorum_of(with(x.synced, i));
    case Kind::kPropose:
      return leading && lphase(x, LeaderPhase::kBroadcast) &&
             z3::ult(s.proposals, byte(ctx_, cfg_.txns));
    case Kind::kCommit:
      return leading && lphase(x, LeaderPhase::kBroadcast) && z3::ult(x.committed, x.hlen) &&
             (quorum_of(at(x.acks, x.committed)) ||
              ctx_.bool_val(bug(SpecBug::kCommitWithoutQuorum)));
    case Kind::kLeaderGivesUp: {
      z3::expr in = bit(ctx_, i);
      for (int f = 0; f < cfg_.servers; ++f) {
        const SymServer& o = s.servers[f];
        const z3::expr follower = has(x.learners, f) && o.up &&
                                  o.role == code(ctx_, Role::kFollowing) &&
                                  o.leader == byte(ctx_, i);
        in = in | z3::ite(follower, bit(ctx_, f), byte(ctx_, 0));
      }
      return leading && !quorum_of(in);
    }
    case Kind::kCrash:
      return x.up && z3::ult(s.crashes, byte(ctx_, cfg_.crashes));
    case Kind::kRestart:
      return !x.up && z3::ult(s.restarts, byte(ctx_, cfg_.restarts));
  }
  throw search::CheckerFailure("smt: unknown action kind");
}

void SymbolicSpec::give_up(SymServer& sv) const {
  for (z3::expr* e :
       {&sv.role, &sv.leader, &sv.fphase, &sv.lphase, &sv.summary_epoch, &sv.new_epoch,
        &sv.max_accepted, &sv.learners, &sv.info, &sv.epoch_acks, &sv.synced})
    *e = byte(ctx_, 0);
  for (z3::expr& e : sv.acks)
    e = byte(ctx_, 0);
}

SymState SymbolicSpec::perform(const SymState& s, const Action& a) const {
  SymState out = s;
  effect(out, a);
  note_commits(out);
  return out;
}

SymState SymbolicSpec::step(const SymState& s, const z3::expr& choice, z3::expr_vector& out) const {
  out.push_back(z3::ult(choice, byte(ctx_, instances_.size())));
  SymState next = s;
  for (size_t i = 0; i < instances_.size(); ++i) {
    const z3::expr chosen = choice == byte(ctx_, i);
    out.push_back(z3::implies(chosen, enabled(s, instances_[i])));
    SymState after = s;
    effect(after, instances_[i]);
    next = merge(chosen, std::move(after), std::move(next));
  }
  // The ghost's bookkeeping reads the successor only, so it is done once on the merge.
  note_commits(next);
  return next;
}

z3::expr SymbolicSpec::in_normal_order(const z3::expr& first, const z3::expr& second) const {
  z3::expr_vector out(ctx_);
  for (size_t i = 0; i < instances_.size(); ++i) {
    z3::expr later_smaller = ctx_.bool_val(false);
    for (size_t j = 0; j < i; ++j)
      if (independent(cfg_, instances_[i], instances_[j]))
        later_smaller = later_smaller || second == byte(ctx_, j);
    out.push_back(z3::implies(first == byte(ctx_, i), !later_smaller));
  }
  return z3::mk_and(out);
}

z3::expr SymbolicSpec::within_bounds(const SymState& s) const {
  z3::expr ok = ctx_.bool_val(true);
  for (const SymServer& sv : s.servers)
    ok = ok && z3::ule(sv.accepted_epoch, byte(ctx_, cfg_.max_epoch));
  return ok;
}

}  // namespace zab::spec::smt
