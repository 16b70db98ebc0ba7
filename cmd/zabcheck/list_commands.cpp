// list-properties, list-bugs, list-starts.
#include <fmt/format.h>

#include <iostream>

#include "cmd/zabcheck/check_command.h"
#include "properties/property.h"

namespace zab::check {

void add_list_commands(CLI::App& app) {
  app.add_subcommand("list-properties", "The property catalogue")->callback([] {
    for (const auto& p : props::all_properties()) {
      std::cout << fmt::format("{:<26} {:<10} {}\n", p.id, props::to_string(p.kind), p.sentence);
      if (!p.known_as.empty()) std::cout << fmt::format("{:<37} known as: {}\n", "", p.known_as);
      if (!p.witnesses.empty()) {
        std::cout << fmt::format("{:<37} must reach:", "");
        for (const auto& w : p.witnesses)
          std::cout << " " << w;
        std::cout << "\n";
      }
    }
    std::cout
        << "\nsometimes-goals (a run that reaches none of its property's goals is vacuous):\n";
    for (const auto& s : props::all_sometimes())
      std::cout << fmt::format("  {:<26} {}\n", s.id, s.sentence);
  });
  app.add_subcommand("list-bugs", "The seeded bugs (--bug NAME)")->callback([] {
    for (const auto& b : all_bugs())
      std::cout << fmt::format("{:<22} {}\n", b.name, b.summary);
  });
  app.add_subcommand("list-scripts", "What scripted clients do (--script NAME)")->callback([] {
    for (const auto& s : client_scripts())
      std::cout << fmt::format("{:<16} {}\n", s.name, s.sentence);
  });
  app.add_subcommand("list-starts", "The start states (--from NAME)")->callback([] {
    for (const auto& s : start_states())
      std::cout << fmt::format("{:<10} {}\n", s.name, s.sentence);
  });
}

}  // namespace zab::check
