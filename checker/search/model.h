// What the explorers see of a model, and the words they share with it. The explorers (BFS, DFS,
// random walks; replay and the shrinker) are written against the `Model` concept below and know
// nothing else: the simulated world of the implementation (checker/explore/world_model.h) is one
// model, the executable spec another. A model is a value type for its states plus a small object
// that answers the questions below about them; its properties come with it.
#pragma once

#include <concepts>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace zab::search {

// What a check found wrong: the property's id and one sentence naming servers and zxids.
struct Violation {
  std::string property;
  std::string detail;
  bool operator==(const Violation&) const = default;
};

// Not in any property catalogue: a ZK_ASSERT in the code under test failed. Under the checker an
// assertion failure is a counterexample like any violated property (STYLE.md).
inline constexpr std::string_view kAssertionProperty = "assertion";

// A failure of the checker itself (an invariant of the world or of a model, a bug in the tool),
// as opposed to AssertionFailure, which the code under test throws. Never a counterexample: the
// explorers let it through and the command line reports it as an internal error.
struct CheckerFailure : std::logic_error {
  using std::logic_error::logic_error;
};

// The fault budgets an action may spend, for random walks' fault mixes (swarm testing). A model
// classifies each action into one of these, or none (the system's own progress, free timers,
// client choices).
enum class FaultClass : uint8_t { kCrash, kRestart, kPartition, kDrop, kDelay };
inline constexpr int kFaultClassCount = 5;
std::string_view to_string(FaultClass fault);

// Sometimes-goals reached so far: bit i is the model's goal i (at most 64 goals).
using GoalSet = uint64_t;

// A liveness property's verdict inputs for one state: whether the state is one the property
// constrains (eligible) and whether it is a goal state. Bit i is the model's eventually-property i.
struct LivenessBits {
  uint32_t goal = 0;
  uint32_t eligible = 0;
};

// The model concept. `M::State` is a value (copied for every successor); `M::Action` a small
// value naming one step. All members are const and thread-safe: parallel explorers share one M.
template <class M>
concept Model = requires(const M& m, const typename M::State& s, typename M::State& ms,
                         const typename M::Action& a, std::vector<typename M::Action>& out,
                         std::string_view line, size_t i, typename M::Sharing& sharing) {
  // ---- The state space.
  // Enabled actions in a fixed order (the same state always lists the same actions).
  { m.actions(s, out) } -> std::same_as<void>;
  // Takes an enabled action; a protocol assertion throws AssertionFailure, a failure of the
  // model itself CheckerFailure.
  { m.perform(ms, a) } -> std::same_as<void>;
  { m.fingerprint(s) } -> std::convertible_to<uint64_t>;
  // Whether the explorers expand this state (it is checked either way).
  { m.within_bounds(s) } -> std::convertible_to<bool>;
  // The canonical one-line name of an enabled action, and back: the enabled action whose name is
  // exactly `line`, if any (what a trace stores and replay reads).
  { m.name(s, a) } -> std::convertible_to<std::string>;
  { m.parse(s, line) } -> std::same_as<std::optional<typename M::Action>>;
  { m.fault_class(a) } -> std::same_as<std::optional<FaultClass>>;
  // ---- What to check (the model's selected properties).
  { m.check_invariants(s) } -> std::same_as<std::optional<Violation>>;
  { m.check_transition(s, a, s) } -> std::same_as<std::optional<Violation>>;
  // Sometimes-goals: states some run must reach for a green result to mean anything.
  { m.goal_count() } -> std::convertible_to<size_t>;
  { m.goal_id(i) } -> std::convertible_to<std::string_view>;
  { m.goal_reached(i, s) } -> std::convertible_to<bool>;
  // Liveness ("eventually") properties, checked on the recorded state graph: from every eligible
  // state some goal state must be reachable. All of the model's are recorded in a graph (for
  // DOT export); the selected ones are checked. `eventually_detail` words a failure.
  { m.eventually_count() } -> std::convertible_to<size_t>;
  { m.eventually_id(i) } -> std::convertible_to<std::string_view>;
  { m.eventually_checked(i) } -> std::convertible_to<bool>;
  { m.liveness_bits(s) } -> std::same_as<LivenessBits>;
  { m.eventually_detail(i, uint64_t{}, uint64_t{}) } -> std::convertible_to<std::string>;
  // ---- Partial-order reduction by sleep sets (BFS). por_bit(a): the bit of an action that may
  // sleep (0: never sleeps); por_conflicts(a): the bits of the actions that do not commute with a;
  // por_independent(before, a, after): a stayed independent of every sleeping action (it did
  // not, say, make its receiver change role). por_supported(start): the bits fit in 64.
  { m.por_bit(a) } -> std::convertible_to<uint64_t>;
  { m.por_conflicts(a) } -> std::convertible_to<uint64_t>;
  { m.por_independent(s, a, s) } -> std::convertible_to<bool>;
  { m.por_supported(s) } -> std::convertible_to<bool>;
  // ---- Memory: many states of a frontier share equal parts; `share` makes them share one copy
  // through a table the explorer keeps (`M::Sharing`), which forgets parts no state holds.
  { m.share(ms, sharing) } -> std::same_as<void>;
  { sharing.evict_unshared() } -> std::same_as<void>;
};

}  // namespace zab::search
