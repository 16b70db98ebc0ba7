// The spec-conformance check (conformance.h): spec actions run on lifts of abstract states, and a
// breadth-first search of at most kMaxSpecSteps of them from the abstract state before a step.
#include "checker/conformance/conformance.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_set>

#include "checker/conformance/abstraction.h"

namespace zab::conform {
namespace {

using spec::Action;
using spec::Kind;
using spec::Role;
using spec::Server;
using spec::State;

spec::SpecModel model_for(const State& s) {
  spec::SpecConfig cfg;
  cfg.servers = static_cast<int>(s.servers.size());
  cfg.txns = cfg.crashes = cfg.restarts = cfg.timeouts = cfg.max_epoch = 255;
  return spec::SpecModel(cfg);
}

bool is_prefix(const std::vector<Zxid>& p, const std::vector<Zxid>& h) {
  return p.size() <= h.size() && std::equal(p.begin(), p.end(), h.begin());
}

// The leader's initial history for epoch e: its txns of earlier epochs, which NEWLEADER carries.
size_t initial_length(const std::vector<Zxid>& h, uint8_t e) {
  size_t n = 0;
  while (n < h.size() && h[n].epoch().value < e)
    ++n;
  return n;
}

void lead(Server& ld, spec::LeaderPhase phase) {
  ld.role = Role::kLeading;
  ld.lphase = phase;
  ld.new_epoch = ld.accepted_epoch;
  ld.summary_epoch = ld.current_epoch;
  ld.acks.assign(ld.history.size(), 0);
}

void follow(Server& f, int l, spec::FollowerPhase phase) {
  f.role = Role::kFollowing;
  f.leader = static_cast<uint8_t>(l);
  f.fphase = phase;
}

// Enumerates the steps of one abstract state: each lifts it, performs one spec action, projects.
class Steps {
 public:
  Steps(const State& s, const State& target, const std::vector<std::vector<Zxid>>& logged)
      : s_(s),
        target_(target),
        logged_(logged),
        model_(model_for(s)),
        n_(static_cast<int>(s.servers.size())) {}

  std::vector<SpecStep> all() {
    for (int i = 0; i < n_; ++i)
      of_server(i);
    return std::move(out_);
  }

 private:
  void of_server(int i) {
    const Server& x = s_.servers[i];
    if (!x.up) return run(s_, {Kind::kRestart, u8(i)});
    crash(i);
    uint8_t max_fp = 0;
    for (const Server& o : s_.servers)
      max_fp = std::max(max_fp, o.accepted_epoch);
    const uint8_t want = target_.servers[i].accepted_epoch;
    if (want > x.accepted_epoch && want <= max_fp + 1) {  // newepoch
      State t = s_;
      lead(t.servers[i], spec::LeaderPhase::kDiscovery);
      t.servers[i].max_accepted = static_cast<uint8_t>(want - 1);
      run(t, {Kind::kNewEpoch, u8(i)});
    }
    // epoch-acked: e' is l's alone until then (one leader per epoch), so nobody has f.a = e'.
    bool epoch_taken = false;
    for (const Server& o : s_.servers)
      epoch_taken = epoch_taken || o.current_epoch == x.accepted_epoch;
    if (x.current_epoch < x.accepted_epoch && !epoch_taken) {
      State t = s_;
      lead(t.servers[i], spec::LeaderPhase::kEpochProposed);
      run(t, {Kind::kEpochAcked, u8(i)});
    }
    if (x.current_epoch >= 1 && x.current_epoch == x.accepted_epoch) {  // propose
      State t = s_;
      lead(t.servers[i], spec::LeaderPhase::kBroadcast);
      run(t, {Kind::kPropose, u8(i)});
    }
    // A leader that crashed since it sent LEADERINFO, NEWLEADER or a PROPOSAL still counts: the
    // spec step took place before the crash, and the crash left l's durable state as it was.
    for (int l = 0; l < n_; ++l)
      if (l != i) with_leader(i, l);
  }

