#include "cmd/zabcheck/spec_trace.h"

#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "checker/search/step.h"
#include "cmd/zabcheck/exit_codes.h"
#include "cmd/zabcheck/spec_command.h"
#include "counterexamples/escape.h"
#include "counterexamples/trace.h"

namespace zab::check {
namespace {

constexpr std::string_view kModelLine = "# model: spec";

int int_field(const nlohmann::json& j, const char* key) {
  if (!j.contains(key) || !j[key].is_number_integer())
    throw std::runtime_error(fmt::format("config: '{}' must be a whole number", key));
  return j[key].get<int>();
}

spec::SpecConfig config_from_json(const std::string& text) {
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw std::runtime_error("config: not a JSON object");
  spec::SpecConfig c;
  c.servers = int_field(j, "servers");
  c.txns = int_field(j, "txns");
  c.crashes = int_field(j, "crashes");
  c.restarts = int_field(j, "restarts");
  c.timeouts = int_field(j, "timeouts");
  c.max_epoch = int_field(j, "max_epoch");
  if (!j.contains("bug") || !j["bug"].is_string())
    throw std::runtime_error("config: 'bug' must be a string");
  const auto bug = spec::parse_spec_bug(j["bug"].get<std::string>());
  if (!bug) throw std::runtime_error("config: unknown spec bug");
  c.bug = *bug;
  if (j.contains("properties")) {
    if (!j["properties"].is_array()) throw std::runtime_error("config: 'properties' not a list");
    for (const auto& p : j["properties"]) {
      if (!p.is_string()) throw std::runtime_error("config: a property is not a string");
      c.properties.push_back(p.get<std::string>());
    }
  }
  if (auto p = c.problem()) throw std::runtime_error("config: " + *p);
  return c;
}

// Each line of `text` indented under its step number.
std::string indented(const std::string& text) {
  std::string out;
  size_t begin = 0;
  while (begin < text.size()) {
    const size_t end = text.find('\n', begin);
    const size_t stop = end == std::string::npos ? text.size() : end;
    out += "      " + text.substr(begin, stop - begin) + "\n";
    begin = stop + 1;
  }
  return out;
}

}  // namespace

nlohmann::json spec_config_json(const spec::SpecConfig& c) {
  return {{"servers", c.servers},          {"txns", c.txns},
          {"crashes", c.crashes},          {"restarts", c.restarts},
          {"timeouts", c.timeouts},        {"max_epoch", c.max_epoch},
          {"bug", spec::to_string(c.bug)}, {"properties", c.properties}};
}

std::string spec_trace_text(const SpecTrace& t, const std::string& path,
                            const std::string& reproduce) {
  std::string out = fmt::format("# zabcheck-trace {}\n{}\n# property: {}\n# config: {}\n",
                                cx::kTraceFormatVersion, kModelLine, t.property,
                                spec_config_json(t.config).dump());
  out += fmt::format("# found-by: {}\n# reproduce: {}\n# reproduce: {}\n", t.found_by,
                     cx::replay_command(path), reproduce);
  for (const auto& a : t.actions)
    out += a + "\n";
  out += fmt::format("----\nviolates {}: {}\n", t.property, t.detail);
  return out;
}

SpecTrace parse_spec_trace(const std::string& text) {
  SpecTrace t;
  std::istringstream in(text);
  std::string line;
  int n = 0;
  bool config = false, verdict = false;
  auto fail = [&n](const std::string& why) {
    throw std::runtime_error(fmt::format("line {}: {}", n, why));
  };
  while (std::getline(in, line)) {
    ++n;
    if (line.starts_with("# config: ")) {
      try {
        t.config = config_from_json(line.substr(10));
      } catch (const std::exception& e) {
        fail(e.what());
      }
      config = true;
    } else if (line.starts_with("# property: ")) {
      t.property = line.substr(12);
    } else if (line.starts_with("#")) {
      continue;
    } else if (line == "----") {
      if (std::getline(in, line) && line.starts_with("violates ")) verdict = true;
      break;
    } else if (!line.empty()) {
      t.actions.push_back(line);
    }
  }
  if (!config) throw std::runtime_error("no '# config:' line");
  if (t.property.empty()) throw std::runtime_error("no '# property:' line");
  if (!verdict) throw std::runtime_error("no '----' line followed by 'violates ...'");
  return t;
}

// Reads the first bytes only: `zabcheck replay /dev/zero` must not read forever here.
bool is_spec_trace(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char head[64] = {};
  in.read(head, sizeof head);
  const std::string_view text(head, static_cast<size_t>(in.gcount()));
  const size_t first = text.find('\n');
  return text.starts_with("# zabcheck-trace") && first != std::string_view::npos &&
         text.substr(first + 1).starts_with(std::string(kModelLine) + "\n");
}

int replay_spec_trace(const std::string& path, bool json, bool step_by_step) {
  SpecTrace t;
  try {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot be read");
    std::string text(cx::kTraceBytesMax + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<size_t>(in.gcount()));
    if (text.size() > cx::kTraceBytesMax) throw std::runtime_error("too large for a trace");
    t = parse_spec_trace(text);
  } catch (const std::exception& e) {
    std::cerr << "error: " << cx::shell_quote(path) << ": " << e.what() << "\n";
    return kExitUsage;
  }
  const spec::SpecModel model(t.config);
  spec::State state = model.start();
  search::GoalSet goals = 0;
  std::optional<search::Violation> found;
  size_t step = 0;
  std::string problem;
  std::ostream& steps = json ? std::cerr : std::cout;
  if (step_by_step) steps << "   0  (start)\n" << indented(model.describe(state));
  if (auto v = model.check_invariants(state)) found = v;
  for (; !found && step < t.actions.size(); ++step) {
    const auto a = model.parse(state, t.actions[step]);
    if (!a) {
      problem = fmt::format("step {}: '{}' is not enabled", step + 1, cx::brief(t.actions[step]));
      break;
    }
    spec::State next = state;
    found = search::check_step(model, state, *a, next, goals);
    state = std::move(next);
    if (step_by_step)
      steps << fmt::format("{:>4}  {}\n", step + 1, t.actions[step])
            << indented(model.describe(state));
  }
  const bool violated = found && found->property == t.property;
  const std::string outcome = !problem.empty() ? "inconsistent" : violated ? "violated" : "holds";
  if (json) {
    nlohmann::json j{{"model", "spec"},
                     {"property", t.property},
                     {"steps", step},
                     {"outcome", outcome},
                     {"config", spec_config_json(t.config)}};
    if (found) j["detail"] = found->detail;
    if (!problem.empty()) j["problem"] = problem;
    std::cout << cx::json_text(j, 2) << "\n";
  } else {
    std::cout << fmt::format("{}: spec trace, {} actions, property {}\n", cx::shell_quote(path),
                             t.actions.size(), t.property);
    if (violated)
      std::cout << fmt::format("violated at step {}: {}\n", step, found->detail);
    else if (problem.empty())
      std::cout << fmt::format("not violated after {} steps{}\n", step,
                               found ? " (another property was: " + found->property + ")" : "");
    std::cout << model.describe(state);
  }
  if (!problem.empty()) {
    std::cerr << "error: " << cx::shell_quote(path) << ": " << problem << "\n";
    return kExitUsage;
  }
  return violated ? kExitViolation : kExitOk;
}

}  // namespace zab::check
