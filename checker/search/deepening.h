// Iterative deepening: what --dfs runs when no --depth is given. Rounds of the depth-bounded DFS
// (dfs.h), each from scratch with a larger bound, until a round finds a violation, is stopped (a
// signal, the memory limit, --state-max) or exhausts the state space within its bound.
//
// Why: a DFS without a bound follows single paths hundreds of thousands of steps deep (a state
// copy on the stack for each) and spends its time far from the start state, where nothing new is
// learnt. A round is complete up to its bound, so a violation whose shortest path has L steps is
// found by the first round whose bound reaches L, with a trace no longer than that bound: at
// most one step of the schedule below longer than the shortest.
//
// A round exhausted the space when the bound cut no state with actions left, or when it reached
// no more distinct states than the round before: a complete round with bound d visits exactly the
// states within d steps of the start, so equal counts mean that no state lies between the two
// bounds, hence none beyond them either (every state beyond has a predecessor one step nearer).
#pragma once

#include <algorithm>

#include "checker/search/dfs.h"
#include "checker/search/search.h"

namespace zab::search {

inline constexpr int kFirstDeepeningBound = 8;

// The bound of the round after one with `bound`: 8 more while that is at least a quarter, a
// quarter more after (8, 16, 24, 32, 40, 50, 62, 77, ...). While the levels of the space still
// grow exponentially the last round costs more than all the earlier ones together, so small steps
// cost little and keep a counterexample at most 7 steps longer than the shortest. Once the space
// saturates every round costs about the whole space, and steps of a quarter keep the number of
// rounds logarithmic in its depth (and a counterexample within 25% of the shortest).
inline int next_deepening_bound(int bound) {
  return std::min(kDepthBoundMax, bound + std::max(8, bound / 4));
}

// The bound of the round before the one with `bound` (0 for the first round): what a round
// stopped or violated at `bound` has exhausted (every state within it was checked).
inline int previous_deepening_bound(int bound) {
  int previous = 0;
  for (int b = kFirstDeepeningBound; b < bound; b = next_deepening_bound(b))
    previous = b;
  return previous;
}

template <Model M>
SearchResult<typename M::Action> iterative_deepening(const M& m, const typename M::State& start,
                                                     const SearchOptions& options) {
  SearchOptions round = options;
  Deepening deepening;
  deepening.bound = kFirstDeepeningBound;
  uint64_t generated = 0;
  uint64_t reexpanded = 0;
  uint64_t previous_distinct = 0;
  double seconds = 0;
  for (;;) {
    round.depth_max = deepening.bound;
    auto r = dfs(m, start, round);
    deepening.rounds += 1;
    generated += r.generated;
    reexpanded += r.reexpanded;
    seconds += r.seconds;
    const bool finished = !r.violation && r.cut == Cut::kNone;
    deepening.complete =
        finished && (!r.depth_cut || (deepening.rounds > 1 && r.distinct == previous_distinct));
    if (!finished || deepening.complete || deepening.bound >= kDepthBoundMax) {
      r.generated = generated;
      r.reexpanded = reexpanded;
      r.seconds = seconds;
      // The depth cuts of a round that exhausted the space cut nothing away.
      if (deepening.complete) r.bounded = r.model_cut;
      r.deepening = deepening;
      return r;
    }
    previous_distinct = r.distinct;
    deepening.bound = next_deepening_bound(deepening.bound);
  }
}

}  // namespace zab::search
