#include "counterexamples/spec_shrink.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>

#include "checker/search/shortcut.h"
#include "counterexamples/ddmin.h"

namespace zab::cx {
namespace {

// Enough for the spec at the bounds people check it with (a few seconds at most).
constexpr uint64_t kBfsStatesMax = 2'000'000;

// What the trace spends: the budgets a configuration must allow for every line to stay enabled.
struct Spent {
  int txns = 0, crashes = 0, restarts = 0, timeouts = 0, max_epoch = 1;
};

// The lines with the servers in `keep` (bit i: server s(i+1)) renumbered s1, s2, ... in order, and
// the lines that name any other server left out.
Lines renumbered(const Lines& lines, unsigned keep) {
  Lines out;
  for (const auto& line : lines) {
    std::string renamed;
    bool kept = true;
    size_t begin = 0;
    while (begin <= line.size() && kept) {
      const size_t end = std::min(line.find(' ', begin), line.size());
      std::string word = line.substr(begin, end - begin);
      if (word.size() == 2 && word[0] == 's' && word[1] >= '1' && word[1] <= '9') {
        const unsigned index = static_cast<unsigned>(word[1] - '1');
        kept = (keep >> index) & 1u;
        word = spec::sid(std::popcount(keep & ((1u << index) - 1u)));
      }
      renamed += (begin == 0 ? "" : " ") + word;
      begin = end + 1;
    }
    if (kept) out.push_back(std::move(renamed));
  }
  return out;
}

class SpecShrinker {
 public:
  SpecShrinker(const SpecTrace& trace, const ShrinkOptions& options)
      : trace_(trace), options_(options) {}

  void run() {
    bool changed = true;
    while (changed && !exhausted()) {
      const size_t length = trace_.actions.size();
      const std::string flags = trace_.config.flags();
      shrink_lines();
      reduce_servers();
      take_shortcuts();
      changed = trace_.actions.size() != length || trace_.config.flags() != flags;
    }
    tighten_budgets();
    if (shortest_by_bfs()) tighten_budgets();
  }

  const SpecTrace& trace() const { return trace_; }
  int replays() const { return replays_; }
  bool exhausted() const { return replays_ >= options_.replays_max; }
  std::vector<std::string>& notes() { return notes_; }

 private:
  // The lines a lenient replay of `lines` under `config` took to the same violation.
  std::optional<Lines> reproduce(const spec::SpecConfig& config, const Lines& lines,
                                 Spent* spent = nullptr) {
    ++replays_;
    if (config.problem()) return std::nullopt;
    SpecTrace candidate = trace_;
    candidate.config = config;
    candidate.actions = lines;
    SpecReplayOptions lenient;
    lenient.lenient = true;
    Spent s;
    lenient.on_step = [&s](size_t, const std::string&, const spec::State& after) {
      for (const auto& server : after.servers)
        s.max_epoch = std::max<int>(s.max_epoch, server.accepted_epoch);
      s.txns = after.proposals;
      s.crashes = after.crashes;
      s.restarts = after.restarts;
      s.timeouts = after.timeouts;
    };
    auto r = replay_spec(candidate, lenient);
    if (!r.reproduces(candidate)) return std::nullopt;
    if (spent) *spent = s;
    return std::move(r.taken);
  }

  bool adopt(const spec::SpecConfig& config, const Lines& lines) {
    if (exhausted()) return false;
    auto taken = reproduce(config, lines);
    if (!taken || taken->size() > trace_.actions.size()) return false;
    trace_.config = config;
    trace_.actions = std::move(*taken);
    return true;
  }

  void shrink_lines() {
    const size_t start = trace_.actions.size();
    const auto reproduce = [this](const Lines& candidate) {
      return this->reproduce(trace_.config, candidate);
    };
    if (ddmin(trace_.actions, reproduce, [this] { return exhausted(); }))
      notes_.push_back(
          fmt::format("delta debugging: {} -> {} actions", start, trace_.actions.size()));
  }

  // Smallest ensemble first, every choice of servers to keep (renumbered s1, s2, ... in order):
  // the servers that matter need not be the lowest-numbered ones.
  void reduce_servers() {
    const int n = trace_.config.servers;
    for (int keep = 1; keep < n && !exhausted(); ++keep)
      for (unsigned mask = 1; mask < (1u << n) && !exhausted(); ++mask) {
        if (std::popcount(mask) != keep) continue;
        spec::SpecConfig smaller = trace_.config;
        smaller.servers = keep;
        const std::string before = trace_.config.flags();
        const size_t length = trace_.actions.size();
        if (!adopt(smaller, renumbered(trace_.actions, mask))) continue;
        notes_.push_back(fmt::format("fewer servers: {} -> {} ({} -> {} actions)", before,
                                     trace_.config.flags(), length, trace_.actions.size()));
        return;
      }
  }

