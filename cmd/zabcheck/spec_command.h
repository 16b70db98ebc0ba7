// `zabcheck spec`: the executable spec (spec/) under the same explorers, summaries, exit codes
// and counterexample traces as `check` (spec traces: spec_trace_commands.h).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "spec/spec.h"

namespace zab::check {

struct SpecOptions {
  spec::SpecConfig spec;
  std::string bug = "none";
  int depth_max = 0;
  bool dfs = false;
  int random_walks = 0;  // > 0: random walks instead of an exhaustive search
  bool smt = false;      // bounded model checking with Z3 to depth_max instead
  uint64_t seed = 1;
  int threads = 1;
  bool json = false;
  bool progress = true;
  std::string trace_out;
};

void add_spec_command(CLI::App& app, int& exit_code);
int run_spec(SpecOptions options);

}  // namespace zab::check
