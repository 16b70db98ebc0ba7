// A test-only front end with just the counterexample subcommands (`replay`, `shrink`, `report`),
// for trying them by hand before they are wired into `zabcheck` (checker/cli).
#include <CLI/CLI.hpp>

#include "counterexamples/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"zabcheck counterexample commands (test build)"};
  app.require_subcommand(1);
  int exit_code = 0;
  zab::cx::add_counterexample_commands(app, exit_code);
  CLI11_PARSE(app, argc, argv);
  return exit_code;
}
