#include "counterexamples/spec_trace.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "checker/search/step.h"
#include "counterexamples/escape.h"
#include "counterexamples/trace.h"

namespace zab::cx {
namespace {

constexpr std::string_view kModelLine = "# model: spec";
constexpr std::string_view kSpecCommand = "zabcheck spec ";

int int_field(const nlohmann::json& j, const char* key) {
  if (!j.contains(key) || !j[key].is_number_integer())
    throw std::runtime_error(fmt::format("config: '{}' must be a whole number", key));
  return j[key].get<int>();
}

spec::SpecConfig config_from_json(std::string_view text, int line) {
  const auto j = parse_json(text, line);
  if (!j.is_object()) throw std::runtime_error("config: not a JSON object");
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

}  // namespace

nlohmann::json spec_config_json(const spec::SpecConfig& c) {
  return {{"servers", c.servers},          {"txns", c.txns},
          {"crashes", c.crashes},          {"restarts", c.restarts},
          {"timeouts", c.timeouts},        {"max_epoch", c.max_epoch},
          {"bug", spec::to_string(c.bug)}, {"properties", c.properties}};
}

std::string format_spec_trace(const SpecTrace& t, std::string_view file_name) {
  std::string out =
      fmt::format("# zabcheck-trace {}\n{}\n# property: {}\n# config: {}\n", kTraceFormatVersion,
                  kModelLine, t.property, json_text(spec_config_json(t.config)));
  if (!t.found_by.empty()) out += fmt::format("# found-by: {}\n", t.found_by);
  out += fmt::format("# reproduce: {}\n", replay_command(file_name));
  out +=
      fmt::format("# reproduce: {}\n",
                  t.reproduce.empty() ? std::string(kSpecCommand) + t.config.flags() : t.reproduce);
  for (const auto& a : t.actions)
    out += a + "\n";
  out += fmt::format("----\nviolates {}: {}\n", t.property, t.detail);
  return out;
}

SpecTrace parse_spec_trace(std::string_view text) {
  SpecTrace t;
  std::istringstream in{std::string(text)};
  std::string line;
  int n = 0, verdict_n = 0;
  bool config = false;
  std::string verdict;
  auto fail = [&n](const std::string& why) { throw TraceError(n, why); };
  while (std::getline(in, line)) {
    ++n;
    if (line.ends_with('\r')) line.pop_back();
    if (line.starts_with("# config: ")) {
      try {
        t.config = config_from_json(std::string_view(line).substr(10), n);
      } catch (const TraceError&) {
        throw;
      } catch (const std::exception& e) {
        fail(e.what());
      }
      config = true;
    } else if (line.starts_with("# property: ")) {
      t.property = line.substr(12);
    } else if (line.starts_with("# found-by: ")) {
      t.found_by = line.substr(12);
    } else if (line.starts_with("# reproduce: ") &&
               std::string_view(line).substr(13).starts_with(kSpecCommand)) {
      t.reproduce = line.substr(13);
    } else if (line.starts_with("#")) {
      continue;
    } else if (line == "----") {
      if (std::getline(in, line) && line.starts_with("violates ")) {
        verdict_n = ++n;
        if (line.ends_with('\r')) line.pop_back();
        verdict = line;
      }
      break;
    } else if (!line.empty()) {
      t.actions.push_back(line);
    }
  }
  if (!config) throw TraceError(0, "no '# config:' line");
  if (t.property.empty()) throw TraceError(0, "no '# property:' line");
  if (verdict.empty()) throw TraceError(0, "no '----' line followed by 'violates ...'");
  // "violates <property>: <detail>" with the header's property. The detail is what follows that
  // prefix: a hand-edited property name may hold ": " itself, so the line is not cut at its first.
  const std::string prefix = "violates " + t.property;
  const std::string_view rest =
      std::string_view(verdict).substr(verdict.starts_with(prefix) ? prefix.size() : 0);
  if (!verdict.starts_with(prefix) || (!rest.empty() && !rest.starts_with(": ")))
    throw TraceError(verdict_n, fmt::format("the verdict names another property than "
                                            "'# property: {}'",
                                            t.property));
  if (!rest.empty()) t.detail = std::string(rest.substr(2));
  return t;
}

SpecTrace read_spec_trace(const std::filesystem::path& path) {
  const std::string text = read_trace_text(path);
  try {
    return parse_spec_trace(text);
  } catch (const TraceError& e) {
    throw TraceError(e.line, e.reason, shell_quote(path.string()));
  }
}

bool is_spec_trace(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  char head[64] = {};
  in.read(head, sizeof head);
  const std::string_view text(head, static_cast<size_t>(in.gcount()));
  const size_t first = text.find('\n');
  return text.starts_with("# zabcheck-trace") && first != std::string_view::npos &&
         text.substr(first + 1).starts_with(std::string(kModelLine) + "\n");
}

bool SpecReplay::reproduces(const SpecTrace& trace) const {
  return outcome == ReplayOutcome::kViolated && violation->property == trace.property;
}

SpecReplay replay_spec(const SpecTrace& t, const SpecReplayOptions& options) {
  const spec::SpecModel model(t.config);
  SpecReplay r;
  r.start = model.start();
  r.state = r.start;
  search::GoalSet goals = 0;
  r.violation = model.check_invariants(r.state);
  for (size_t i = 0; !r.violation && i < t.actions.size(); ++i) {
    const auto action = model.parse(r.state, t.actions[i]);
    if (!action) {
      if (options.lenient) continue;
      r.problem = fmt::format("step {}: '{}' is not enabled", r.steps + 1, brief(t.actions[i]));
      break;
    }
    spec::State next = r.state;
    r.violation = search::check_step(model, r.state, *action, next, goals);
    r.state = std::move(next);
    r.taken.push_back(t.actions[i]);
    ++r.steps;
    if (options.on_step) options.on_step(r.steps, t.actions[i], r.state);
  }
  if (r.violation) r.violation_step = r.steps;
  r.outcome = !r.problem.empty() ? ReplayOutcome::kInconsistent
              : r.violation      ? ReplayOutcome::kViolated
                                 : ReplayOutcome::kNotViolated;
  return r;
}

}  // namespace zab::cx
