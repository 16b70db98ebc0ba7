// Seeded random walks over the world, in parallel, with results independent of the thread count
// (see random_walk.h for the contract).
#include "checker/explore/random_walk.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <chrono>
#include <climits>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <new>
#include <random>
#include <system_error>
#include <thread>

#include "checker/explore/search.h"
#include "impl/core/check.h"

namespace zab::check {
namespace {

uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

// std::uniform_int_distribution and friends are implementation-defined, so a seed would replay
// differently with another standard library; mt19937_64's output itself is fixed by the standard.
size_t below(std::mt19937_64& rng, size_t n) {
  return static_cast<size_t>(rng() % n);
}
bool chance(std::mt19937_64& rng, double p) {
  return static_cast<double>(rng() >> 11) * 0x1.0p-53 < p;
}

std::optional<FaultKind> fault_kind(const Action& a) {
  if (!is_fault(a)) return std::nullopt;
  if (a.kind == ActionKind::kCrash) return FaultKind::kCrash;
  if (a.kind == ActionKind::kRestart) return FaultKind::kRestart;
  if (a.kind == ActionKind::kPartition || a.kind == ActionKind::kHeal) return FaultKind::kPartition;
  if (a.kind == ActionKind::kDrop) return FaultKind::kDrop;
  if (a.kind == ActionKind::kFire) return FaultKind::kDelay;
  return std::nullopt;  // a fault kind newer than the mixes: always allowed
}

// Swarm testing: each fault kind is in or out with probability 1/2 (Groce et al.), and the
// rate is scaled by a factor from 1/4 to 8, so some walks are nearly fault-free and deep while
// others are storms. Drawn first, from the walk's own generator.
FaultMix draw_mix(std::mt19937_64& rng, const RandomWalkOptions& o) {
  if (!o.swarm) return FaultMix{0x1f, o.fault_rate};
  static constexpr std::array<double, 6> kRateFactors = {0.25, 0.5, 1, 2, 4, 8};
  FaultMix mix;
  mix.allowed = static_cast<uint8_t>(rng() & 0x1f);
  mix.fault_rate = std::min(1.0, o.fault_rate * kRateFactors[below(rng, kRateFactors.size())]);
  return mix;
}

// A random enabled action the mix allows: a fault with probability fault_rate when one is
// enabled (always, when only faults are: a crash in a quiet cluster is what finds durability
// bugs, unless the rate is 0), otherwise a uniformly random non-fault action.
struct Chooser {
  std::vector<Action> enabled, calm, faults;