  // Detours the line-by-line pass cannot see (search::shortcut).
  void take_shortcuts() {
    const size_t start = trace_.actions.size();
    const spec::SpecModel model(trace_.config);
    search::ShortcutOptions o;
    o.depth_max = 8;
    o.exhausted = [this] { return exhausted(); };
    const auto keeps = [this](const Lines& candidate) {
      const auto taken = reproduce(trace_.config, candidate);
      return taken && taken->size() == candidate.size();
    };
    search::ShortcutStats stats;
    trace_.actions = search::shortcut(model, model.start(), trace_.actions, keeps, o, &stats);
    if (trace_.actions.size() < start)
      notes_.push_back(fmt::format("shortcuts: {} -> {} actions ({} searches, {} states)", start,
                                   trace_.actions.size(), stats.searches, stats.states));
  }

  // The spec's state space under the cut budgets is small: BFS usually finishes and gives the
  // shortest trace of the same property, where the passes above give a near-shortest one.
  bool shortest_by_bfs() {
    if (exhausted()) return false;
    spec::SpecConfig only = trace_.config;
    only.properties = {trace_.property};
    const spec::SpecModel model(only);
    const size_t start = trace_.actions.size();
    const auto shorter =
        search::shorter_by_bfs(model, model.start(), start, kBfsStatesMax, trace_.property);
    if (!shorter || !adopt(trace_.config, *shorter)) return false;
    notes_.push_back(fmt::format("breadth-first search: {} -> {} actions (the shortest)", start,
                                 trace_.actions.size()));
    return true;
  }

  // Budgets no larger than the trace spends, so that the reproducing `zabcheck spec` explores as
  // little as possible.
  void tighten_budgets() {
    if (exhausted()) return;
    Spent spent;
    if (!reproduce(trace_.config, trace_.actions, &spent)) return;
    spec::SpecConfig tight = trace_.config;
    tight.txns = std::min(tight.txns, spent.txns);
    tight.crashes = std::min(tight.crashes, spent.crashes);
    tight.restarts = std::min(tight.restarts, spent.restarts);
    tight.timeouts = std::min(tight.timeouts, spent.timeouts);
    tight.max_epoch = std::min(tight.max_epoch, spent.max_epoch);
    if (tight.flags() == trace_.config.flags()) return;
    const std::string before = trace_.config.flags();
    if (adopt(tight, trace_.actions))
      notes_.push_back(fmt::format("budgets cut to what the trace uses: {} -> {}", before,
                                   trace_.config.flags()));
  }

  SpecTrace trace_;
  ShrinkOptions options_;
  int replays_ = 0;
  std::vector<std::string> notes_;
};

}  // namespace

SpecShrinkResult shrink_spec(const SpecTrace& trace, const ShrinkOptions& options) {
  const SpecReplay original = replay_spec(trace);
  if (original.outcome == ReplayOutcome::kInconsistent)
    throw ShrinkError("cannot shrink an inconsistent trace: " + original.problem);
  if (!original.reproduces(trace))
    throw ShrinkError(
        fmt::format("the trace does not violate {}; there is nothing to shrink", trace.property));
  SpecTrace start = trace;
  start.actions = original.taken;  // the lines after the violation are not part of the story
  SpecShrinker shrinker(start, options);
  shrinker.run();

  SpecShrinkResult result;
  result.length_before = trace.actions.size();
  result.trace = shrinker.trace();
  // Defensive: the shrunk trace must replay strictly to the same property.
  SpecReplay check = replay_spec(result.trace);
  if (!check.reproduces(result.trace)) {
    result.trace = start;
    check = original;
    shrinker.notes().push_back("the shrunk candidate did not replay strictly; kept the input");
  }
  result.trace.detail = check.violation->detail;
  result.length_after = result.trace.actions.size();
  if (result.length_after < result.length_before ||
      result.trace.config.flags() != trace.config.flags()) {
    result.trace.found_by =
        fmt::format("{}{}shrunk from {} to {} actions", trace.found_by,
                    trace.found_by.empty() ? "" : "; ", result.length_before, result.length_after);
    // The explorer's command was for the old configuration; the shrunk one's flags find it.
    result.trace.reproduce.clear();
  }
  result.replays = shrinker.replays();
  result.replays_exhausted = shrinker.exhausted();
  result.notes = std::move(shrinker.notes());
  return result;
}

}  // namespace zab::cx
