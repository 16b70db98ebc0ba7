// `zabcheck check`: model-check one configuration, or a named profile of them.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "checker/world/run_config.h"
#include "counterexamples/junit.h"

namespace zab::check {

struct CheckOptions {
  RunConfig run;
  std::vector<std::string> properties;  // empty: all
  int threads = 0;                      // 0: all cores
  bool dfs = false;
  bool por = true;
  bool json = false;
  bool progress = true;
  uint64_t state_max = 0;
  uint64_t graph_max = 2'000'000;      // liveness records the graph up to this many states
  std::optional<uint64_t> memory_max;  // --memory (0: none); unset: a share of what is usable
  std::string trace_out;               // where to write a counterexample
  std::string graph_out;               // DOT export of the state graph
  std::string junit_out;               // JUnit XML
  // A profile collects each configuration's JUnit suite here and writes them as one file.
  std::vector<cx::TestSuite>* junit_suites = nullptr;
  std::string report_dir;  // report of a violation
  std::string profile;     // quick | pr | nightly
  // Flags given on the command line that a profile cannot take (it sets them itself).
  std::vector<std::string> not_for_profile;
};

inline constexpr int kThreadsMax = 256;

void add_check_command(CLI::App& app, int& exit_code);
void add_list_commands(CLI::App& app);

// Why these options cannot run (a bad flag, a flag combination an explorer cannot honour, an
// output that cannot be written), or nullopt.
std::optional<std::string> check_problem(const CheckOptions& options);
// Runs one configuration and prints its summary; returns the exit code (exit_codes.h).
int run_check(const CheckOptions& options);
// Runs a profile: one line per configuration (or one JSON object); non-zero if any
// configuration fails, is vacuous or could not finish.
int run_profile(const CheckOptions& options);

}  // namespace zab::check
