// Near-shortest counterexamples. Delta debugging leaves a trace 1-minimal (no single line can go)
// but not short: it keeps detours that only a different order of other steps would avoid, such
// as a follower that gives up and rejoins, or an election held twice. `shortcut` looks for them
// the way a person would: from each state the trace passes through, a bounded breadth-first
// search for a shorter way to a LATER state of the same trace (equal fingerprints). The trace
// is then cut to the shorter way and its tail kept as it is, so it reaches the same violating
// state; the caller's `keeps_violation` replays each candidate to make sure (a fingerprint match
// may differ in what only the properties remember), and the search repeats until no state has a
// shortcut. Each search is bounded in depth and in states, so the result is near-shortest, not
// shortest; a whole-trace BFS is the exact answer when it can finish.
#pragma once

#include <algorithm>
#include <cstddef>
#include <functional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "checker/search/bfs.h"
#include "checker/search/model.h"
#include "checker/search/step.h"

namespace zab::search {

struct ShortcutOptions {
  int depth_max = 6;           // steps searched from each state
  size_t states_max = 20'000;  // states per search (world states are large: keep it modest)
  // Says when to stop (a replay budget spent); checked between searches and candidates.
  std::function<bool()> exhausted = [] { return false; };
};

struct ShortcutStats {
  int searches = 0;
  uint64_t states = 0;
  int shortcuts = 0;  // cuts that kept the violation
};

namespace detail {

// A way from the search's root to `state`, by action names.
template <Model M>
struct Way {
  typename M::State state;
  std::vector<std::string> names;
};

// The trace's states: start, then after each line; empty when a line is not enabled.
template <Model M>
std::vector<typename M::State> states_along(const M& m, const typename M::State& start,
                                            const std::vector<std::string>& lines) {
  std::vector<typename M::State> states{start};
  for (const auto& line : lines) {
    const auto a = m.parse(states.back(), line);
    if (!a) return {};
    typename M::State next = states.back();
    if (perform_checked(m, next, *a)) return {};
    states.push_back(std::move(next));
  }
  return states;
}

// A shorter way from the trace's state i to its state k (k - i > names.size()).
struct Cut {
  size_t i = 0, k = 0;
  std::vector<std::string> names;
  size_t saving() const { return k - i - names.size(); }
};

// Breadth-first from states[i], at most `depth` steps: every way to a later trace state that is
// shorter than the trace's own. Successors that violate a property are not expanded (they end
// in a different failure); a match is taken before that check, since the trace's last state
// violates by design.
template <Model M>
std::vector<Cut> cuts_from(const M& m, const std::vector<typename M::State>& states, size_t i,
                           int depth, const std::unordered_map<uint64_t, size_t>& last_at,
                           const ShortcutOptions& o, ShortcutStats& stats) {
  std::vector<Cut> cuts;
  std::unordered_set<uint64_t> seen{m.fingerprint(states[i])};
  std::vector<Way<M>> layer{{states[i], {}}};
  std::vector<typename M::Action> enabled;
  size_t expanded = 0;
  for (int t = 1; t <= depth && !layer.empty(); ++t) {
    std::vector<Way<M>> next;
    for (const auto& way : layer) {
      if (!m.within_bounds(way.state)) continue;
      enabled.clear();
      m.actions(way.state, enabled);
      for (const auto& a : enabled) {
        if (++expanded > o.states_max) break;
        Way<M> succ{way.state, way.names};
        succ.names.push_back(m.name(way.state, a));
        // A failed assertion leaves a half-stepped state that matches nothing; a violated
        // transition property still reaches a real state (a trace's last step may be one).
        const auto violated = take_step(m, way.state, a, succ.state);
        if (violated && violated->property == kAssertionProperty) continue;
        const uint64_t fp = m.fingerprint(succ.state);
        if (!seen.insert(fp).second) continue;
        const auto at = last_at.find(fp);
        if (at != last_at.end() && at->second > i + succ.names.size())
          cuts.push_back(Cut{i, at->second, succ.names});
        if (violated || m.check_invariants(succ.state)) continue;
        next.push_back(std::move(succ));
      }
      if (expanded > o.states_max) break;
    }
    layer = std::move(next);
    if (expanded > o.states_max) break;
  }
  stats.states += std::min(expanded, o.states_max);
  ++stats.searches;
  std::stable_sort(cuts.begin(), cuts.end(),
                   [](const Cut& a, const Cut& b) { return a.saving() > b.saving(); });
  return cuts;
}

}  // namespace detail

// Returns `lines` with shortcuts taken while `keeps_violation` accepts them (never longer).
template <Model M>
std::vector<std::string> shortcut(
    const M& m, const typename M::State& start, std::vector<std::string> lines,
    const std::function<bool(const std::vector<std::string>&)>& keeps_violation,
    const ShortcutOptions& o, ShortcutStats* stats_out = nullptr) {
  ShortcutStats stats;
  // States before `from` were searched already, and a cut replaces only states after them: they
  // are not searched again (which misses only ways to the cut's new states, and saves most work).
  size_t from = 0;
  bool improved = true;
  while (improved && !o.exhausted()) {
    improved = false;
    const auto states = detail::states_along(m, start, lines);
    if (states.empty()) break;
    std::unordered_map<uint64_t, size_t> last_at;
    for (size_t k = 0; k < states.size(); ++k)
      last_at[m.fingerprint(states[k])] = k;
    for (size_t i = from; i + 2 < states.size() && !improved && !o.exhausted(); ++i) {
      const int depth = static_cast<int>(std::min<size_t>(o.depth_max, states.size() - i - 2));
      for (auto& cut : detail::cuts_from(m, states, i, depth, last_at, o, stats)) {
        if (o.exhausted()) break;
        std::vector<std::string> candidate(lines.begin(),
                                           lines.begin() + static_cast<std::ptrdiff_t>(cut.i));
        candidate.insert(candidate.end(), cut.names.begin(), cut.names.end());
        candidate.insert(candidate.end(), lines.begin() + static_cast<std::ptrdiff_t>(cut.k),
                         lines.end());
        if (!keeps_violation(candidate)) continue;
        lines = std::move(candidate);
        ++stats.shortcuts;
        from = i;
        improved = true;
        break;
      }
    }
  }
  if (stats_out) *stats_out = stats;
  return lines;
}

// The exact polish, where it is affordable: a breadth-first search from `start`, fewer than
// `length` steps deep and at most `states_max` states, for a violation of `property`. Returns the
// shortest such trace, or nullopt when there is none that short or the search was cut before
// finding one. `m` should check `property` alone: a BFS stops at the first violation of any.
template <Model M>
std::optional<std::vector<std::string>> shorter_by_bfs(const M& m, const typename M::State& start,
                                                       size_t length, uint64_t states_max,
                                                       std::string_view property) {
  if (length < 2) return std::nullopt;
  SearchOptions o;
  o.depth_max = static_cast<int>(length - 1);
  o.state_max = states_max;
  const auto r = bfs(m, start, o);
  if (!r.violation || r.violation->property != property || r.trace.size() >= length)
    return std::nullopt;
  return r.trace_names.empty() ? name_trace(m, start, r.trace) : r.trace_names;
}

}  // namespace zab::search
