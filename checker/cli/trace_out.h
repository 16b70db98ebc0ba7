// What `check` writes besides its summary: the counterexample trace (counterexamples/ format),
// a JUnit XML suite with one case per property, and the report of a violation.
#pragma once

#include <string>
#include <vector>

#include "checker/explore/search.h"
#include "checker/world/run_config.h"
#include "counterexamples/trace.h"

namespace zab::check {

// The trace of a violation found by `how` ("bfs", "dfs", "random walk"), with its expected
// verdict and final digest recorded by replaying it.
cx::Trace make_trace(const RunConfig& run, const props::Violation& violation,
                     const World& start, const std::vector<Action>& trace, const std::string& how,
                     const SearchResult& search);

struct PropertyOutcome {
  std::string id;
  bool violated = false;
  bool vacuous = false;
  std::string message;
};
void write_junit(const std::string& path, const std::string& suite,
                 const std::vector<PropertyOutcome>& outcomes, double seconds);

}  // namespace zab::check
