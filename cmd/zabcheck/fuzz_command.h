// `zabcheck fuzz`: RapidCheck scenarios aimed at protocol points (checker/fuzz), shrunk by
// RapidCheck and then by the trace shrinker. Same configuration flags, exit codes and trace
// output as `check` and `simulate`.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "checker/fuzz/fuzz.h"
#include "checker/world/run_config.h"

namespace zab::check {

struct FuzzCommandOptions {
  RunConfig run;
  std::vector<std::string> properties;  // empty: every safety property
  uint64_t seed = 1;
  int runs = 1000;
  int max_size = 20;
  int actions_max = 400;  // per scenario run
  bool json = false;
  bool progress = true;
  std::string trace_out;  // where to write a counterexample
};

// What a fuzz found, for the summaries.
struct FuzzOutcome {
  fuzz::FuzzResult result;
  std::string verdict;  // violation | interrupted | ok
  std::string trace_path;
  bool trace_written = false;
  size_t trace_before = 0;  // actions of the shrunk scenario's run
  size_t trace_after = 0;   // after the trace shrinker
  double trace_shrink_seconds = 0;
  std::vector<std::string> write_errors;
};

void add_fuzz_command(CLI::App& app, int& exit_code);
int run_fuzz(const FuzzCommandOptions& options);

void print_fuzz_summary(const FuzzCommandOptions& options, const FuzzOutcome& out);
void print_fuzz_json(const FuzzCommandOptions& options, const FuzzOutcome& out);

}  // namespace zab::check
