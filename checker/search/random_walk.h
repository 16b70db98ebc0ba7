// Random walks and swarm testing over any model, for horizons too deep for BFS (DESIGN.md,
// "Explorers").
//
// A simulation runs walks 0, 1, 2, ... from one start state. Each walk is a function of
// (seed, walk index) alone: its own generator is seeded from splitmix64 of the two, so any walk
// replays by its index, on any thread count, without re-running the walks before it. A walk
// takes a random enabled action per step (a fault with probability `fault_rate` when one is
// enabled), runs the one step check (step.h) on every step, and stops at the depth bound, at a
// violation, when the state leaves its bounds, or when nothing is enabled.
//
// With `swarm`, each walk also draws its own fault mix (which fault classes it may use and how
// often), as in Groce et al.'s swarm testing and TigerBeetle's VOPR: a walk that never
// partitions explores deeper crash schedules than one whose fault budget a partition spends.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <climits>
#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <new>
#include <optional>
#include <random>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "checker/search/reporter.h"
#include "checker/search/search.h"
#include "checker/search/step.h"

namespace zab::search {

// Which fault classes one walk may inject, and how often. A heal belongs to kPartition (it
// undoes one); a timer fired early is a kDelay.
struct FaultMix {
  uint8_t allowed = 0x1f;  // bit per FaultClass
  double fault_rate = 0;   // the probability of a fault at a step where one is enabled
  bool allows(FaultClass c) const { return (allowed >> static_cast<int>(c)) & 1u; }
  // A non-fault (nullopt) is always allowed.
  bool allows(std::optional<FaultClass> c) const { return !c || allows(*c); }
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
  // When set and raised, running walks are cancelled and no walk starts (Cut::kStopped).
  const std::atomic<bool>* stop = nullptr;
};

// Why a walk stopped.
enum class WalkEnd : uint8_t { kDepth, kViolation, kQuiescent, kOutOfBounds, kCancelled };
std::string_view to_string(WalkEnd end);

// One walk, everything needed to report or replay it.
template <class Action>
struct WalkOutcome {
  int walk = 0;
  uint64_t walk_seed = 0;  // walk_seed(options.seed, walk)
  FaultMix mix;
  WalkEnd end = WalkEnd::kDepth;
  std::optional<Violation> violation;
  std::vector<Action> trace;  // every action taken; on a violation, the last one violates
  std::vector<std::string> trace_names;  // filled for the walk a simulation reports
  // The fingerprint of the last state the walk completed (the state before a step that tripped
  // an assertion, since that step left no consistent state).
  uint64_t final_fingerprint = 0;
};

template <class Action>
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
  std::optional<WalkOutcome<Action>> failure;
  std::vector<std::string> reached;    // sometimes-goals reached by the counted walks
  std::vector<std::string> unreached;  // sometimes-goals never reached
  // Stopped early (kStopped, kOutOfMemory): the walks counted are the ones that finished, and
  // the result is no longer independent of the thread count.
  Cut cut = Cut::kNone;
};

// The generator seed of walk `walk` of a simulation seeded with `seed` (splitmix64 mixing, so
// neighbouring walks get unrelated streams).
uint64_t walk_seed(uint64_t seed, int walk);

namespace walk_detail {

uint64_t splitmix64(uint64_t x);

// std::uniform_int_distribution and friends are implementation-defined, so a seed would replay
// differently with another standard library; mt19937_64's output itself is fixed by the standard.
inline size_t below(std::mt19937_64& rng, size_t n) {
  return static_cast<size_t>(rng() % n);
}
inline bool chance(std::mt19937_64& rng, double p) {
  return static_cast<double>(rng() >> 11) * 0x1.0p-53 < p;
}

// Swarm testing: each fault class is in or out with probability 1/2 (Groce et al.), and the
// rate is scaled by a factor from 1/4 to 8, so some walks are nearly fault-free and deep while
// others are storms. Drawn first, from the walk's own generator.
FaultMix draw_mix(std::mt19937_64& rng, const RandomWalkOptions& o);

// HyperLogLog (Flajolet et al. 2007) over state fingerprints: 2^14 one-byte registers, about
// 0.8% standard error. Adding is a max per register, so the estimate does not depend on the
// order in which walks are folded in.
class DistinctSketch {
 public:
  void add(uint64_t fingerprint);
  uint64_t estimate() const;

 private:
  static constexpr int kBits = 14;
  static constexpr size_t kRegisters = size_t{1} << kBits;
  std::array<uint8_t, kRegisters> registers_{};
};

// A random enabled action the mix allows: a fault with probability fault_rate when one is
// enabled (always, when only faults are: a crash in a quiet cluster is what finds durability
// bugs, unless the rate is 0), otherwise a uniformly random non-fault action.
template <Model M>
struct Chooser {
  std::vector<typename M::Action> enabled, calm, faults;

