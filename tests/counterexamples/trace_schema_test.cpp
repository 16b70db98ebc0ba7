// counterexamples/trace.schema.json against what `trace_to_json` and `replay --json` write. A
// small validator for the keywords the schema uses (type, required, properties, items, enum,
// const, minimum, maximum, minLength, pattern) keeps this free of extra dependencies.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "counterexamples/trace.h"
#include "tests/counterexamples/cx_fixture.h"

namespace zab::cx::testing {
namespace {

using nlohmann::json;

json load_schema() {
  std::ifstream in(std::string(ZAB_CX_DIR) + "/trace.schema.json");
  EXPECT_TRUE(in.good()) << "cannot open " << ZAB_CX_DIR << "/trace.schema.json";
  return json::parse(in);
}

bool has_type(const json& v, const std::string& type) {
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "string") return v.is_string();
  if (type == "integer") return v.is_number_integer();
  if (type == "number") return v.is_number();
  if (type == "boolean") return v.is_boolean();
  if (type == "null") return v.is_null();
  ADD_FAILURE() << "the validator does not know type " << type;
  return false;
}

void validate_scalar(const json& v, const json& s, const std::string& at,
                     std::vector<std::string>& errors) {
  if (s.contains("const") && v != s["const"]) errors.push_back(at + ": not " + s["const"].dump());
  if (s.contains("enum") && std::find(s["enum"].begin(), s["enum"].end(), v) == s["enum"].end())
    errors.push_back(at + ": not one of " + s["enum"].dump());
  if (v.is_number() && s.contains("minimum") && v.get<double>() < s["minimum"].get<double>())
    errors.push_back(at + ": below the minimum");
  if (v.is_number() && s.contains("maximum") && v.get<double>() > s["maximum"].get<double>())
    errors.push_back(at + ": above the maximum");
  if (v.is_string() && s.contains("minLength") &&
      v.get<std::string>().size() < s["minLength"].get<size_t>())
    errors.push_back(at + ": too short");
  if (v.is_string() && s.contains("pattern") &&
      !std::regex_search(v.get<std::string>(), std::regex(s["pattern"].get<std::string>())))
    errors.push_back(at + ": does not match " + s["pattern"].get<std::string>());
}

void validate(const json& v, const json& s, const std::string& at,
              std::vector<std::string>& errors) {
  if (s.contains("type") && !has_type(v, s["type"])) {
    errors.push_back(at + ": not of type " + s["type"].get<std::string>());
    return;
  }
  validate_scalar(v, s, at, errors);
  if (v.is_object()) {
    const json required = s.value("required", json::array());
    for (const auto& key : required)
      if (!v.contains(key.get<std::string>()))
        errors.push_back(at + ": missing required '" + key.get<std::string>() + "'");
    const json properties = s.value("properties", json::object());
    for (const auto& [key, sub] : properties.items())
      if (v.contains(key)) validate(v[key], sub, at + "/" + key, errors);
  }
  if (v.is_array() && s.contains("items"))
    for (size_t i = 0; i < v.size(); ++i)
      validate(v[i], s["items"], at + "/" + std::to_string(i), errors);
}

std::vector<std::string> errors_of(const json& doc) {
  std::vector<std::string> errors;
  validate(doc, load_schema(), "", errors);
  return errors;
}

TEST(TraceSchema, IsAWellFormedDraft2020Schema) {
  const json schema = load_schema();
  EXPECT_EQ(schema.at("$schema"), "https://json-schema.org/draft/2020-12/schema");
  EXPECT_EQ(schema.at("type"), "object");
  // Every required field is also described, at every level.
  std::function<void(const json&, const std::string&)> check = [&](const json& s,
                                                                   const std::string& at) {
    const json required = s.value("required", json::array());
    const json properties = s.value("properties", json::object());
    for (const auto& key : required)
      EXPECT_TRUE(properties.contains(key.get<std::string>())) << at << " " << key;
    for (const auto& [key, sub] : properties.items())
      check(sub, at + "/" + key);
  };
  check(schema, "");
}

TEST(TraceSchema, TraceJsonValidates) {
  Trace t;
  t.property = "committed-never-lost";
  t.config = commit_before_quorum_config();
  t.actions = {"fire n1 election-finalize"};
  EXPECT_EQ(errors_of(trace_to_json(t)), std::vector<std::string>{});
  t.seed = 7;
  t.digest = 0xbeef;
  t.expected = Verdict{true, "committed-never-lost", "lost <1,1>"};
  EXPECT_EQ(errors_of(trace_to_json(t, "x.trace")), std::vector<std::string>{});
}

TEST(TraceSchema, ReplayJsonOfARealTraceValidates) {
  const Trace t = commit_before_quorum_run().trace();
  json j = trace_to_json(t);
  j["replay"] = {
      {"outcome", "violated"}, {"property", "committed-never-lost"}, {"step", 59},
      {"steps", 63},           {"digest", digest_hex(*t.digest)},    {"digest_matches", true}};
  EXPECT_EQ(errors_of(j), std::vector<std::string>{});
}

TEST(TraceSchema, TheValidatorCatchesMissingAndMistypedFields) {
  Trace t;
  t.property = "total-order";
  json j = trace_to_json(t);
  j.erase("actions");
  j["version"] = 2;
  j["config"]["servers"] = "3";
  j["expected"]["verdict"] = "maybe";
  const auto errors = errors_of(j);
  const std::vector<std::string> expected = {
      ": missing required 'actions'", "/config/servers: not of type integer",
      "/expected/verdict: not one of [\"violates\",\"ok\"]", "/version: not 1"};
  EXPECT_EQ(errors, expected);
}

}  // namespace
}  // namespace zab::cx::testing
