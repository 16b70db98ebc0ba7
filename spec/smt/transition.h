// The spec's transition relation and properties as Z3 terms, for `zabcheck spec --smt`.
//
// Every action instance (kind, a, b) of the configuration is concrete, so the servers an action
// touches are known and only the values are symbolic: `enabled` is SpecModel::actions' guard
// for that instance and `perform` is SpecModel::perform, written over terms. The two are kept
// in step by a test that evaluates both encodings on every state of a random walk of the
// concrete spec, for every seeded bug, and compares guards, successors and verdicts.
#pragma once

#include <z3++.h>

#include <string_view>
#include <vector>

#include "spec/smt/symbolic_state.h"

namespace zab::spec::smt {

class SymbolicSpec {
 public:
  SymbolicSpec(z3::context& ctx, const SpecConfig& cfg);
  const Shape& shape() const { return shape_; }

  // Every action instance of the configuration, in a fixed order (a step's choice is an index).
  const std::vector<Action>& instances() const { return instances_; }

  z3::expr enabled(const SymState& s, const Action& a) const;
  // The action's effect, then the ghost's bookkeeping (SpecModel::perform).
  SymState perform(const SymState& s, const Action& a) const;

  // One step: `choice` picks an instance (its index), which must be enabled; the successor is
  // the merge of every instance's effect under its choice. Constraints go to `out`.
  SymState step(const SymState& s, const z3::expr& choice, z3::expr_vector& out) const;

  // No two adjacent steps `first`, `second` are independent (independence.h) with `second` the
  // smaller instance: every
  // path has an equivalent one (same length, same last state) in this lexicographic normal form
  // (peephole partial-order reduction, Wang et al., TACAS 2008).
  z3::expr in_normal_order(const z3::expr& first, const z3::expr& second) const;

  // SpecModel::within_bounds (the states the explorers expand).
  z3::expr within_bounds(const SymState& s) const;
  // The invariant `property` is broken in `s` (false for a transition property).
  z3::expr broken(std::string_view property, const SymState& s) const;
  // primary-integrity is broken by the step `choice` from `before` to `after`.
  z3::expr integrity_broken(const SymState& before, const z3::expr& choice,
                            const SymState& after) const;

 private:
  bool bug(SpecBug b) const { return cfg_.bug == b; }
  int quorum() const { return cfg_.servers / 2 + 1; }
  z3::expr quorum_of(const z3::expr& mask) const;
  z3::expr connected(const SymState& s, int f, int l) const;
  z3::expr more_recent(const SymState& s, int a, int b) const;
  void elect(SymState& s, int l) const;
  void ack_epoch(SymState& s, int f, int l) const;
  void new_leader(SymState& s, int f, int l) const;
  void up_to_date(SymState& s, int f, int l) const;
  void propose(SymState& s, int l) const;
  void ack(SymState& s, int f, int l) const;
  void follower_gives_up(SymState& s, int f) const;
  void give_up(SymServer& sv) const;
  void effect(SymState& s, const Action& a) const;
  void note_commits(SymState& s) const;

  z3::context& ctx_;
  SpecConfig cfg_;
  Shape shape_;
  std::vector<Action> instances_;
};

}  // namespace zab::spec::smt
