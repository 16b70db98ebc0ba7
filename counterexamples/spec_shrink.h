// Shrinking a spec trace, as shrink.h shrinks an implementation trace: delta debugging over the
// action lines with a lenient replay (a line whose action is no longer enabled is dropped), then
// fewer servers, then shortcuts (checker/search/shortcut.h: a bounded BFS from each state for a
// shorter way to a later one), repeated until nothing changes; then the budgets (proposals,
// crashes, restarts, timeouts, the epoch bound) cut to what the trace spends. A random walk's
// 60-step trace comes back as the handful of steps that matter; a BFS trace, already shortest,
// comes back as long.
#pragma once

#include <string>
#include <vector>

#include "counterexamples/shrink.h"
#include "counterexamples/spec_trace.h"

namespace zab::cx {

struct SpecShrinkResult {
  SpecTrace trace;
  size_t length_before = 0;
  size_t length_after = 0;
  int replays = 0;
  bool replays_exhausted = false;
  std::vector<std::string> notes;  // one line per simplification that stuck
};

// Throws ShrinkError when the trace is inconsistent or does not violate its property.
SpecShrinkResult shrink_spec(const SpecTrace& trace, const ShrinkOptions& options = {});

}  // namespace zab::cx
