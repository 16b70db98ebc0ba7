// Shrinking: the shortest story a reviewer has to read. Delta debugging (Zeller's ddmin, by
// complements) over the action lines, where a candidate is replayed leniently: a line whose
// action is not enabled at that point is dropped, and the candidate is kept if the SAME property
// is still violated (the lines actually taken up to the violation become the new trace). Then
// each remaining action is simplified (a crash keeps fewer unsynced writes), and the
// configuration is made smaller (fewer observers, fewer servers) where the trace still applies,
// and detours are cut (checker/search/shortcut.h: a bounded BFS from each state for a shorter way
// to a later state of the trace); this repeats until nothing changes, so the result is 1-minimal
// (dropping any one line loses the violation) and near-shortest. Last, a breadth-first search of
// the same property under the cut budgets, bounded in states, replaces the trace with the
// shortest one where the configuration's state space is small enough for it to finish. Finally the
// fault and write budgets are cut to what the trace uses, so that the reproducing `zabcheck check`
// command explores as little as possible.
//
// The result is never longer than the input; a trace that is already shortest (BFS) comes back
// at the same length.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "counterexamples/trace.h"

namespace zab::cx {

struct ShrinkError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct ShrinkOptions {
  // Upper bound on candidate replays; shrinking stops with the best trace so far when it is hit.
  int replays_max = 20000;
};

struct ShrinkResult {
  Trace trace;  // the shrunk trace, its expected verdict and digest recorded
  size_t length_before = 0;
  size_t length_after = 0;
  int replays = 0;
  bool replays_exhausted = false;  // the bound was hit: the result may not be 1-minimal
  std::vector<std::string> notes;  // one line per simplification that stuck, in order
};

// Throws ShrinkError when the trace is inconsistent or does not violate its property.
ShrinkResult shrink(const Trace& trace, const ShrinkOptions& options = {});

}  // namespace zab::cx
