// `zabcheck lin HISTORY [--json] [--svg FILE] [--time-limit S] [--memory-limit MB]`: is a
// client history of reads, writes and compare-and-sets on znodes linearizable?
//
// The history is JSON lines (checker/lin/history.h, the README's "Checking a client history");
// each key is searched on its own (checker/lin/search.h). Exit 0: linearizable; 1: a key is not
// (the text, or the JSON, names it with the failing window; --svg draws the window); 2: the file
// cannot be read or a line is not an operation (the message names the line); 5: undecided, the
// search stopped at --time-limit or --memory-limit.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace zab::check {

struct LinOptions {
  std::string history;  // a file, or "-" for standard input
  bool json = false;
  std::string svg;  // the failing window's timeline, written only when a key is not linearizable
  double time_limit_s = 60;
  size_t memory_limit_mb = 1024;
};

void add_lin_command(CLI::App& app, int& exit_code);

// Checks the history and prints the answer; returns the exit code.
int run_lin(const LinOptions& options);

}  // namespace zab::check
