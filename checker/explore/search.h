// The explorers' common options and results. A search starts from one world, checks the
// selected properties on every transition (invariants on every new state), records which
// sometimes-goals were reached, and returns the shortest path to the first violation (BFS).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "checker/world/world.h"
#include "properties/property.h"

namespace zab::check {

struct Progress {
  uint64_t distinct = 0;
  uint64_t generated = 0;
  uint64_t queue = 0;
  int depth = 0;
  double seconds = 0;
  uint64_t rss_bytes = 0;
};

// Why a search ended before covering its bounds (besides a violation).
enum class Cut : uint8_t {
  kNone,         // covered up to depth_max and the world's bounds
  kStateMax,     // state_max distinct states were reached
  kStopped,      // *stop was raised (the caller's memory limit, or a signal)
  kOutOfMemory,  // an allocation failed; the figures are those reached before it
};
std::string_view to_string(Cut cut);  // "", "state-max", "stopped", "out-of-memory"

struct SearchOptions {
  props::PropertySet properties = props::PropertySet::all_safety();
  int threads = 1;
  int depth_max = 0;  // 0: unbounded
  // Stop expanding after this many distinct states (0: unbounded), checked while a BFS level
  // is expanded (so a level may overshoot by a few chunks of states); the result says so.
  uint64_t state_max = 0;
  // When set and raised, the workers stop taking states and the search returns what it has
  // (Cut::kStopped). Set from a signal handler or a memory watch, so only an atomic flag.
  const std::atomic<bool>* stop = nullptr;
  // Record the state graph (every transition) for liveness checking and DOT export.
  bool record_graph = false;
  // Partial-order reduction by sleep sets over FLE deliveries to different servers (BFS; off
  // when the graph is recorded). The distinct states are exactly the same either way.
  bool por = true;
  // Called every `progress_seconds` from a reporter thread.
  std::function<void(const Progress&)> on_progress;
  double progress_seconds = 3.0;
};

// The reachable state graph, when recorded: node i is the i-th distinct state in BFS order.
struct StateGraph {
  std::vector<uint64_t> fingerprints;
  std::vector<std::pair<uint32_t, uint32_t>> edges;
  std::vector<std::string> edge_labels;  // only filled for small graphs (DOT export)
  std::vector<bool> leader;              // an established leader exists
  std::vector<bool> eligible;            // fault budget spent and a live, connected quorum
  std::vector<bool> expanded;            // its transitions were explored (not cut off by a bound)
  std::vector<uint32_t> parent;          // BFS tree, for paths
  std::vector<Action> via;               // the action from the parent
};

struct SearchResult {
  std::optional<props::Violation> violation;
  std::vector<Action> trace;             // from the start world to the violation
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
  Cut cut = Cut::kNone;                // why the search stopped early, if it did
  std::vector<std::string> reached;    // sometimes-goals reached (all goals are tracked)
  std::vector<std::string> unreached;  // sometimes-goals never reached
  std::optional<StateGraph> graph;

  // TLC's estimate of the probability that two distinct states shared a fingerprint.
  double collision_probability() const;
};

SearchResult bfs(const World& start, const SearchOptions& options);
SearchResult dfs(const World& start, const SearchOptions& options);

// The canonical names of `trace` replayed from `start` (throws if a step is not enabled).
std::vector<std::string> name_trace(const World& start, const std::vector<Action>& trace);

// Every property violated at the last step of `trace` (a BFS stops at the first one it checks).
std::vector<props::Violation> violations_at_end(const World& start,
                                                const std::vector<Action>& trace,
                                                const props::PropertySet& properties);

// Resident memory of this process, from /proc (0 where unavailable).
uint64_t current_rss_bytes();

}  // namespace zab::check