  std::optional<Action> choose(const World& world, const FaultMix& mix, std::mt19937_64& rng) {
    world.actions(enabled);
    calm.clear();
    faults.clear();
    for (const auto& a : enabled) {
      if (!is_fault(a))
        calm.push_back(a);
      else if (mix.allows(a))
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

// What simulate() needs from a walk besides its outcome.
struct WalkRecord {
  WalkOutcome outcome;
  std::vector<uint64_t> fingerprints;  // every state visited, for the distinct estimate
  uint64_t reached = 0;                // bit per sometimes-goal
};

struct WalkControl {
  uint64_t known_goals = 0;                      // goals already reached: no need to test them
  const std::atomic<int>* stop_after = nullptr;  // cancel when our index is above this
  const std::atomic<bool>* halt = nullptr;       // cancel when raised
};

bool raised(const std::atomic<bool>* flag) {
  return flag && flag->load(std::memory_order_relaxed);
}

void note_goals(const World& w, uint64_t skip, uint64_t& reached) {
  const auto& goals = props::all_sometimes();
  for (size_t i = 0; i < goals.size(); ++i) {
    const uint64_t bit = uint64_t{1} << i;
    if (!((skip | reached) & bit) && goals[i].reached(w)) reached |= bit;
  }
}

// Why the walk must stop before its next step, if it must. Like BFS, a state outside the
// bounds is checked but not expanded.
std::optional<WalkEnd> reason_to_stop(const World& world, const WalkOutcome& out,
                                      const RandomWalkOptions& o, const WalkControl& control) {
  if (static_cast<int>(out.trace.size()) >= o.depth_max) return WalkEnd::kDepth;
  if (!world.within_bounds()) return WalkEnd::kOutOfBounds;
  if (control.stop_after && out.walk > control.stop_after->load(std::memory_order_relaxed))
    return WalkEnd::kCancelled;
  if (raised(control.halt) || raised(o.stop)) return WalkEnd::kCancelled;
  return std::nullopt;
}

WalkRecord run_walk(const World& start, const RandomWalkOptions& o, int walk,
                    const WalkControl& control) {
  WalkRecord r;
  WalkOutcome& out = r.outcome;
  out.walk = walk;
  out.walk_seed = walk_seed(o.seed, walk);
  std::mt19937_64 rng(out.walk_seed);
  out.mix = draw_mix(rng, o);
  Chooser chooser;
  World world = start;
  out.violation = o.properties.check_invariants(world);
  note_goals(world, control.known_goals, r.reached);
  r.fingerprints.push_back(world.fingerprint());
  while (!out.violation) {
    if (const auto end = reason_to_stop(world, out, o, control)) {
      out.end = *end;
      break;
    }
    const auto action = chooser.choose(world, out.mix, rng);
    if (!action) {
      out.end = WalkEnd::kQuiescent;
      break;
    }
    out.trace.push_back(*action);
    World next = world;
    try {
      next.perform(*action);
    } catch (const AssertionFailure& e) {
      out.violation = props::Violation{"assertion", e.what()};
      break;
    }
    out.violation = o.properties.check_transition(world, *action, next);
    if (!out.violation) out.violation = o.properties.check_invariants(next);
    world = std::move(next);
    note_goals(world, control.known_goals, r.reached);
    r.fingerprints.push_back(world.fingerprint());
  }
  if (out.violation) out.end = WalkEnd::kViolation;
  out.final_fingerprint = r.fingerprints.back();
  return r;
}

// HyperLogLog (Flajolet et al. 2007) over state fingerprints: 2^14 one-byte registers, about
// 0.8% standard error. Adding is a max per register, so the estimate does not depend on the
// order in which walks are folded in.
class DistinctSketch {
 public:
  void add(uint64_t fingerprint) {
    const uint64_t h = splitmix64(fingerprint);  // do not rely on the world hash's low bits
    const size_t index = h >> (64 - kBits);
    const uint64_t rest = h << kBits;
    const uint8_t rank = static_cast<uint8_t>(std::min(std::countl_zero(rest), 64 - kBits) + 1);
    registers_[index] = std::max(registers_[index], rank);
  }

  uint64_t estimate() const {
    constexpr double m = kRegisters;
    double sum = 0;
    int zeros = 0;
    for (const uint8_t r : registers_) {
      sum += std::ldexp(1.0, -r);
      zeros += r == 0;
    }
    const double raw = 0.7213 / (1 + 1.079 / m) * m * m / sum;
    // Linear counting is the better estimate while many registers are still empty.
    if (raw <= 2.5 * m && zeros > 0) return std::llround(m * std::log(m / zeros));
    return std::llround(raw);
  }

 private:
  static constexpr int kBits = 14;
  static constexpr size_t kRegisters = size_t{1} << kBits;
  std::array<uint8_t, kRegisters> registers_{};
};

// The parallel driver. Walks are handed out in index order; finished walks wait in `pending_`
// until every walk below them has finished, then are folded into the result in index order.
// A failing walk stops the hand-out above it, and only walks up to the smallest failing index
// are folded, so what is folded never depends on timing.
class Simulation {
 public:
  Simulation(const World& start, const RandomWalkOptions& options)
      : start_(start), options_(options) {
    ZK_ASSERT(props::all_sometimes().size() <= 64);
  }

  SimulationResult run();

 private:
  void work();
  void finish(WalkRecord record);
  void fold(WalkRecord& record);
  void report_progress(std::chrono::steady_clock::time_point started) const;

  const World& start_;
  const RandomWalkOptions& options_;
  std::atomic<int> next_walk_{0};
  std::atomic<int> stop_after_{INT_MAX};  // the smallest failing walk so far
  std::atomic<uint64_t> known_goals_{0};  // reached by folded walks
  std::atomic<uint64_t> walks_finished_{0};
  std::atomic<uint64_t> steps_taken_{0};
  std::atomic<int> deepest_{0};
  std::mutex mu_;  // guards everything below
  std::map<int, WalkRecord> pending_;
  int next_fold_ = 0;
  SimulationResult result_;
  uint64_t reached_ = 0;
  DistinctSketch distinct_;
  std::exception_ptr error_;         // anything but an assertion failure: a bug in the world
  std::atomic<bool> halted_{false};  // out of memory: every walk stops
  bool out_of_memory_ = false;
  std::atomic<bool> stopped_early_{false};  // a walk was cancelled or not started for a stop
};

void Simulation::work() {
  try {
    for (;;) {
      const int walk = next_walk_.fetch_add(1);
      if (walk >= options_.walks || walk > stop_after_.load()) return;
      if (raised(&halted_) || raised(options_.stop)) {
        stopped_early_ = true;
        return;
      }
      WalkRecord record =
          run_walk(start_, options_, walk, {known_goals_.load(), &stop_after_, &halted_});
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

void Simulation::finish(WalkRecord record) {
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

void Simulation::fold(WalkRecord& record) {
  WalkOutcome& out = record.outcome;
  result_.walks += 1;
  result_.steps += out.trace.size();
  result_.depth = std::max(result_.depth, static_cast<int>(out.trace.size()));
  for (const uint64_t fp : record.fingerprints)
    distinct_.add(fp);
  reached_ |= record.reached;
  known_goals_.store(reached_);
  if (out.violation && !result_.failure) result_.failure = std::move(out);
}

SimulationResult Simulation::run() {
  const auto started = std::chrono::steady_clock::now();
  std::mutex report_mu;
  std::condition_variable report_cv;
  bool done = false;
  std::thread reporter;
  if (options_.on_progress) {
    reporter = std::thread([&] {
      std::unique_lock lock(report_mu);
      while (!report_cv.wait_for(lock, std::chrono::duration<double>(options_.progress_seconds),
                                 [&] { return done; }))
        report_progress(started);
    });
  }
  std::vector<std::thread> pool;
  try {
    for (int t = 1; t < options_.threads; ++t)
      pool.emplace_back([this] { work(); });
  } catch (const std::system_error&) {  // no more threads to be had: those started share it
  }
  work();
  for (auto& th : pool)
    th.join();
  {
    std::lock_guard lock(report_mu);
    done = true;
  }
  report_cv.notify_all();
  if (reporter.joinable()) reporter.join();
  if (error_) std::rethrow_exception(error_);
  if (out_of_memory_ || stopped_early_) {
    // Stopped: the walks that finished after a gap (a cancelled walk) count too.
    result_.cut = out_of_memory_ ? Cut::kOutOfMemory : Cut::kStopped;
    for (auto& [walk, record] : pending_)
      if (walk <= stop_after_.load()) fold(record);
    pending_.clear();
  }

  SimulationResult r = std::move(result_);
  r.distinct_estimate = distinct_.estimate();
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  r.peak_rss_bytes = current_rss_bytes();
  const auto& goals = props::all_sometimes();
  for (size_t i = 0; i < goals.size(); ++i)
    ((reached_ >> i) & 1u ? r.reached : r.unreached).emplace_back(goals[i].id);
  if (r.failure) r.failure->trace_names = name_trace(start_, r.failure->trace);
  return r;
}

void Simulation::report_progress(std::chrono::steady_clock::time_point started) const {
  SimulationProgress p;
  p.walks = walks_finished_.load();
  p.steps = steps_taken_.load();
  p.depth = deepest_.load();
  p.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  p.rss_bytes = current_rss_bytes();
  options_.on_progress(p);
}

}  // namespace

bool FaultMix::allows(const Action& a) const {
  const auto kind = fault_kind(a);
  return !kind || allows(*kind);
}

std::string FaultMix::describe() const {
  static constexpr std::array<std::string_view, kFaultKindCount> kNames = {
      "crash", "restart", "partition", "drop", "delay"};
  std::string kinds;
  for (int k = 0; k < kFaultKindCount; ++k)
    if (allows(static_cast<FaultKind>(k)))
      kinds += (kinds.empty() ? "" : " ") + std::string(kNames[k]);
  if (kinds.empty()) return "no faults";
  return fmt::format("{}, fault rate {}", kinds, fault_rate);
}

std::string_view to_string(WalkEnd end) {
  switch (end) {
    case WalkEnd::kDepth:
      return "depth bound";
    case WalkEnd::kViolation:
      return "violation";
    case WalkEnd::kQuiescent:
      return "nothing enabled";
    case WalkEnd::kOutOfBounds:
      return "out of bounds";
    case WalkEnd::kCancelled:
      return "cancelled";
  }
  return "?";
}

uint64_t walk_seed(uint64_t seed, int walk) {
  return splitmix64(splitmix64(seed) + static_cast<uint64_t>(walk));
}

SimulationResult simulate(const World& start, const RandomWalkOptions& options) {
  RandomWalkOptions o = options;
  o.threads = std::max(1, o.threads);
  Simulation simulation(start, o);
  return simulation.run();
}

WalkOutcome replay_walk(const World& start, const RandomWalkOptions& options, int walk) {
  WalkOutcome out = run_walk(start, options, walk, WalkControl{}).outcome;
  out.trace_names = name_trace(start, out.trace);
  return out;
}

}  // namespace zab::check