  std::optional<typename M::Action> choose(const M& m, const typename M::State& state,
                                           const FaultMix& mix, std::mt19937_64& rng) {
    m.actions(state, enabled);
    calm.clear();
    faults.clear();
    for (const auto& a : enabled) {
      const auto fault = m.fault_class(a);
      if (!fault)
        calm.push_back(a);
      else if (mix.allows(fault))
        faults.push_back(a);
    }
    if (faults.empty() && calm.empty()) return std::nullopt;
    bool fault = false;
    if (!faults.empty()) fault = calm.empty() ? mix.fault_rate > 0 : chance(rng, mix.fault_rate);
    if (!fault && calm.empty()) return std::nullopt;
    const auto& from = fault ? faults : calm;
    return from[below(rng, from.size())];
  }
};

// What a simulation needs from a walk besides its outcome.
template <class Action>
struct WalkRecord {
  WalkOutcome<Action> outcome;
  std::vector<uint64_t> fingerprints;  // every state visited, for the distinct estimate
  GoalSet reached = 0;
};

struct WalkControl {
  GoalSet known_goals = 0;                       // goals already reached: no need to test them
  const std::atomic<int>* stop_after = nullptr;  // cancel when our index is above this
  const std::atomic<bool>* halt = nullptr;       // cancel when raised
};

// One walk. Like BFS, a state outside the bounds is checked but not expanded.
template <Model M>
WalkRecord<typename M::Action> run_walk(const M& m, const typename M::State& start,
                                        const RandomWalkOptions& o, int walk,
                                        const WalkControl& control) {
  WalkRecord<typename M::Action> r;
  auto& out = r.outcome;
  out.walk = walk;
  out.walk_seed = walk_seed(o.seed, walk);
  std::mt19937_64 rng(out.walk_seed);
  out.mix = draw_mix(rng, o);
  Chooser<M> chooser;
  typename M::State state = start;
  out.violation = check_new_state(m, state, r.reached, control.known_goals);
  r.fingerprints.push_back(m.fingerprint(state));
  while (!out.violation) {
    if (static_cast<int>(out.trace.size()) >= o.depth_max) {
      out.end = WalkEnd::kDepth;
      break;
    }
    if (!m.within_bounds(state)) {
      out.end = WalkEnd::kOutOfBounds;
      break;
    }
    if ((control.stop_after && out.walk > control.stop_after->load(std::memory_order_relaxed)) ||
        stop_raised(control.halt) || stop_raised(o.stop)) {
      out.end = WalkEnd::kCancelled;
      break;
    }
    const auto action = chooser.choose(m, state, out.mix, rng);
    if (!action) {
      out.end = WalkEnd::kQuiescent;
      break;
    }
    out.trace.push_back(*action);
    typename M::State next = state;
    out.violation = take_step(m, state, *action, next);
    if (out.violation && out.violation->property == kAssertionProperty) break;  // half stepped
    // The goals of a state a transition property failed into count too.
    auto invariant = check_new_state(m, next, r.reached, control.known_goals);
    if (!out.violation) out.violation = std::move(invariant);
    state = std::move(next);
    r.fingerprints.push_back(m.fingerprint(state));
  }
  if (out.violation) out.end = WalkEnd::kViolation;
  out.final_fingerprint = r.fingerprints.back();
  return r;
}

// The parallel driver. Walks are handed out in index order; finished walks wait in `pending_`
// until every walk below them has finished, then are folded into the result in index order.
// A failing walk stops the hand-out above it, and only walks up to the smallest failing index
// are folded, so what is folded never depends on timing.
template <Model M>
class Simulation {
  using Action = typename M::Action;

 public:
  Simulation(const M& m, const typename M::State& start, const RandomWalkOptions& options)
      : m_(m), start_(start), options_(options) {
    if (m.goal_count() > 64) throw CheckerFailure("more than 64 sometimes-goals");
  }
  SimulationResult<Action> run();

 private:
  void work();
  void finish(WalkRecord<Action> record);
  void fold(WalkRecord<Action>& record);
  void report_progress(std::chrono::steady_clock::time_point started) const;

