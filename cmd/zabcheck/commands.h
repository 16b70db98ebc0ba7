// The counterexample subcommands of `zabcheck`:
//
//   zabcheck replay TRACE [--step] [--json] [--all-properties] [--junit FILE] [--report DIR]
//       exit 1 if the property is still violated, 0 if not (a fixed bug's trace is a passing
//       regression test), 2 if the trace is unreadable or inconsistent with this build.
//   zabcheck shrink TRACE -o OUT [--replays N]
//       writes the shrunk trace and prints the lengths before and after; exit 2 if the trace
//       cannot be shrunk (unreadable, inconsistent, or not violating its property).
//   zabcheck report TRACE -o DIR
//       writes DIR/report.md, DIR/report.html and DIR/path.dot; exit 2 if the trace is
//       unreadable or inconsistent (the report of the replayable prefix is still written).
#pragma once

#include <CLI/CLI.hpp>

namespace zab::cx {

// Registers the subcommands; each sets `exit_code` when it runs. Output goes to stdout, errors
// to stderr.
void add_counterexample_commands(CLI::App& app, int& exit_code);

}  // namespace zab::cx
