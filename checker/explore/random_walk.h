// Random walks and swarm testing, for horizons too deep for BFS (DESIGN.md, "Explorers").
//
// A simulation runs walks 0, 1, 2, ... from one start world. Each walk is a function of
// (seed, walk index) alone: its own generator is seeded from splitmix64 of the two, so any walk
// replays by its index, on any thread count, without re-running the walks before it. A walk
// takes a random enabled action per step (a fault with probability `fault_rate` when one is
// enabled), checks the transition properties on every step and the invariants on every state,
// and stops at the depth bound, at a violation, when the world leaves its bounds, or when
// nothing is enabled.
//
// With `swarm`, each walk also draws its own fault mix (which fault kinds it may use and how
// often), as in Groce et al.'s swarm testing and TigerBeetle's VOPR: a walk that never
// partitions explores deeper crash schedules than one whose fault budget a partition spends.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "checker/explore/search.h"
#include "checker/world/world.h"
#include "properties/property.h"

namespace zab::check {

// The kinds of fault a walk's mix allows or forbids. A heal belongs to kPartition (it undoes
// one); a timer fired early is a kDelay.
enum class FaultKind : uint8_t { kCrash, kRestart, kPartition, kDrop, kDelay };
inline constexpr int kFaultKindCount = 5;

// Which faults one walk may inject, and how often.
struct FaultMix {
  uint8_t allowed = 0x1f;  // bit per FaultKind
  double fault_rate = 0;   // the probability of a fault at a step where one is enabled
  bool allows(FaultKind kind) const { return (allowed >> static_cast<int>(kind)) & 1u; }
  bool allows(const Action& a) const;
  // "crash restart drop, fault rate 0.1" ("no faults" when none is allowed).
  std::string describe() const;
  bool operator==(const FaultMix&) const = default;
};

struct SimulationProgress {
  uint64_t walks = 0;  // walks finished
  uint64_t steps = 0;  // actions taken by all walks so far
  int depth = 0;       // the longest walk so far
  double seconds = 0;
  uint64_t rss_bytes = 0;
};

struct RandomWalkOptions {
  uint64_t seed = 1;
  int walks = 10'000;
  int depth_max = 200;  // actions per walk
  int threads = 1;
  double fault_rate = 0.05;  // with `swarm`, each walk scales it by a factor of its own
  bool swarm = false;
  std::function<void(const SimulationProgress&)> on_progress;  // from a reporter thread
  double progress_seconds = 3.0;
  props::PropertySet properties = props::PropertySet::all_safety();
  // When set and raised, running walks are cancelled and no walk starts (Cut::kStopped).
  const std::atomic<bool>* stop = nullptr;
};

// Why a walk stopped.
enum class WalkEnd : uint8_t { kDepth, kViolation, kQuiescent, kOutOfBounds, kCancelled };
std::string_view to_string(WalkEnd end);

// One walk, everything needed to report or replay it.
struct WalkOutcome {
  int walk = 0;
  uint64_t walk_seed = 0;  // walk_seed(options.seed, walk)
  FaultMix mix;
  WalkEnd end = WalkEnd::kDepth;
  std::optional<props::Violation> violation;
  std::vector<Action> trace;  // every action taken; on a violation, the last one violates
  std::vector<std::string> trace_names;  // filled for the walk a simulation reports
  // The fingerprint of the last state the walk completed (the state before a step that tripped
  // an assertion, since that step left no consistent state).
  uint64_t final_fingerprint = 0;
};

struct SimulationResult {
  uint64_t walks = 0;  // walks counted: 0..the violating walk, or all of them
  uint64_t steps = 0;  // actions taken by the walks counted
  int depth = 0;       // the longest walk counted
  // Distinct states the counted walks visited: a HyperLogLog estimate (about 1% error), since
  // an exact set of every state of millions of walks would not fit in memory.
  uint64_t distinct_estimate = 0;
  double seconds = 0;
  uint64_t peak_rss_bytes = 0;
  // The violating walk with the smallest index (with its trace names), if any.
  std::optional<WalkOutcome> failure;
  std::vector<std::string> reached;    // sometimes-goals reached by the counted walks
  std::vector<std::string> unreached;  // sometimes-goals never reached
  // Stopped early (kStopped, kOutOfMemory): the walks counted are the ones that finished, and
  // the result is no longer independent of the thread count.
  Cut cut = Cut::kNone;
};

// The generator seed of walk `walk` of a simulation seeded with `seed` (splitmix64 mixing, so
// neighbouring walks get unrelated streams).
uint64_t walk_seed(uint64_t seed, int walk);

// Runs walks 0..options.walks-1 over options.threads threads. Walks are handed out in index
// order; once a walk fails, no walk with a higher index starts and running ones are cancelled,
// and only walks up to the failing one are counted: so the whole result (but the timings) is
// the same for any thread count.
SimulationResult simulate(const World& start, const RandomWalkOptions& options);

// Runs walk `walk` alone, exactly as simulate() runs it (with its trace names filled).
WalkOutcome replay_walk(const World& start, const RandomWalkOptions& options, int walk);

}  // namespace zab::check
