// zabcheck: model-check the real ZooKeeper-style protocol code, and work with counterexamples.
// Every way out of the program is one of the exit codes in cmd/zabcheck/exit_codes.h.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <new>

#include "cmd/zabcheck/check_command.h"
#include "cmd/zabcheck/commands.h"
#include "cmd/zabcheck/exit_codes.h"
#include "cmd/zabcheck/fuzz_command.h"
#include "cmd/zabcheck/lin_command.h"
#include "cmd/zabcheck/quorum_command.h"
#include "cmd/zabcheck/simulate_command.h"
#include "cmd/zabcheck/spec_command.h"
#include "counterexamples/escape.h"
#include "impl/core/check.h"

namespace {

// `zabcheck nosuch` would otherwise be told only that "a subcommand is required".
bool unknown_command(const CLI::App& app, int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-') return false;
  std::string names;
  for (const CLI::App* sub : app.get_subcommands({})) {
    if (sub->get_name() == argv[1]) return false;
    names += (names.empty() ? "" : ", ") + sub->get_name();
  }
  std::cerr << fmt::format("zabcheck: unknown command '{}' (the commands: {})\n",
                           zab::cx::brief(argv[1], 60), names);
  return true;
}

int run(CLI::App& app, int argc, char** argv, const int& exit_code) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 uses 106/109/...; bad usage is 2 for every zabcheck command.
    const int code = app.exit(e);
    return code == 0 ? zab::check::kExitOk : zab::check::kExitUsage;
  }
  return exit_code;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace zab::check;
  // A failed assertion in the protocol code becomes a counterexample, not a crash of the tool.
  zab::set_assertions_throw(true);
  CLI::App app{"zabcheck: model-check ZooKeeper's quorum protocol code"};
  app.require_subcommand(1);
  app.footer(std::string(kExitCodeTable));
  int exit_code = kExitOk;
  add_check_command(app, exit_code);
  add_list_commands(app);
  add_simulate_command(app, exit_code);
  add_fuzz_command(app, exit_code);
  zab::cx::add_counterexample_commands(app, exit_code);
  add_quorum_command(app, exit_code);
  add_spec_command(app, exit_code);
  add_lin_command(app, exit_code);
  for (CLI::App* sub : app.get_subcommands({}))
    sub->footer(std::string(kExitCodeTable));
  if (unknown_command(app, argc, argv)) return kExitUsage;
  // Anything that escapes a command is a failure of the checker itself: the protocol's own
  // assertions are counterexamples, and bad input is answered with exit 2 where it is read.
  try {
    return run(app, argc, argv, exit_code);
  } catch (const std::bad_alloc&) {
    std::cerr << "zabcheck: internal error: out of memory (a search stops at --memory; this "
                 "happened outside one)\n";
  } catch (const std::exception& e) {
    std::cerr << "zabcheck: internal error of the checker: " << zab::cx::brief(e.what(), 400)
              << "\n";
  } catch (...) {
    std::cerr << "zabcheck: internal error of the checker: an unknown exception\n";
  }
  return kExitInternal;
}
