#include "counterexamples/shrink.h"

#include <fmt/format.h>

#include <charconv>

#include "checker/explore/world_model.h"
#include "checker/search/shortcut.h"
#include "checker/search/step.h"
#include "counterexamples/ddmin.h"
#include "counterexamples/replay.h"
#include "properties/property.h"

namespace zab::cx {

namespace {

// The BFS polish's bound: enough for the small configurations seeded bugs are shown on (zk-2355's
// is 11,466 states), small enough to stay well under a second (and a few under the sanitizers).
constexpr uint64_t kBfsStatesMax = 20'000;

// What a lenient replay that reproduced the violation took, and what it spent.
struct Reproduction {
  Lines taken;  // the lines whose actions were enabled, up to the violating step
  check::Budgets used;
};

class Shrinker {
 public:
  Shrinker(const Trace& trace, const ShrinkOptions& options)
      : property_(trace.property),
        options_(options),
        properties_(trace.property == kAssertionProperty
                        ? props::PropertySet::named({})
                        : props::PropertySet::named({trace.property})),
        model_(properties_),
        config_(trace.config),
        lines_(trace.actions) {}

  void run() {
    bool changed = true;
    while (changed && !exhausted()) {
      const size_t length = lines_.size();
      const nlohmann::json config = config_.to_json();
      ddmin();
      simplify_crashes();
      reduce_ensemble();
      take_shortcuts();
      changed = lines_.size() != length || config_.to_json() != config;
    }
    tighten_budgets();
    if (shortest_by_bfs()) tighten_budgets();
  }

  const check::RunConfig& config() const { return config_; }
  const Lines& lines() const { return lines_; }
  int replays() const { return replays_; }
  bool exhausted() const { return replays_ >= options_.replays_max; }
  std::vector<std::string>& notes() { return notes_; }

 private:
  // Replays `lines` under `config`, dropping lines that are not enabled, until the property is
  // violated. The WorldConfig lives here because the World keeps a pointer to it.
  std::optional<Reproduction> reproduce(const check::RunConfig& config, const Lines& lines) {
    ++replays_;
    if (config.validate()) return std::nullopt;
    const check::WorldConfig world_config = config.world_config();
    try {
      check::World world = check::start_world(world_config, config.from);
      search::GoalSet goals = 0;
      if (search::check_new_state(model_, world, goals)) return Reproduction{{}, world.used()};
      Reproduction r;
      for (const auto& line : lines) {
        const auto action = model_.parse(world, line);
        if (!action) continue;
        const check::World before = world;
        r.taken.push_back(line);
        const auto found = search::check_step(model_, before, *action, world, goals);
        if (!found) continue;
        // A half-stepped world after an assertion: it counts only when it is the property.
        if (found->property == kAssertionProperty && property_ != kAssertionProperty)
          return std::nullopt;
        r.used = world.used();
        return r;
      }
    } catch (const search::CheckerFailure&) {
      throw;  // a bug in the checker: never a rejected candidate
    } catch (const std::exception&) {
      // A candidate the world rejects outright (e.g. a start state this ensemble cannot reach).
    }
    return std::nullopt;
  }

  // Adopts the candidate when it still violates and is no longer than the current trace.
  bool adopt(const check::RunConfig& config, const Lines& candidate) {
    if (exhausted()) return false;
    auto r = reproduce(config, candidate);
    if (!r) return false;
    if (r->taken.size() > lines_.size()) return false;
    config_ = config;
    lines_ = std::move(r->taken);
    return true;
  }

  void ddmin() {
    const size_t start = lines_.size();
    const auto reproduce = [this](const Lines& candidate) -> std::optional<Lines> {
      auto r = this->reproduce(config_, candidate);
      if (!r) return std::nullopt;
      return std::move(r->taken);
    };
    if (cx::ddmin(lines_, reproduce, [this] { return exhausted(); }))
      notes_.push_back(fmt::format("delta debugging: {} -> {} actions", start, lines_.size()));
  }

  // Detours the line-by-line pass cannot see (search::shortcut). World states are large and
  // their searches wide, so each search is kept small.
  void take_shortcuts() {
    const size_t start = lines_.size();
    const check::WorldConfig world_config = config_.world_config();
    search::ShortcutStats stats;
    try {
      const check::World world = check::start_world(world_config, config_.from);
      search::ShortcutOptions o;
      o.depth_max = 6;
      o.states_max = 4000;
      o.exhausted = [this] { return exhausted(); };
      const auto keeps = [this](const Lines& candidate) {
        const auto r = reproduce(config_, candidate);
        return r && r->taken.size() == candidate.size();
      };
      lines_ = search::shortcut(model_, world, lines_, keeps, o, &stats);
    } catch (const search::CheckerFailure&) {
      throw;
    } catch (const std::exception&) {
      return;  // a start this configuration cannot build: nothing to search from
    }
    if (lines_.size() < start)
      notes_.push_back(fmt::format("shortcuts: {} -> {} actions ({} searches, {} states)", start,
                                   lines_.size(), stats.searches, stats.states));
  }

