// `zabcheck check`: model-check one configuration, or a named profile of them.
#pragma once

#include <CLI/CLI.hpp>
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
  uint64_t graph_max = 2'000'000;  // liveness records the graph up to this many states
  std::string trace_out;           // where to write a counterexample
  std::string graph_out;           // DOT export of the state graph
  std::string junit_out;           // JUnit XML
  // A profile collects each configuration's JUnit suite here and writes them as one file.
  std::vector<cx::TestSuite>* junit_suites = nullptr;
  std::string report_dir;  // report of a violation
  std::string profile;     // quick | pr | nightly
};

void add_check_command(CLI::App& app, int& exit_code);
void add_list_commands(CLI::App& app);

// Runs one configuration and prints its summary; returns the exit code (0 ok/vacuous,
// 1 violation, 2 bad usage).
int run_check(const CheckOptions& options);
// Runs one configuration of a profile and prints one line; non-zero on a violation or when
// the run is vacuous (a CI suite must actually exercise what it claims to check).
int run_check_line(const CheckOptions& options, const std::string& label);
// Runs a profile: one line per configuration; non-zero if any configuration fails.
int run_profile(const CheckOptions& options);

}  // namespace zab::check
