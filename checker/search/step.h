// The one check every explorer makes of a step, and replay and the shrinker too:
//  1. perform the action, a failed assertion of the code under test (AssertionFailure) being a
//     violation of the pseudo-property "assertion";
//  2. the transition properties over (before, action, after);
//  3. for a state the caller reaches for the first time (or every state, for a walk), the
//     invariants, then the sometimes-goals it reaches.
// A search::CheckerFailure (a broken invariant of the model, a bug in the tool) is not caught:
// it is not a counterexample and must reach the user as what it is.
#pragma once

#include <optional>

#include "checker/search/model.h"
#include "impl/core/check.h"

namespace zab::search {

// Performs `a` on `state`; a protocol assertion becomes a violation (the state is then half
// stepped and means nothing).
template <Model M>
std::optional<Violation> perform_checked(const M& m, typename M::State& state,
                                         const typename M::Action& a) {
  try {
    m.perform(state, a);
  } catch (const AssertionFailure& e) {
    return Violation{std::string(kAssertionProperty), e.what()};
  }
  return std::nullopt;
}

// Steps 1 and 2: `after` starts as a copy of `before`.
template <Model M>
std::optional<Violation> take_step(const M& m, const typename M::State& before,
                                   const typename M::Action& a, typename M::State& after) {
  if (auto v = perform_checked(m, after, a)) return v;
  return m.check_transition(before, a, after);
}

// Adds to `reached` the goals `state` reaches (skipping those already in `reached | skip`).
template <Model M>
void note_goals(const M& m, const typename M::State& state, GoalSet& reached, GoalSet skip = 0) {
  const size_t count = m.goal_count();
  for (size_t i = 0; i < count; ++i) {
    const GoalSet bit = GoalSet{1} << i;
    if (!((reached | skip) & bit) && m.goal_reached(i, state)) reached |= bit;
  }
}

// Step 3 (the goals a violating state reaches count too).
template <Model M>
std::optional<Violation> check_new_state(const M& m, const typename M::State& state,
                                         GoalSet& reached, GoalSet skip = 0) {
  auto v = m.check_invariants(state);
  note_goals(m, state, reached, skip);
  return v;
}

// Steps 1 to 3, for explorers that check every state they reach.
template <Model M>
std::optional<Violation> check_step(const M& m, const typename M::State& before,
                                    const typename M::Action& a, typename M::State& after,
                                    GoalSet& reached, GoalSet skip = 0) {
  if (auto v = take_step(m, before, a, after)) return v;
  return check_new_state(m, after, reached, skip);
}

// The goal ids of `reached` and of the goals not in it, in the model's order.
template <Model M>
void split_goals(const M& m, GoalSet reached, std::vector<std::string>& yes,
                 std::vector<std::string>& no) {
  for (size_t i = 0; i < m.goal_count(); ++i)
    ((reached >> i) & 1u ? yes : no).emplace_back(m.goal_id(i));
}

// The names of `trace` taken from `start`; a trace may end with the step that trips an assertion.
template <Model M>
std::vector<std::string> name_trace(const M& m, const typename M::State& start,
                                    const std::vector<typename M::Action>& trace) {
  typename M::State state = start;
  std::vector<std::string> names;
  for (const auto& a : trace) {
    names.push_back(m.name(state, a));
    if (perform_checked(m, state, a)) break;
  }
  return names;
}

}  // namespace zab::search
