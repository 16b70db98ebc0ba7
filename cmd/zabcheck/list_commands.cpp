// list-properties, list-bugs, list-starts.
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "checker/world/seeded_bugs.h"
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
      if (p.opt_in)
        std::cout << fmt::format("{:<37} checked only when named (--property {})\n", "", p.id);
    }
    std::cout
        << "\nsometimes-goals (a run that reaches none of its property's goals is vacuous):\n";
    for (const auto& s : props::all_sometimes())
      std::cout << fmt::format("  {:<26} {}\n", s.id, s.sentence);
  });
  auto* bugs = app.add_subcommand("list-bugs", "The seeded bugs (--bug NAME)");
  auto bugs_json = std::make_shared<bool>(false);
  bugs->add_flag("--json", *bugs_json,
                 "one JSON array: id, JIRA, sentence, smallest configuration (as flags and as a "
                 "trace's config), property, and whether it is checked only when named");
  bugs->callback([bugs_json] {
    if (!*bugs_json) {
      for (const auto& b : seeded_bugs())
        std::cout << fmt::format("{:<22} {}\n", b.id, b.sentence);
      return;
    }
    nlohmann::json all = nlohmann::json::array();
    for (const auto& b : seeded_bugs())
      all.push_back({{"id", b.id},
                     {"jira", b.jira},
                     {"sentence", b.sentence},
                     {"flags", b.smallest.flags()},
                     {"config", b.smallest.to_json()},
                     {"property", b.property},
                     {"property_opt_in", props::find_property(b.property)->opt_in}});
    std::cout << all.dump(2) << "\n";
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