  void with_leader(int f, int l) {
    const Server& x = s_.servers[f];
    const Server& ld = s_.servers[l];
    const uint8_t e = ld.accepted_epoch;
    if (e > x.accepted_epoch) {  // ackepoch
      State t = s_;
      lead(t.servers[l], spec::LeaderPhase::kEpochProposed);
      follow(t.servers[f], l, spec::FollowerPhase::kInfoSent);
      t.servers[l].learners = bit(f);
      run(t, {Kind::kAckEpoch, u8(f), u8(l)});
    }
    // The prefix of the leader's history the follower takes: the target's when it can be one.
    const auto& wanted = target_.servers[f].history;
    const bool fits = is_prefix(wanted, ld.history);
    const bool established = ld.current_epoch == e;  // l.2.1: f.a_l = e' before NEWLEADER
    if (established && e == x.accepted_epoch && e > x.current_epoch && fits &&
        wanted != x.history) {
      State t = s_;  // sync: the history part of NEWLEADER, before currentEpoch is written
      t.servers[f].history = wanted;
      emit(
          fmt::format("sync s{} -> s{} (TRUNC/DIFF/SNAP logged before currentEpoch)", l + 1, f + 1),
          t);
    }
    const std::vector<Zxid> p =
        fits && wanted.size() >= initial_length(ld.history, e) ? wanted : ld.history;
    if (established && e == x.accepted_epoch && x.current_epoch <= e &&
        (x.current_epoch != e || x.history != p)) {  // newleader
      State t = s_;
      Server& tl = t.servers[l];
      tl.history = p;
      lead(tl, spec::LeaderPhase::kSync);
      follow(t.servers[f], l, spec::FollowerPhase::kEpochAcked);
      tl.learners = bit(f);
      run(t, {Kind::kNewLeader, u8(f), u8(l)}, &ld.history);
    }
    // late newleader: f's currentEpoch write for NEWLEADER(e) lands after l moved on to a later
    // epoch (ZooKeeper's learner writes it when it reads NEWLEADER, whatever l did since sending
    // it): l established e (f.a_l >= e) and has proposed past it (f.p_l > e). Its history part
    // came before (the sync step), so only f.a changes.
    const uint8_t acked = x.accepted_epoch;
    if (acked > x.current_epoch && ld.current_epoch >= acked && e > acked &&
        target_.servers[f].current_epoch == acked) {
      State t = s_;
      t.servers[f].current_epoch = acked;
      emit(fmt::format("newleader s{} -> s{} (late: currentEpoch {} written after s{} moved on)",
                       l + 1, f + 1, acked, l + 1),
           t);
    }
    if (x.history.size() < ld.history.size() && is_prefix(x.history, ld.history)) {  // ack
      State t = s_;
      lead(t.servers[l], spec::LeaderPhase::kBroadcast);
      follow(t.servers[f], l, spec::FollowerPhase::kBroadcast);
      t.servers[l].learners = bit(f);
      run(t, {Kind::kAck, u8(f), u8(l)});
    }
  }

  // The spec's crash keeps the history; ZooKeeper's keeps the synced part and a prefix of the
  // rest. What it may lose are proposals of epoch f.a or later the server had not logged, so had
  // not acknowledged; older txns came with NEWLEADER and are logged before f.a is written.
  void crash(int i) {
    State t = s_;
    const Server& x = s_.servers[i];
    const auto& kept = target_.servers[i].history;
    if (is_prefix(logged_[i], kept) && is_prefix(kept, x.history) &&
        std::all_of(x.history.begin() + static_cast<long>(kept.size()), x.history.end(),
                    [&](Zxid z) { return z.epoch().value >= x.current_epoch; }))
      t.servers[i].history = kept;
    run(t, {Kind::kCrash, static_cast<uint8_t>(i)});
  }

  // Performs `a` on the lift `t`; `leader_history` restores a leader's history cut for NEWLEADER.
  void run(State t, const Action& a, const std::vector<Zxid>* leader_history = nullptr) {
    const std::string name = model_.name(t, a);
    model_.perform(t, a);
    if (leader_history) t.servers[a.b].history = *leader_history;
    emit(name, t);
  }

  void emit(std::string name, const State& t) {
    State next = project(t);
    if (next != s_) out_.push_back(SpecStep{std::move(name), std::move(next)});
  }

  static uint8_t u8(int i) { return static_cast<uint8_t>(i); }
  static uint8_t bit(int i) { return static_cast<uint8_t>(1u << i); }

