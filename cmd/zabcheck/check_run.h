// One configuration of `zabcheck check`, run: the search (and leader-eventually over its
// graph), then the files it writes. The summaries are check_summary's.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "checker/explore/liveness.h"
#include "checker/explore/search.h"
#include "cmd/zabcheck/check_command.h"
#include "cmd/zabcheck/ending.h"

namespace zab::check {

struct CheckOutcome {
  SearchResult search;
  Ending ending = Ending::kFinished;
  uint64_t memory_max = 0;                 // the limit the search ran under (0: none)
  props::PropertySet properties;           // what was checked
  std::vector<std::string> vacuous;        // properties none of whose witnesses was reached
  std::vector<std::string> also_violated;  // other properties violated at the same last step
  std::optional<LivenessResult> liveness;
  bool liveness_unchecked = false;  // asked for, but the search did not finish
  std::string verdict;              // violation | interrupted | cut | vacuous | ok
  std::optional<props::Violation> violation;
  std::vector<Action> trace;
  std::string trace_path;  // where the trace went (or was meant to go)
  bool trace_written = false;
  std::vector<std::string> write_errors;  // outputs that could not be written
};

// The memory limit a run uses: --memory, or the default share of what is usable.
uint64_t memory_limit(const CheckOptions& options);

// The start world, or nullopt after saying on stderr why it cannot be reached.
std::optional<World> start_or_explain(const WorldConfig& cfg, const std::string& from);

// Searches from `start` under the stop flag (which the caller's scopes raise); writes nothing.
CheckOutcome explore(const CheckOptions& options, const World& start, uint64_t memory_max);
// Writes the violation's trace and report, the JUnit suite and the DOT graph. A failure is noted
// in out.write_errors (and the run goes on), never thrown.
void write_outputs(const CheckOptions& options, const World& start, CheckOutcome& out);
// The exit code of the outcome (exit_codes.h).
int exit_code(const CheckOutcome& out);

// The flags that reproduce the search: the configuration's, and --property, --dfs, --no-por and
// --state-max.
std::string search_flags(const CheckOptions& options);

}  // namespace zab::check
