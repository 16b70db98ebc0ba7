// zabcheck: model-check the real ZooKeeper-style protocol code, and work with counterexamples.
#include <CLI/CLI.hpp>

#include "cmd/zabcheck/check_command.h"
#include "cmd/zabcheck/simulate_command.h"
#include "cmd/zabcheck/commands.h"
#include "cmd/zabcheck/quorum_command.h"
#include "impl/core/check.h"

int main(int argc, char** argv) {
  // A failed assertion in the protocol code becomes a counterexample, not a crash of the tool.
  zab::set_assertions_throw(true);
  CLI::App app{"zabcheck: model-check ZooKeeper's quorum protocol code"};
  app.require_subcommand(1);
  int exit_code = 0;
  zab::check::add_check_command(app, exit_code);
  zab::check::add_list_commands(app);
  zab::check::add_simulate_command(app, exit_code);
  zab::cx::add_counterexample_commands(app, exit_code);
  zab::check::add_quorum_command(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 uses 106/109/...; bad usage is 2 for every zabcheck command.
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  return exit_code;
}
