// `zabcheck simulate`: seeded random walks (and swarm testing) over one configuration, for
// horizons too deep for `check`. Every failure prints the command that re-runs exactly the
// failing walk, VOPR style: `zabcheck simulate <flags> --seed S --walk N`.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "checker/world/run_config.h"

namespace zab::check {

struct SimulateOptions {
  RunConfig run;                        // run.depth_max stays 0: `depth` bounds the walks
  std::vector<std::string> properties;  // empty: every safety property
  uint64_t seed = 1;
  int walks = 10'000;
  int depth = 200;
  bool replay = false;  // --walk given: run walk `walk` alone
  int walk = 0;
  int threads = 0;  // 0: all cores
  double fault_rate = 0.05;
  bool swarm = false;
  bool json = false;
  bool progress = true;
  std::optional<uint64_t> memory_max;  // --memory (0: none); unset: as for check
  std::string trace_out;               // where to write a counterexample
  std::string junit_out;               // JUnit XML, one test case per property
  std::string report_dir;  // the report of a violation (report.md, report.html, path.dot)
};

void add_simulate_command(CLI::App& app, int& exit_code);

// Runs the simulation (or the one walk) and prints its summary; returns the exit code
// (exit_codes.h). A failure of the simulated world itself propagates (main maps it to 3).
int run_simulate(const SimulateOptions& options);

// The command that re-runs walk `walk` of this simulation alone.
std::string reproduce_command(const SimulateOptions& options, int walk);

}  // namespace zab::check
