// Depth-first search with an explicit stack, for deep narrow searches (--dfs). Single-threaded;
// the path to a violation is the current stack, so it is not necessarily the shortest.
#include <chrono>
#include <new>

#include "checker/explore/search.h"
#include "checker/explore/visited_set.h"
#include "impl/core/check.h"

namespace zab::check {

namespace {

bool stop_raised(const SearchOptions& options) {
  return options.stop && options.stop->load(std::memory_order_relaxed);
}

}  // namespace

SearchResult dfs(const World& start, const SearchOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  auto last_report = started;
  SearchResult r;
  std::vector<const props::Sometimes*> witnesses;
  for (const auto& goal : props::all_sometimes())
    witnesses.push_back(&goal);
  std::vector<bool> reached(witnesses.size());
  auto note = [&](const World& w) {
    for (size_t i = 0; i < witnesses.size(); ++i)
      if (!reached[i] && witnesses[i]->reached(w)) reached[i] = true;
  };
  struct Frame {
    World world;
    std::vector<Action> actions;
    size_t next = 0;
    Action via;
  };
  VisitedSet visited;
  visited.insert(start.fingerprint());
  std::vector<Frame> stack;
  stack.push_back(Frame{start, {}, 0, Action{}});
  start.actions(stack.back().actions);
  r.violation = options.properties.check_invariants(start);
  note(start);
  r.distinct = 1;
  try {
    while (!stack.empty() && !r.violation) {
      if (stop_raised(options)) {
        r.bounded = true;
        r.cut = Cut::kStopped;
        break;
      }
      Frame& top = stack.back();
      const bool deep = options.depth_max > 0 && static_cast<int>(stack.size()) > options.depth_max;
      const bool full = options.state_max > 0 && r.distinct >= options.state_max;
      if (top.next >= top.actions.size() || deep || !top.world.within_bounds() || full) {
        if (top.next < top.actions.size()) r.bounded = true;
        if (full && top.next < top.actions.size()) r.cut = Cut::kStateMax;
        stack.pop_back();
        continue;
      }
      const Action a = top.actions[top.next++];
      World next = top.world;
      r.generated += 1;
      std::optional<props::Violation> v;
      try {
        next.perform(a);
        v = options.properties.check_transition(top.world, a, next);
      } catch (const AssertionFailure& e) {
        v = props::Violation{"assertion", e.what()};
      }
      const bool fresh = !v && visited.insert(next.fingerprint());
      if (fresh) {
        r.distinct += 1;
        v = options.properties.check_invariants(next);
        note(next);
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
      child.world.actions(child.actions);
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
  for (size_t i = 0; i < witnesses.size(); ++i)
    (reached[i] ? r.reached : r.unreached).emplace_back(witnesses[i]->id);
  if (!r.trace.empty()) r.trace_names = name_trace(start, r.trace);
  return r;
}

}  // namespace zab::check