  const State& s_;
  const State& target_;
  const std::vector<std::vector<Zxid>>& logged_;
  spec::SpecModel model_;
  int n_;
  std::vector<SpecStep> out_;
};

// A step that moves some server's field away from the target cannot be on a shortest path:
// f.p and f.a never decrease, and a history that is not a prefix of the target's is only ever
// replaced by another prefix of a leader's.
bool toward(const State& from, const State& next, const State& target) {
  for (size_t i = 0; i < next.servers.size(); ++i) {
    const Server& a = from.servers[i];
    const Server& b = next.servers[i];
    const Server& t = target.servers[i];
    if (a.up != b.up && b.up != t.up) return false;
    if (a.accepted_epoch != b.accepted_epoch && b.accepted_epoch != t.accepted_epoch) return false;
    if (a.current_epoch != b.current_epoch && b.current_epoch != t.current_epoch) return false;
    if (a.history != b.history && !is_prefix(b.history, t.history)) return false;
  }
  return true;
}

// The servers whose abstract state differs, as "s2 up f.p=2 f.a=1 h=[...]".
std::string changes(const State& from, const State& to) {
  std::string out;
  for (size_t i = 0; i < to.servers.size(); ++i)
    if (from.servers[i] != to.servers[i])
      out += (out.empty() ? "" : ", ") + describe(to.servers[i], i);
  return out;
}

}  // namespace

std::vector<SpecStep> enabled_steps(const State& s, const State& target,
                                    const std::vector<std::vector<Zxid>>& logged) {
  return Steps(s, target, logged).all();
}

std::optional<std::string> check_abstract_step(const State& before,
                                               const std::vector<std::vector<Zxid>>& logged,
                                               const State& after, int max_steps) {
  if (before == after) return std::nullopt;
  const spec::SpecModel model = model_for(before);
  std::unordered_set<uint64_t> seen{model.fingerprint(before)};
  // A history a spec step wrote is logged (the spec logs atomically): a later crash keeps it.
  struct Node {
    State state;
    std::vector<std::vector<Zxid>> logged;
  };
  std::vector<Node> frontier{Node{before, logged}};
  for (int depth = 1; depth <= max_steps && !frontier.empty(); ++depth) {
    std::vector<Node> next;
    for (const Node& node : frontier)
      for (SpecStep& step : enabled_steps(node.state, after, node.logged)) {
        if (step.next == after) return std::nullopt;
        if (!toward(node.state, step.next, after) ||
            !seen.insert(model.fingerprint(step.next)).second)
          continue;
        Node n{std::move(step.next), node.logged};
        for (size_t i = 0; i < n.logged.size(); ++i)
          if (n.state.servers[i].history != node.state.servers[i].history && n.state.servers[i].up)
            n.logged[i] = n.state.servers[i].history;
        next.push_back(std::move(n));
      }
    frontier = std::move(next);
  }
  std::string enabled;
  for (const SpecStep& step : enabled_steps(before, after, logged))
    enabled += fmt::format("{}{} => {}", enabled.empty() ? "" : "; ", step.name,
                           changes(before, step.next));
  return fmt::format(
      "no sequence of at most {} spec actions leads from the abstract state before the step to "
      "the one after it. Before: {}. Found: {} (changed: {}). Spec actions enabled before, "
      "each with the servers it would change: {}",
      max_steps, describe(before), describe(after), changes(before, after),
      enabled.empty() ? "none" : enabled);
}

std::optional<std::string> check_step(const check::World& before, const check::World& after) {
  bool same = true;  // unchanged servers are shared between the two worlds
  for (const NodeId id : after.ids()) {
    const auto& a = before.server(id);
    const auto& b = after.server(id);
    same = same && (&a == &b || (a.up == b.up && a.disk == b.disk));
  }
  if (same) return std::nullopt;
  const Abstracted from = abstract(before);
  const Abstracted to = abstract(after);
  if (!from.state || !to.state)
    return "the world is outside what the spec expresses: " +
           (from.state ? to.problem : from.problem);
  return check_abstract_step(*from.state, from.logged, *to.state);
}

}  // namespace zab::conform
