// Depth-first search with an explicit stack, for deep narrow searches (--dfs), over any model.
// Single-threaded; the path to a violation is the current stack, so it is not necessarily the
// shortest. It keeps only the visited set (visited_set.h) and records no state graph, so it
// checks no liveness property.
//
// With a depth bound it is complete up to the bound: every state within `depth_max` steps of the
// start is checked, and every one within fewer is expanded. The visited set keeps with each state
// the largest budget (steps left before the bound) it was expanded with, and a state reached
// again with more budget, by a shorter path, is expanded again (SPIN's -DREACH). A set of
// fingerprints alone would cut a state first reached near the bound for good, and miss what lies
// behind it within the bound. Without a bound --dfs runs rounds of it (deepening.h).
#pragma once

#include <algorithm>
#include <chrono>
#include <new>
#include <stdexcept>
#include <string>

#include "checker/search/search.h"
#include "checker/search/step.h"
#include "checker/search/visited_set.h"

namespace zab::search {

template <Model M>
SearchResult<typename M::Action> dfs(const M& m, const typename M::State& start,
                                     const SearchOptions& options) {
  using State = typename M::State;
  using Action = typename M::Action;
  if (options.depth_max < 0 || options.depth_max > kDepthBoundMax)
    throw std::invalid_argument("a depth-first search takes a depth bound in 0.." +
                                std::to_string(kDepthBoundMax));
  const auto started = std::chrono::steady_clock::now();
  auto last_report = started;
  SearchResult<Action> r;
  GoalSet reached = 0;
  struct Frame {
    State state;
    std::vector<Action> actions;
    size_t next = 0;
    Action via;
    uint16_t budget = 0;  // steps the search may still take below this state
  };
  std::vector<Frame> stack;
  // Pushes a state to expand, unless it has nothing to expand or a bound cuts it (noted).
  auto enter = [&](State&& s, Action via, uint16_t budget) {
    r.depth = std::max(r.depth, static_cast<int>(stack.size()));
    Frame f{std::move(s), {}, 0, via, budget};
    m.actions(f.state, f.actions);
    if (f.actions.empty()) return;
    if (budget == 0) {
      r.depth_cut = true;
    } else if (!m.within_bounds(f.state)) {
      r.model_cut = true;
    } else {
      stack.push_back(std::move(f));
    }
  };
  const uint16_t root_budget =
      options.depth_max > 0 ? static_cast<uint16_t>(options.depth_max) : VisitedSet::kUnbounded;
  VisitedSet visited;
  visited.visit(m.fingerprint(start), root_budget);
  r.violation = check_new_state(m, start, reached);
  r.distinct = 1;
  try {
    if (!r.violation) enter(State(start), Action{}, root_budget);
    while (!stack.empty() && !r.violation) {
      if (stop_raised(options.stop)) {
        r.cut = Cut::kStopped;
        break;
      }
      Frame& top = stack.back();
      if (top.next >= top.actions.size()) {
        stack.pop_back();
        continue;
      }
      if (options.state_max > 0 && r.distinct >= options.state_max) {
        r.cut = Cut::kStateMax;
        break;
      }
      const Action a = top.actions[top.next++];
      const uint16_t budget =
          top.budget == VisitedSet::kUnbounded ? top.budget : static_cast<uint16_t>(top.budget - 1);
      State next = top.state;
      r.generated += 1;
      std::optional<Violation> v = take_step(m, top.state, a, next);
      auto visit = VisitedSet::Visit::kCovered;
      if (!v) visit = visited.visit(m.fingerprint(next), budget);
      if (visit == VisitedSet::Visit::kNew) {
        r.distinct += 1;
        v = check_new_state(m, next, reached);
      }
      if (v) {
        r.violation = v;
        for (size_t i = 1; i < stack.size(); ++i)
          r.trace.push_back(stack[i].via);
        r.trace.push_back(a);
        break;
      }
      if (visit == VisitedSet::Visit::kCovered) continue;
      if (visit == VisitedSet::Visit::kMoreBudget) r.reexpanded += 1;
      enter(std::move(next), a, budget);  // `top` dangles from here on
      const auto now = std::chrono::steady_clock::now();
      if (options.on_progress &&
          now - last_report > std::chrono::duration<double>(options.progress_seconds)) {
        last_report = now;
        options.on_progress(Progress{r.distinct, r.generated, stack.size(), r.depth,
                                     std::chrono::duration<double>(now - started).count(),
                                     current_rss_bytes(), options.depth_max});
      }
    }
  } catch (const std::bad_alloc&) {
    // The figures so far stand; the stack is freed so that the summary can be printed.
    r.cut = Cut::kOutOfMemory;
    std::vector<Frame>().swap(stack);
    r.violation.reset();  // its path may be half built
    r.trace.clear();
  }
  r.bounded = r.depth_cut || r.model_cut || r.cut != Cut::kNone;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  r.peak_rss_bytes = current_rss_bytes();
  r.visited_bytes = visited.bytes();
  split_goals(m, reached, r.reached, r.unreached);
  if (!r.trace.empty()) r.trace_names = name_trace(m, start, r.trace);
  return r;
}

}  // namespace zab::search
