// Implementation-to-spec conformance (issue 13): the abstraction function from the checker's
// world to the spec's state (spec/spec.h), and the check that each implementation step is a
// stutter or a short sequence of spec steps.
//
// The abstraction keeps, per participant, what the spec and the implementation both define
// without ambiguity: whether it is up, and its durable Zab state as recovery would read it
// (QuorumPeer.loadDataBase), with the txns it has accepted but not yet synced - f.p
// (acceptedEpoch), f.a (currentEpoch as written: the updatingEpoch marker's fix-up at recovery is
// ZooKeeper's bridge over the non-atomic sync that conformance.h's "sync" step models) and the
// history (the newest snapshot's txns, then the logged txns after it). The epochs are read from the
// synced disk only: ZooKeeper sends nothing that depends on an epoch before its fsync (the held
// effects of checker/world/disk.h). The history also holds the txns written or queued for the log
// and not yet synced: the spec's PROPOSE and ACK log a txn atomically, ZooKeeper's leader sends a
// PROPOSAL before its own log write completes (Leader.propose, SyncRequestProcessor), so a follower
// may log it first. A crash may lose that unsynced tail (conformance.h's crash step allows it).
//
// What it forgets, and why:
//  - Roles, phases and who sent what to whom (election internals, FOLLOWERINFO/ACKEPOCH
//    bookkeeping, messages in flight): the spec treats an election and a message as one atomic
//    step, the implementation as many. The abstract state is derived from the servers' state
//    only, and the spec's volatile state is existentially quantified: a spec action is enabled
//    in an abstract state when its durable preconditions hold there (conformance.h).
//  - What a server has delivered (committed): ZooKeeper replays its whole log at a restart,
//    committed or not, and the leader's COMMITs race the learners' applies; the durability
//    properties (committed-never-lost, primary-integrity) check commits instead.
//  - Observers: the spec has participants only.
#pragma once

#include <optional>
#include <string>

#include "checker/world/world.h"
#include "spec/spec.h"

namespace zab::conform {

// The abstract state of `w`: a spec::State whose servers hold up, f.p, f.a and the history, and
// whose other fields are their defaults (project() of any spec state has the same shape). An
// error message when `w` is outside what the spec can express (more than spec::kServersMax
// participants, an epoch above 255).
struct Abstracted {
  std::optional<spec::State> state;
  std::vector<std::vector<Zxid>> logged;  // per server: the synced part of its history
  std::string problem;
};
Abstracted abstract(const check::World& w);

// The same projection of a spec state: everything but up, f.p, f.a and the history reset.
spec::State project(const spec::State& s);

// "s1 up f.p=2 f.a=2 h=[<1,1> <2,1>]" for server `index`; a state joins its servers with "; ".
std::string describe(const spec::Server& sv, size_t index);
std::string describe(const spec::State& s);

}  // namespace zab::conform