  const M& m_;
  const typename M::State& start_;
  const RandomWalkOptions& options_;
  std::atomic<int> next_walk_{0};
  std::atomic<int> stop_after_{INT_MAX};  // the smallest failing walk so far
  std::atomic<GoalSet> known_goals_{0};   // reached by folded walks
  std::atomic<uint64_t> walks_finished_{0};
  std::atomic<uint64_t> steps_taken_{0};
  std::atomic<int> deepest_{0};
  std::mutex mu_;  // guards everything below
  std::map<int, WalkRecord<Action>> pending_;
  int next_fold_ = 0;
  SimulationResult<Action> result_;
  GoalSet reached_ = 0;
  DistinctSketch distinct_;
  std::exception_ptr error_;  // anything but a protocol assertion: a bug in the model or tool
  std::atomic<bool> halted_{false};  // out of memory: every walk stops
  bool out_of_memory_ = false;
  std::atomic<bool> stopped_early_{false};  // a walk was cancelled or not started for a stop
};

template <Model M>
void Simulation<M>::work() {
  try {
    for (;;) {
      const int walk = next_walk_.fetch_add(1);
      if (walk >= options_.walks || walk > stop_after_.load()) return;
      if (stop_raised(&halted_) || stop_raised(options_.stop)) {
        stopped_early_ = true;
        return;
      }
      auto record =
          run_walk(m_, start_, options_, walk, {known_goals_.load(), &stop_after_, &halted_});
      if (record.outcome.violation) {
        int seen = stop_after_.load();
        while (walk < seen && !stop_after_.compare_exchange_weak(seen, walk)) {
        }
      }
      walks_finished_.fetch_add(1, std::memory_order_relaxed);
      steps_taken_.fetch_add(record.outcome.trace.size(), std::memory_order_relaxed);
      int deepest = deepest_.load();
      const int depth = static_cast<int>(record.outcome.trace.size());
      while (depth > deepest && !deepest_.compare_exchange_weak(deepest, depth)) {
      }
      finish(std::move(record));
    }
  } catch (const std::bad_alloc&) {
    std::lock_guard lock(mu_);
    out_of_memory_ = true;
    halted_ = true;  // stop every walk; the finished ones are still counted
  } catch (...) {
    std::lock_guard lock(mu_);
    if (!error_) error_ = std::current_exception();
    stop_after_.store(-1);  // stop every walk
  }
}

template <Model M>
void Simulation<M>::finish(WalkRecord<Action> record) {
  std::lock_guard lock(mu_);
  const int walk = record.outcome.walk;
  if (walk > stop_after_.load()) return;            // beyond the failure: never counted
  if (record.outcome.end == WalkEnd::kCancelled) {  // stopped half way: not counted
    stopped_early_ = true;
    return;
  }
  pending_.emplace(walk, std::move(record));
  // Walks above the failure may have finished, and be pending, before it failed.
  while (!pending_.empty() && pending_.begin()->first == next_fold_ &&
         next_fold_ <= stop_after_.load()) {
    fold(pending_.begin()->second);
    pending_.erase(pending_.begin());
    ++next_fold_;
  }
}

template <Model M>
void Simulation<M>::fold(WalkRecord<Action>& record) {
  auto& out = record.outcome;
  result_.walks += 1;
  result_.steps += out.trace.size();
  result_.depth = std::max(result_.depth, static_cast<int>(out.trace.size()));
  for (const uint64_t fp : record.fingerprints)
    distinct_.add(fp);
  reached_ |= record.reached;
  known_goals_.store(reached_);
  if (out.violation && !result_.failure) result_.failure = std::move(out);
}

template <Model M>
SimulationResult<typename M::Action> Simulation<M>::run() {
  const auto started = std::chrono::steady_clock::now();
  Reporter reporter(
      options_.progress_seconds,
      options_.on_progress ? std::function<void()>([&] { report_progress(started); }) : nullptr);
  std::vector<std::thread> pool;
  try {
    for (int t = 1; t < options_.threads; ++t)
      pool.emplace_back([this] { work(); });
  } catch (const std::system_error&) {  // no more threads to be had: those started share it
  }
  work();
  for (auto& th : pool)
    th.join();
  reporter.stop();
  if (error_) std::rethrow_exception(error_);
  if (out_of_memory_ || stopped_early_) {
    // Stopped: the walks that finished after a gap (a cancelled walk) count too.
    result_.cut = out_of_memory_ ? Cut::kOutOfMemory : Cut::kStopped;
    for (auto& [walk, record] : pending_)
      if (walk <= stop_after_.load()) fold(record);
    pending_.clear();
  }

  SimulationResult<Action> r = std::move(result_);
  r.distinct_estimate = distinct_.estimate();
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  r.peak_rss_bytes = current_rss_bytes();
  split_goals(m_, reached_, r.reached, r.unreached);
  if (r.failure) r.failure->trace_names = name_trace(m_, start_, r.failure->trace);
  return r;
}

template <Model M>
void Simulation<M>::report_progress(std::chrono::steady_clock::time_point started) const {
  SimulationProgress p;
  p.walks = walks_finished_.load();
  p.steps = steps_taken_.load();
  p.depth = deepest_.load();
  p.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  p.rss_bytes = current_rss_bytes();
  options_.on_progress(p);
}

}  // namespace walk_detail

// Runs walks 0..options.walks-1 over options.threads threads. Walks are handed out in index
// order; once a walk fails, no walk with a higher index starts and running ones are cancelled,
// and only walks up to the failing one are counted: so the whole result (but the timings) is
// the same for any thread count.
template <Model M>
SimulationResult<typename M::Action> simulate(const M& m, const typename M::State& start,
                                              const RandomWalkOptions& options) {
  RandomWalkOptions o = options;
  o.threads = std::max(1, o.threads);
  walk_detail::Simulation<M> simulation(m, start, o);
  return simulation.run();
}

// Runs walk `walk` alone, exactly as simulate() runs it (with its trace names filled).
template <Model M>
WalkOutcome<typename M::Action> replay_walk(const M& m, const typename M::State& start,
                                            const RandomWalkOptions& options, int walk) {
  auto out = walk_detail::run_walk(m, start, options, walk, walk_detail::WalkControl{}).outcome;
  out.trace_names = name_trace(m, start, out.trace);
  return out;
}

}  // namespace zab::search