  // Where the configuration's state space is small, a BFS of the same property finishes and gives
  // the shortest trace; it is cut at kBfsStatesMax states (a fraction of a second) otherwise.
  bool shortest_by_bfs() {
    if (exhausted()) return false;
    const check::WorldConfig world_config = config_.world_config();
    std::optional<Lines> shorter;
    try {
      const check::World world = check::start_world(world_config, config_.from);
      shorter = search::shorter_by_bfs(model_, world, lines_.size(), kBfsStatesMax, property_);
    } catch (const search::CheckerFailure&) {
      throw;
    } catch (const std::exception&) {
      return false;
    }
    const size_t start = lines_.size();
    if (!shorter || !adopt(config_, *shorter)) return false;
    notes_.push_back(
        fmt::format("breadth-first search: {} -> {} actions (the shortest)", start, lines_.size()));
    return true;
  }

  // A crash that keeps fewer unsynced writes is simpler to explain: try the smallest first.
  void simplify_crashes() {
    constexpr std::string_view kKeep = " keep-unsynced=";
    for (size_t i = 0; i < lines_.size() && !exhausted(); ++i) {
      const std::string line = lines_[i];
      const auto at = line.find(kKeep);
      if (!line.starts_with("crash ") || at == std::string::npos) continue;
      int keep = 0;
      const char* digits = line.data() + at + kKeep.size();
      std::from_chars(digits, line.data() + line.size(), keep);
      for (int smaller = 0; smaller < keep; ++smaller) {
        Lines candidate = lines_;
        candidate[i] = line.substr(0, at + kKeep.size()) + std::to_string(smaller);
        if (adopt(config_, candidate)) {
          notes_.push_back(fmt::format("'{}' -> '{}'", line, candidate[i]));
          break;
        }
      }
    }
  }

  // Fewer observers, then fewer participants, smallest first. Server ids are assigned in order
  // (participants first), so lines naming a removed server are simply dropped by the replay.
  void reduce_ensemble() {
    for (int observers = 0; observers < config_.observers && !exhausted(); ++observers) {
      check::RunConfig smaller = config_;
      smaller.observers = observers;
      if (try_config(smaller, "observers")) break;
    }
    for (int servers = 1; servers < config_.servers && !exhausted(); ++servers) {
      check::RunConfig smaller = config_;
      smaller.servers = servers;
      if (try_config(smaller, "servers")) break;
    }
  }

  bool try_config(const check::RunConfig& smaller, std::string_view what) {
    const std::string before = config_.flags();
    const size_t length = lines_.size();
    if (!adopt(smaller, lines_)) return false;
    notes_.push_back(fmt::format("fewer {}: {} -> {} ({} -> {} actions)", what, before,
                                 config_.flags(), length, lines_.size()));
    return true;
  }

  // Budgets no larger than the trace spends (never below it: every line must stay enabled).
  void tighten_budgets() {
    if (exhausted()) return;
    const auto r = reproduce(config_, lines_);
    if (!r) return;
    check::RunConfig tight = config_;
    tight.writes = std::min(tight.writes, r->used.writes);
    tight.crashes = std::min(tight.crashes, r->used.crashes);
    tight.restarts = std::min(tight.restarts, r->used.restarts);
    tight.partitions = std::min(tight.partitions, r->used.partitions);
    tight.drops = std::min(tight.drops, r->used.drops);
    tight.timeouts = std::min(tight.timeouts, r->used.timeouts);
    if (tight.to_json() == config_.to_json()) return;
    const std::string before = config_.flags();
    if (adopt(tight, lines_))
      notes_.push_back(
          fmt::format("budgets cut to what the trace uses: {} -> {}", before, config_.flags()));
  }

  std::string property_;
  ShrinkOptions options_;
  props::PropertySet properties_;
  check::WorldModel model_;
  check::RunConfig config_;
  Lines lines_;
  int replays_ = 0;
  std::vector<std::string> notes_;
};

}  // namespace

ShrinkResult shrink(const Trace& trace, const ShrinkOptions& options) {
  ReplayOptions strict;
  strict.stop_at_violation = true;
  const ReplayResult original = replay(trace, strict);
  if (original.outcome == ReplayOutcome::kInconsistent)
    throw ShrinkError("cannot shrink an inconsistent trace: " + original.problem);
  if (original.outcome != ReplayOutcome::kViolated ||
      original.violation->property != trace.property)
    throw ShrinkError(
        fmt::format("the trace does not violate {}; there is nothing to shrink", trace.property));

  Shrinker shrinker(trace, options);
  shrinker.run();

  ShrinkResult result;
  result.length_before = trace.actions.size();
  result.trace = trace;
  result.trace.config = shrinker.config();
  result.trace.actions = shrinker.lines();
  result.trace.action_lines.clear();
  const ReplayResult check = record_expected(result.trace);
  // Defensive: the shrunk trace must replay strictly to the same property and be no longer.
  const bool sound = check.outcome == ReplayOutcome::kViolated &&
                     check.violation->property == trace.property &&
                     result.trace.actions.size() <= trace.actions.size();
  if (!sound) {
    result.trace = trace;
    result.trace.action_lines.clear();
    record_expected(result.trace);
    shrinker.notes().push_back("the shrunk candidate did not replay strictly; kept the input");
  }
  result.length_after = result.trace.actions.size();
  if (result.length_after < result.length_before ||
      result.trace.config.to_json() != trace.config.to_json())
    result.trace.found_by =
        fmt::format("{}{}shrunk from {} to {} actions", trace.found_by,
                    trace.found_by.empty() ? "" : "; ", result.length_before, result.length_after);
  result.replays = shrinker.replays();
  result.replays_exhausted = shrinker.exhausted();
  result.notes = std::move(shrinker.notes());
  return result;
}

}  // namespace zab::cx
