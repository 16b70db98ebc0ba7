// Bounded model checking of the spec with Z3 (`zabcheck spec --smt --depth K`): the transition
// relation (transition.h) unrolled one step at a time from the start state, asking at each depth
// d whether a state reached in exactly d steps (through states the explorers would expand: within
// the bounds) breaks a checked property. Depths are tried in order, so the first violation is at
// the depth BFS finds one. The model's choices are replayed on the concrete spec, which must
// reach the same violation (anything else is an encoding bug and throws CheckerFailure), so the
// trace and its detail are the concrete spec's.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <vector>

#include "checker/search/model.h"
#include "spec/spec.h"

namespace zab::spec::smt {

struct BmcDepth {
  int depth = 0;
  double seconds = 0;  // for this depth's query
  bool violated = false;
};

struct BmcOptions {
  int depth_max = 20;
  std::function<void(const BmcDepth&)> on_depth;
  const std::atomic<bool>* stop = nullptr;  // raised: Z3 is interrupted, the run ends
};

struct BmcResult {
  std::optional<search::Violation> violation;
  std::vector<Action> trace;
  std::vector<std::string> trace_names;
  std::vector<BmcDepth> depths;
  double seconds = 0;
  bool stopped = false;
};

BmcResult bmc(const SpecModel& model, const BmcOptions& options);

}  // namespace zab::spec::smt
