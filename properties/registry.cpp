// The catalogue: every property with its sentence, the names it has elsewhere, and the
// sometimes-goals that keep it from passing vacuously.
#include <algorithm>
#include <stdexcept>

#include "properties/catalogue.h"
#include "properties/history.h"

namespace zab::props {

std::string_view to_string(PropertyKind kind) {
  switch (kind) {
    case PropertyKind::kInvariant:
      return "invariant";
    case PropertyKind::kTransition:
      return "transition";
    case PropertyKind::kLiveness:
      return "liveness";
  }
  return "?";
}

namespace {

template <class F>
std::function<Finding(const World*, const Action*, const World&)> invariant(F f) {
  return [f](const World*, const Action* a, const World& after) { return f(after, a, after); };
}
template <class F>
std::function<Finding(const World*, const Action*, const World&)> transition(F f) {
  return [f](const World* before, const Action* a, const World& after) -> Finding {
    if (!before) return std::nullopt;  // the initial state has no transition
    return f(*before, a, after);
  };
}

bool any_server(const World& w, const std::function<bool(const check::ServerSlot&)>& pred) {
  for (const NodeId id : w.ids())
    if (pred(w.server(id))) return true;
  return false;
}

bool synced_by(const World& w, SyncMode mode) {
  return any_server(w, [&](const auto& s) {
    return s.up && s.peer.learning && s.peer.learning->sync_mode == mode &&
           s.peer.learning->phase >= LearnerPhase::kAwaitingUpToDate;
  });
}

}  // namespace

const std::vector<Sometimes>& all_sometimes() {
  static const std::vector<Sometimes> goals = {
      {"leader-established", "some leader is established by a quorum",
       [](const World& w) { return !w.ghost().established.empty(); }},
      {"re-election", "leaders are established in two different epochs",
       [](const World& w) {
         const auto& e = w.ghost().established;
         return e.size() >= 2 && e.front().first != e.back().first;
       }},
      {"write-committed", "a client write is acknowledged as committed",
       [](const World& w) { return !w.ghost().acknowledged.empty(); }},
      {"replicated", "two synced servers have processed the same transaction",
       [](const World& w) {
         const auto& ids = w.ids();
         for (size_t i = 0; i < ids.size(); ++i)
           for (size_t j = i + 1; j < ids.size(); ++j) {
             const auto& a = w.server(ids[i]);
             const auto& b = w.server(ids[j]);
             if (serving(a) && serving(b) && a.peer.last_processed != Zxid{} &&
                 a.peer.last_processed == b.peer.last_processed)
               return true;
           }
         return false;
       }},
      // committed-never-lost reads the ghost's committed txns (acknowledged ones, and those a
      // start state or an established leader's history committed), so its witness does too.
      {"leader-crash-after-commit",
       "an established leader crashes after a transaction was committed",
       [](const World& w) {
         if (w.ghost().committed.empty()) return false;
         for (const auto& [epoch, leader] : w.ghost().established)
           if (!w.server(leader).up) return true;
         return false;
       }},
      {"re-elected-after-commit",
       "a leader is established in an epoch later than a committed transaction",
       [](const World& w) {
         const auto& g = w.ghost();
         if (g.committed.empty() || g.established.empty()) return false;
         return g.established.back().first > g.committed.front()->zxid().epoch();
       }},
      {"session-closed", "a session's closeSession is committed",
       [](const World& w) { return !w.ghost().closed_sessions.empty(); }},
      {"session-expired", "the leader expires a session",
       [](const World& w) { return !w.ghost().expiries.empty(); }},
      {"sync-answered", "a client's sync is answered after some client has seen a write",
       [](const World& w) {
         for (const auto& c : w.clients())
           if (c.syncs_answered > 0) return true;
         return false;
       }},
      {"watch-fired", "a client receives a watch event",
       [](const World& w) {
         for (const auto& c : w.clients())
           if (c.events_seen > 0) return true;
         return false;
       }},
      {"sync-diff", "a learner syncs with its leader by DIFF",
       [](const World& w) { return synced_by(w, SyncMode::kDiff); }},
      {"sync-trunc", "a learner syncs with its leader by TRUNC",
       [](const World& w) { return synced_by(w, SyncMode::kTrunc); }},
      {"sync-snap", "a learner syncs with its leader by SNAP",
       [](const World& w) { return synced_by(w, SyncMode::kSnap); }},
      {"vote-changed", "a LOOKING server changes its vote within a round",
       [](const World& w) {
         for (const NodeId id : w.ids())
           if (w.server(id).round_votes.size() >= 2) return true;
         return false;
       }},
  };
  return goals;
}

const std::vector<Property>& all_properties() {
  static const std::vector<Property> props = {
      {"single-leader-per-epoch",
       "no two servers establish leadership of the same epoch",
       "Leadership (Zab paper); at most one established leader per epoch (TLA+ specs)",
       PropertyKind::kInvariant,
       invariant(single_leader_per_epoch),
       {"leader-established"}},
      {"committed-never-lost",
       "a transaction acknowledged as committed is in the history of every later established "
       "leader, so it is never truncated away",
       "leaderLogCompleteness (NJU TLA+ spec)",
       PropertyKind::kInvariant,
       invariant(committed_never_lost),
       {"leader-crash-after-commit"}},
      {"prefix-agreement",
       "the delivered sequences of any two synced servers are prefixes of one another",
       "Agreement / PrefixConsistency (Zab paper)",
       PropertyKind::kInvariant,
       invariant(prefix_agreement),
       {"write-committed", "replicated"}},
      {"total-order",
       "two synced servers deliver any two transactions in the same order",
       "TotalOrder (Zab paper)",
       PropertyKind::kInvariant,
       invariant(total_order),
       {"write-committed", "replicated"}},
      {"primary-integrity",
       "a leader, when established, has delivered every transaction committed in an earlier epoch",
       "PrimaryIntegrity (Zab paper)",
       PropertyKind::kTransition,
       transition(primary_integrity),
       {"re-elected-after-commit"}},
      {"zxid-monotonic",
       "each server delivers strictly increasing zxids; a leader's new zxids carry its own epoch",
       "LocalPrimaryOrder (Zab paper); ZOOKEEPER-1277's invariant",
       PropertyKind::kTransition,
       transition(zxid_monotonic),
       {"write-committed"}},
      {"epoch-monotonic",
       "acceptedEpoch and currentEpoch never decrease, also across crashes, and after recovery "
       "acceptedEpoch >= currentEpoch >= epoch of the last logged zxid",
       "f.p and f.a monotonic (Zab paper); QuorumPeer.loadDataBase's checks",
       PropertyKind::kTransition,
       transition(epoch_monotonic),
       {"leader-established"}},
      {"spec-conformance",
       "every step leaves the servers' durable Zab state (up, f.p, f.a, history) unchanged or "
       "changes it as at most 4 actions of the executable spec (spec/) would",
       "refinement mapping to the Zab spec (ZooKeeper's TLA+ specifications)",
       PropertyKind::kTransition,
       transition(spec_conformance),
       {"leader-established"},
       false,
       {},
       true},
      {"first-ack-after-newleader",
       "the first ACK a leader reads from a syncing learner carries the NEWLEADER zxid",
       "ackNewLeaderFirst (NJU TLA+ spec)",
       PropertyKind::kInvariant,
       invariant(first_ack_after_newleader),
       {"leader-established"}},
      {"replica-consistency",
       "synced servers that processed the same zxid hold identical state (tree digests)",
       "ZooKeeper's digest check (ZOOKEEPER-3114)",
       PropertyKind::kInvariant,
       invariant(replica_consistency),
       {"write-committed", "replicated"}},
      {"no-vote-cycle",
       "within one election round a server never returns to a vote it left",
       "NoVoteCircle (SandTable)",
       PropertyKind::kInvariant,
       invariant(no_vote_cycle),
       {"vote-changed"}},
      {"ephemeral-cleanup",
       "no ephemeral outlives its session: a synced server that processed a session's "
       "closeSession holds none of its ephemerals",
       "ZOOKEEPER-1208 and -2355's invariant",
       PropertyKind::kInvariant,
       invariant(ephemeral_cleanup),
       {"session-closed"},
       true},
      {"session-bucket-expiry",
       "a session never expires before its timeout has passed since it was last heard from, and "
       "with an established leader it expires by the end of its tickTime bucket",
       "ExpiryQueue's contract (SessionTrackerImpl)",
       PropertyKind::kInvariant,
       invariant(session_bucket_expiry),
       {"session-expired"},
       true},
      {"watch-once-in-order",
       "a watch fires at most once, and before its client can read the change that triggered it",
       "ZooKeeper's watch guarantees (Programmer's Guide)",
       PropertyKind::kInvariant,
       invariant(watch_once_in_order),
       {"watch-fired"},
       true},
      // Every write the leader prepares carries a digest, and the server that acknowledges it has
      // compared it, so a committed write makes the check meaningful.
      {"txn-digest-agrees",
       "every server's tree digest after a txn is the one the leader put in the txn",
       "DataTree.compareDigest (ZOOKEEPER-3512)",
       PropertyKind::kInvariant,
       invariant(txn_digest_agrees),
       {"write-committed"},
       true},
      {"sync-linearizable",
       "a sync is answered at or past every zxid any client had seen before it was sent, so the "
       "read after it misses no acknowledged write",
       "sync() + read (Programmer's Guide); etcd's ReadIndex",
       PropertyKind::kInvariant,
       invariant(sync_linearizable),
       {"sync-answered"},
       true},
      {"leader-eventually",
       "from every reachable state with no fault budget left and a connected live quorum, a "
       "state with an established leader is reachable",
       "liveness of FLE + discovery (TigerBeetle's liveness phase)",
       PropertyKind::kLiveness,
       nullptr,
       {"leader-established"},
       false,
       Eventually{leader_established_now, quorum_connected_and_no_fault_left,
                  "an established leader", "with no fault left and a connected live quorum"}},
  };
  return props;
}

const Property* find_property(std::string_view id) {
  for (const auto& p : all_properties())
    if (p.id == id) return &p;
  return nullptr;
}

const Sometimes* find_sometimes(std::string_view id) {
  for (const auto& s : all_sometimes())
    if (s.id == id) return &s;
  return nullptr;
}

PropertySet PropertySet::all_safety(bool with_clients) {
  PropertySet set;
  for (const auto& p : all_properties())
    if (p.kind != PropertyKind::kLiveness && !p.opt_in && (with_clients || !p.needs_clients))
      set.properties_.push_back(&p);
  return set;
}

PropertySet PropertySet::named(const std::vector<std::string>& ids) {
  PropertySet set;
  for (const auto& p : all_properties()) {
    if (std::find(ids.begin(), ids.end(), p.id) != ids.end()) set.properties_.push_back(&p);
  }
  for (const auto& id : ids)
    if (!find_property(id)) throw std::invalid_argument("unknown property '" + id + "'");
  return set;
}

std::optional<Violation> PropertySet::check(const World* before, const Action* action,
                                            const World& after) const {
  for (const auto* p : properties_) {
    if (p->kind == PropertyKind::kLiveness) continue;
    if (auto finding = p->check(before, action, after))
      return Violation{std::string(p->id), std::move(*finding)};
  }
  return std::nullopt;
}

std::vector<Violation> PropertySet::check_all(const World* before, const Action* action,
                                              const World& after) const {
  std::vector<Violation> out;
  for (const auto* p : properties_) {
    if (p->kind == PropertyKind::kLiveness) continue;
    if (auto finding = p->check(before, action, after))
      out.push_back(Violation{std::string(p->id), std::move(*finding)});
  }
  return out;
}

std::optional<Violation> PropertySet::check_invariants(const World& state) const {
  for (const auto* p : properties_) {
    if (p->kind != PropertyKind::kInvariant) continue;
    if (auto finding = p->check(nullptr, nullptr, state))
      return Violation{std::string(p->id), std::move(*finding)};
  }
  return std::nullopt;
}

std::optional<Violation> PropertySet::check_transition(const World& before, const Action& action,
                                                       const World& after) const {
  for (const auto* p : properties_) {
    if (p->kind != PropertyKind::kTransition) continue;
    if (auto finding = p->check(&before, &action, after))
      return Violation{std::string(p->id), std::move(*finding)};
  }
  return std::nullopt;
}

std::vector<std::string> PropertySet::vacuous(const std::vector<std::string>& reached) const {
  std::vector<std::string> out;
  for (const auto* p : properties_) {
    bool exercised = p->witnesses.empty();
    for (const auto& w : p->witnesses)
      exercised = exercised || std::find(reached.begin(), reached.end(), w) != reached.end();
    if (!exercised) out.emplace_back(p->id);
  }
  return out;
}

bool PropertySet::has_liveness() const {
  for (const auto* p : properties_)
    if (p->kind == PropertyKind::kLiveness) return true;
  return false;
}

}  // namespace zab::props
