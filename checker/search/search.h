// The exhaustive explorers' options and results, for any model. A search starts from one state,
// runs the one step check (step.h) on every transition, records which sometimes-goals were
// reached, checks the liveness properties on the recorded state graph, and returns a path to
// the first violation (the shortest one, for BFS).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checker/search/liveness.h"
#include "checker/search/model.h"

namespace zab::search {

// TLC: n * (m - n) / 2^64 for n distinct states out of m generated.
inline double fingerprint_collision(uint64_t distinct, uint64_t generated) {
  const double n = static_cast<double>(distinct);
  const double m = static_cast<double>(generated);
  return m > n ? n * (m - n) / 18446744073709551616.0 : 0.0;
}

struct Progress {
  uint64_t distinct = 0;
  uint64_t generated = 0;
  uint64_t queue = 0;
  int depth = 0;
  double seconds = 0;
  uint64_t rss_bytes = 0;
  int bound = 0;  // a depth-first search's depth bound (0: none)
};

// The largest depth bound of a depth-first search: its visited set keeps budgets in 16 bits.
inline constexpr int kDepthBoundMax = 0xFFFE;

// Iterative deepening's account (deepening.h): the bound of its last round, how many rounds ran,
// and whether the last one exhausted the state space within its bound (then the search is
// complete, as one without a depth bound would be).
struct Deepening {
  int bound = 0;
  int rounds = 0;
  bool complete = false;
};

// Why a search ended before covering its bounds (besides a violation).
enum class Cut : uint8_t {
  kNone,         // covered up to depth_max and the model's bounds
  kStateMax,     // state_max distinct states were reached
  kStopped,      // *stop was raised (the caller's memory limit, or a signal)
  kOutOfMemory,  // an allocation failed; the figures are those reached before it
};
std::string_view to_string(Cut cut);  // "", "state-max", "stopped", "out-of-memory"

// Whether the caller's stop flag (SearchOptions::stop, RandomWalkOptions::stop) is raised.
inline bool stop_raised(const std::atomic<bool>* stop) {
  return stop && stop->load(std::memory_order_relaxed);
}

struct SearchOptions {
  int threads = 1;
  int depth_max = 0;  // 0: unbounded
  // Stop expanding after this many distinct states (0: unbounded), checked while a BFS level
  // is expanded (so a level may overshoot by a few chunks of states); the result says so.
  uint64_t state_max = 0;
  // When set and raised, the workers stop taking states and the search returns what it has
  // (Cut::kStopped). Set from a signal handler or a memory watch, so only an atomic flag.
  const std::atomic<bool>* stop = nullptr;
  // Record the state graph (every transition), for DOT export; always recorded when the model
  // has liveness properties.
  bool record_graph = false;
  // Partial-order reduction by sleep sets (BFS; off when the graph is recorded). The distinct
  // states are exactly the same either way.
  bool por = true;
  // Called every `progress_seconds` from a reporter thread.
  std::function<void(const Progress&)> on_progress;
  double progress_seconds = 3.0;
};

template <class Action>
struct SearchResult {
  std::optional<Violation> violation;
  std::vector<Action> trace;             // from the start state to the violation
  std::vector<std::string> trace_names;  // the same, as canonical action names
  uint64_t distinct = 0;
  uint64_t generated = 0;
  uint64_t pruned = 0;  // transitions the sleep sets skipped (generated + pruned
                        // is what the search would generate without them)
  int depth = 0;        // deepest level reached
  double seconds = 0;
  uint64_t peak_rss_bytes = 0;
  uint64_t visited_bytes = 0;
  bool bounded = false;                // some state was not expanded (depth, state or epoch bound)
  bool depth_cut = false;              // DFS: the depth bound left a state with actions unexpanded
  bool model_cut = false;              // DFS: the model's bounds (an epoch bound) did
  uint64_t reexpanded = 0;             // DFS: states expanded again, reached by a shorter path
  std::optional<Deepening> deepening;  // DFS without a depth bound: the rounds it ran
  Cut cut = Cut::kNone;                // why the search stopped early, if it did
  std::vector<std::string> reached;    // sometimes-goals reached (all goals are tracked)
  std::vector<std::string> unreached;  // sometimes-goals never reached
  std::vector<LivenessResult> liveness;  // one per liveness property, when the graph was recorded
  std::optional<StateGraph<Action>> graph;

  // TLC's estimate of the probability that two distinct states shared a fingerprint.
  double collision_probability() const { return fingerprint_collision(distinct, generated); }
};

// Whether a search must record the state graph: asked to, or a liveness property is selected.
template <Model M>
bool needs_graph(const M& m, const SearchOptions& o) {
  for (size_t i = 0; i < m.eventually_count(); ++i)
    if (m.eventually_checked(i)) return true;
  return o.record_graph;
}

// Resident memory of this process, from /proc (0 where unavailable).
uint64_t current_rss_bytes();

// The checked liveness properties' verdicts on the recorded graph, when no safety property
// failed; the first that fails becomes the violation (with the path to its shallowest stuck
// state). A search that stopped short of its bounds (stopped, out of memory; a state bound is a
// bound like the others) leaves them unchecked.
template <Model M, class Action>
void check_liveness(const M& m, SearchResult<Action>& r) {
  if (!r.graph || r.violation) return;
  const bool unfinished = r.cut == Cut::kStopped || r.cut == Cut::kOutOfMemory;
  for (size_t i = 0; i < m.eventually_count(); ++i) {
    if (!m.eventually_checked(i)) continue;
    if (unfinished) {
      LivenessResult unchecked;
      unchecked.property = std::string(m.eventually_id(i));
      unchecked.checked = false;
      r.liveness.push_back(std::move(unchecked));
      continue;
    }
    LivenessResult live = check_eventually(*r.graph, i);
    live.property = std::string(m.eventually_id(i));
    if (!live.holds && !r.violation) {
      r.violation = Violation{live.property, m.eventually_detail(i, live.stuck, live.eligible)};
      r.trace = path_to_node(*r.graph, *live.witness);
    }
    r.liveness.push_back(std::move(live));
  }
}

}  // namespace zab::search
