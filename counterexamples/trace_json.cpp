// The JSON form of a trace (counterexamples/trace.schema.json): the same fields as the text
// header, for tools. Reading it checks every field and names the one that is wrong; parsing
// stops at a nesting depth no trace has, and writing never throws on bytes that are not UTF-8.
#include <fmt/format.h>

#include "counterexamples/escape.h"
#include "counterexamples/trace.h"

namespace zab::cx {

nlohmann::json trace_to_json(const Trace& trace, std::string_view file_name) {
  nlohmann::json expected = {{"verdict", trace.expected.violated ? "violates" : "ok"}};
  if (trace.expected.violated) {
    expected["property"] = trace.expected.property;
    expected["detail"] = trace.expected.detail;
  }
  nlohmann::json j = {
      {"format", "zabcheck-trace"},
      {"version", kTraceFormatVersion},
      {"property", {{"id", trace.property}, {"sentence", property_sentence(trace.property)}}},
      {"config", trace.config.to_json()},
      {"bugs", trace.config.bugs},
      {"found_by", trace.found_by},
      {"reproduce",
       {{"replay", replay_command(file_name)}, {"check", check_command(trace.config)}}},
      {"actions", trace.actions},
      {"expected", expected},
  };
  if (trace.seed) j["seed"] = *trace.seed;
  if (trace.digest) j["digest"] = digest_hex(*trace.digest);
  return j;
}

namespace {

const nlohmann::json& field(const nlohmann::json& j, const char* key) {
  if (!j.contains(key)) throw TraceError(0, fmt::format("the JSON trace has no '{}' field", key));
  return j.at(key);
}

std::string string_field(const nlohmann::json& j, const char* key, const char* where) {
  const auto& v = field(j, key);
  if (!v.is_string()) throw TraceError(0, fmt::format("'{}{}' must be a string", where, key));
  return v.get<std::string>();
}

void read_header(const nlohmann::json& j, Trace& trace) {
  if (!j.is_object()) throw TraceError(0, "a JSON trace is an object");
  if (string_field(j, "format", "") != "zabcheck-trace")
    throw TraceError(0, "'format' must be \"zabcheck-trace\"");
  const auto& version = field(j, "version");
  if (!version.is_number_integer() || version.get<int64_t>() != kTraceFormatVersion)
    throw TraceError(0, fmt::format("unsupported trace format version {} (this build reads {})",
                                    brief(json_text(version)), kTraceFormatVersion));
  const auto& property = field(j, "property");
  if (!property.is_object()) throw TraceError(0, "'property' must be an object {id, sentence}");
  trace.property = string_field(property, "id", "property.");
  if (auto problem = property_problem(trace.property)) throw TraceError(0, *problem);
  try {
    trace.config = check::RunConfig::from_json(field(j, "config"));
  } catch (const TraceError&) {
    throw;
  } catch (const std::exception& e) {
    throw TraceError(0, fmt::format("bad configuration: {}", brief(e.what())));
  }
  if (j.contains("bugs") && j.at("bugs") != nlohmann::json(trace.config.bugs))
    throw TraceError(0, fmt::format("'bugs' {} disagrees with the configuration's bugs {}",
                                    brief(json_text(j.at("bugs"))),
                                    json_text(nlohmann::json(trace.config.bugs))));
  if (j.contains("seed")) {
    if (!j.at("seed").is_number_unsigned())
      throw TraceError(0, "'seed' must be an unsigned integer");
    trace.seed = j.at("seed").get<uint64_t>();
  }
  if (j.contains("found_by")) trace.found_by = string_field(j, "found_by", "");
}

void read_actions(const nlohmann::json& j, Trace& trace) {
  const auto& actions = field(j, "actions");
  if (!actions.is_array()) throw TraceError(0, "'actions' must be an array of action names");
  for (size_t i = 0; i < actions.size(); ++i) {
    if (!actions[i].is_string())
      throw TraceError(0, fmt::format("'actions[{}]' must be a string (an action name)", i));
    trace.actions.push_back(actions[i].get<std::string>());
  }
}

void read_expected(const nlohmann::json& j, Trace& trace) {
  const auto& expected = field(j, "expected");
  if (!expected.is_object()) throw TraceError(0, "'expected' must be an object");
  const std::string verdict = string_field(expected, "verdict", "expected.");
  if (verdict == "violates") {
    trace.expected.violated = true;
    trace.expected.property = string_field(expected, "property", "expected.");
    trace.expected.detail = string_field(expected, "detail", "expected.");
    if (trace.expected.property != trace.property)
      throw TraceError(0, fmt::format("the verdict names property '{}' but the trace's property "
                                      "is '{}'",
                                      brief(trace.expected.property), trace.property));
  } else if (verdict != "ok") {
    throw TraceError(0, "'expected.verdict' must be \"violates\" or \"ok\"");
  }
  if (j.contains("digest")) {
    const std::string hex = string_field(j, "digest", "");
    if (auto problem = digest_problem(hex)) throw TraceError(0, "'digest': " + *problem);
    trace.digest = parse_digest_hex(hex);
  }
}

}  // namespace

Trace trace_from_json(const nlohmann::json& j) {
  Trace trace;
  read_header(j, trace);
  read_actions(j, trace);
  read_expected(j, trace);
  return trace;
}

std::string json_text(const nlohmann::json& j, int indent) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json parse_json(std::string_view text, int line) {
  const nlohmann::json::parser_callback_t depth_limit =
      [line](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
        if (depth > kJsonDepthMax)
          throw TraceError(line, fmt::format("the JSON is nested more than {} deep (a trace's is "
                                             "3)",
                                             kJsonDepthMax));
        return true;
      };
  try {
    return nlohmann::json::parse(text, depth_limit);
  } catch (const nlohmann::json::exception& e) {
    throw TraceError(line, fmt::format("{}: {}",
                                       line > 0 ? "the configuration is not valid JSON"
                                                : "the JSON trace does not parse",
                                       brief(e.what())));
  }
}

}  // namespace zab::cx
