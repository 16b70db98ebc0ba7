// Depth-first search with an explicit stack, for deep narrow searches (--dfs), over any model.
// Single-threaded; the path to a violation is the current stack, so it is not necessarily the
// shortest. It keeps only the visited set (visited_set.h) and records no state graph, so it
// checks no liveness property.
#pragma once

#include <chrono>
#include <new>

#include "checker/search/search.h"
#include "checker/search/step.h"
#include "checker/search/visited_set.h"

namespace zab::search {

template <Model M>
SearchResult<typename M::Action> dfs(const M& m, const typename M::State& start,
                                     const SearchOptions& options) {
  using State = typename M::State;
  using Action = typename M::Action;
  const auto started = std::chrono::steady_clock::now();
  auto last_report = started;
  SearchResult<Action> r;
  GoalSet reached = 0;
  struct Frame {
    State state;
    std::vector<Action> actions;
    size_t next = 0;
    Action via;
  };
  VisitedSet visited;
  visited.insert(m.fingerprint(start));
  std::vector<Frame> stack;
  stack.push_back(Frame{start, {}, 0, Action{}});
  m.actions(start, stack.back().actions);
  r.violation = check_new_state(m, start, reached);
  r.distinct = 1;
  try {
    while (!stack.empty() && !r.violation) {
      if (stop_raised(options.stop)) {
        r.bounded = true;
        r.cut = Cut::kStopped;
        break;
      }
      Frame& top = stack.back();
      const bool deep = options.depth_max > 0 && static_cast<int>(stack.size()) > options.depth_max;
      const bool full = options.state_max > 0 && r.distinct >= options.state_max;
      if (top.next >= top.actions.size() || deep || !m.within_bounds(top.state) || full) {
        if (top.next < top.actions.size()) r.bounded = true;
        if (full && top.next < top.actions.size()) r.cut = Cut::kStateMax;
        stack.pop_back();
        continue;
      }
      const Action a = top.actions[top.next++];
      State next = top.state;
      r.generated += 1;
      std::optional<Violation> v = take_step(m, top.state, a, next);
      const bool fresh = !v && visited.insert(m.fingerprint(next));
      if (fresh) {
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
      if (!fresh) continue;
      Frame child{std::move(next), {}, 0, a};
      m.actions(child.state, child.actions);
      stack.push_back(std::move(child));
      r.depth = std::max(r.depth, static_cast<int>(stack.size()) - 1);
      const auto now = std::chrono::steady_clock::now();
      if (options.on_progress &&
          now - last_report > std::chrono::duration<double>(options.progress_seconds)) {
        last_report = now;
        options.on_progress(Progress{r.distinct, r.generated, stack.size(), r.depth,
                                     std::chrono::duration<double>(now - started).count(),
                                     current_rss_bytes()});
      }
    }
  } catch (const std::bad_alloc&) {
    // The figures so far stand; the stack is freed so that the summary can be printed.
    r.bounded = true;
    r.cut = Cut::kOutOfMemory;
    std::vector<Frame>().swap(stack);
    r.violation.reset();  // its path may be half built
    r.trace.clear();
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  r.peak_rss_bytes = current_rss_bytes();
  r.visited_bytes = visited.bytes();
  split_goals(m, reached, r.reached, r.unreached);
  if (!r.trace.empty()) r.trace_names = name_trace(m, start, r.trace);
  return r;
}

}  // namespace zab::search
