// What `zabcheck simulate` found and prints: the summary for a person, or one JSON object.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "checker/explore/random_walk.h"
#include "cmd/zabcheck/ending.h"
#include "cmd/zabcheck/simulate_command.h"

namespace zab::check {

struct SimulateOutcome {
  SimulationResult sim;             // when simulating
  std::optional<WalkOutcome> walk;  // the failing walk, or the replayed one
  Ending ending = Ending::kFinished;
  uint64_t memory_max = 0;
  std::string verdict;  // violation | interrupted | cut | vacuous | ok
  std::vector<std::string> vacuous;
  std::string trace_path;
  bool trace_written = false;
  size_t shrunk_length = 0;  // actions in the written (shrunk) trace
  double seconds = 0;
  std::vector<std::string> write_errors;  // outputs that could not be written
};

void print_simulate_json(const SimulateOptions& options, const SimulateOutcome& out);
void print_simulate_summary(const SimulateOptions& options, const SimulateOutcome& out);

}  // namespace zab::check
