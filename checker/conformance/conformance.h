// The spec-conformance check: an implementation step from world `before` to world `after` is a
// stutter (the same abstract state, abstraction.h) or a sequence of at most kMaxSpecSteps spec
// actions from abstract(before) that ends in abstract(after).
//
// The spec's actions are run by the spec itself (SpecModel::perform) on a lift of the abstract
// state: the volatile part the abstraction forgot (roles, phases, the leader's counts of
// FOLLOWERINFO / ACKEPOCH / ACK-LD) is set so that the action is enabled, which quantifies it
// existentially. What stays of each action's guard is its durable part:
//   newepoch l        e' = f.p_l' > f.p_l and e' <= 1 + the highest f.p (l.1.1: max over a
//                     quorum's FOLLOWERINFO, which are at most today's values)
//   ackepoch f -> l   f takes e' = f.p_l, when e' >= f.p_f (f.1.2)
//   epoch-acked l     f.a_l = f.p_l, when no server has f.a = f.p_l yet (l.2.1: e' is l's alone,
//                     and nobody syncs with l before it)
//   newleader l -> f  f.a_l = e' = f.p_l = f.p_f (l wrote e' after the ACKEPOCH quorum, f acked
//                     e'), f.a_f <= e', h_f = a prefix of h_l that holds
//                     l's initial history (its txns of epochs before e'): h_l when NEWLEADER
//                     left (f.2.1)
//   propose l         f.a_l = f.p_l (l is established), h_l grows by <f.a_l, next counter> (l.3.1)
//   ack f -> l        h_f is a proper prefix of h_l and grows by h_l's next txn (f.3.1)
//   crash i          i goes down, keeping its synced history and a prefix of the rest that
//                     holds its txns of epochs before f.a_i (those came with NEWLEADER)
//   restart i
// and one step the spec's NEWLEADER does atomically and ZooKeeper does not:
//   sync l -> f       h_f becomes a prefix of h_l, when f.p_f = f.p_l = f.a_l > f.a_f: TRUNC, SNAP
//   and
//                     the DIFF txns are logged before currentEpoch is written (Learner.
//                     syncWithLeader; the updatingEpoch marker covers the gap at recovery).
// and one it does while its leader is still synchronising and ZooKeeper need not:
//   late newleader    f.a_f becomes f.p_f = e after l moved on (f.a_l >= e, f.p_l > e): the
//   l -> f            learner's currentEpoch write for NEWLEADER(e) lands after its leader
//                     crashed and was re-elected, or proposed the next epoch
//                     (counterexamples/open/spec-newleader-durable-late.trace).
//
// Limits: the volatile guards are not checked (a second leader of one epoch, a commit without a
// quorum are the invariants' job); a relaxed guard over-approximates the spec, so conformance
// may accept a step the spec's full state would refuse, never the reverse.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "checker/world/world.h"
#include "spec/spec.h"

namespace zab::conform {

inline constexpr int kMaxSpecSteps = 4;

// A spec action as it applies to abstract states: its name and the abstract state it leads to.
struct SpecStep {
  std::string name;
  spec::State next;
};

// The spec actions enabled in abstract state `s`, with their results. Free parameters (the
// epoch a leader proposes, the prefix of the leader's history a follower takes) are taken from
// `target`, the state the check is trying to reach.
// `logged`: per server, the synced part of its history (what a crash keeps for sure).
std::vector<SpecStep> enabled_steps(const spec::State& s, const spec::State& target,
                                    const std::vector<std::vector<Zxid>>& logged);

// Why `after` is not reachable from `before` in at most `max_steps` spec steps, or nullopt.
std::optional<std::string> check_abstract_step(const spec::State& before,
                                               const std::vector<std::vector<Zxid>>& logged,
                                               const spec::State& after,
                                               int max_steps = kMaxSpecSteps);

// The property: abstracts both worlds and checks the step.
std::optional<std::string> check_step(const check::World& before, const check::World& after);

}  // namespace zab::conform
