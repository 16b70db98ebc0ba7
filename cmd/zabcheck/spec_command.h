// `zabcheck spec`: the executable spec (spec/) under the same explorers, summaries, exit codes
// and counterexample traces as `check`; and the replay of a spec trace for `zabcheck replay`.
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

// Whether the file at `path` is a spec trace (its header has "# model: spec").
bool is_spec_trace(const std::string& path);
// `zabcheck replay` of a spec trace: exit 1 when it violates its property again, 0 when not,
// 2 when it cannot be replayed (a malformed header, an action not enabled). With `step`, each
// action and the abstract state after it (to stderr under --json, as for implementation traces).
int replay_spec_trace(const std::string& path, bool json, bool step);

}  // namespace zab::check
