// The trace text and JSON forms: round trips, tolerance for what editors do to text files, and
// a clear error naming the line for everything malformed.
#include <gtest/gtest.h>

#include <regex>

#include "counterexamples/trace.h"
#include "tests/counterexamples/cx_fixture.h"

namespace zab::cx::testing {
namespace {

Trace sample() {
  Trace t;
  t.property = "committed-never-lost";
  t.config = commit_before_quorum_config();
  t.seed = 42;
  t.found_by = "bfs depth 3, 17 states";
  t.actions = {"deliver n1->n2 election NOTIFICATION vote=(n1,<0,0>,0) round=1 state=LOOKING",
               "fire n1 election-finalize", "crash n3 keep-unsynced=0"};
  t.expected = Verdict{true, "committed-never-lost", "leader n2 of epoch 2 lacks committed <1,1>"};
  t.digest = 0x00ab12cd34ef5678ULL;
  return t;
}

void expect_same(const Trace& a, const Trace& b) {
  EXPECT_EQ(a.property, b.property);
  EXPECT_EQ(a.config.to_json(), b.config.to_json());
  EXPECT_EQ(a.seed, b.seed);
  EXPECT_EQ(a.found_by, b.found_by);
  EXPECT_EQ(a.actions, b.actions);
  EXPECT_EQ(a.expected, b.expected);
  EXPECT_EQ(a.digest, b.digest);
}

TEST(TraceFormat, TextRoundTrip) {
  const Trace t = sample();
  const std::string text = format_trace(t, "cnl.trace");
  const Trace back = parse_trace(text);
  expect_same(t, back);
  EXPECT_EQ(back.action_lines, (std::vector<int>{10, 11, 12})) << text;
  EXPECT_EQ(format_trace(back, "cnl.trace"), text);
}

TEST(TraceFormat, HeaderCarriesEverythingAReviewerNeeds) {
  const std::string text = format_trace(sample(), "cnl.trace");
  EXPECT_TRUE(text.starts_with("# zabcheck-trace 1\n")) << text;
  EXPECT_NE(text.find("# property: committed-never-lost\n"), std::string::npos);
  EXPECT_NE(text.find("# sentence: a transaction acknowledged as committed"), std::string::npos);
  EXPECT_NE(text.find("# config: {\"bugs\":[\"commit-before-quorum\"]"), std::string::npos);
  EXPECT_NE(text.find("# bugs: commit-before-quorum\n"), std::string::npos);
  EXPECT_NE(text.find("# seed: 42\n"), std::string::npos);
  EXPECT_NE(text.find("# found-by: bfs depth 3, 17 states\n"), std::string::npos);
  EXPECT_NE(text.find("# reproduce: zabcheck replay cnl.trace\n"), std::string::npos);
  EXPECT_NE(text.find("# reproduce: zabcheck check --servers 3 --txns 1 --crashes 1 --bug "
                      "commit-before-quorum\n"),
            std::string::npos);
  EXPECT_TRUE(
      text.ends_with("----\nviolates committed-never-lost: leader n2 of epoch 2 lacks "
                     "committed <1,1>\ndigest 00ab12cd34ef5678\n"))
      << text;
}

TEST(TraceFormat, OkVerdictWithoutSeedOrDigest) {
  Trace t = sample();
  t.seed.reset();
  t.digest.reset();
  t.expected = Verdict{};
  const std::string text = format_trace(t);
  EXPECT_EQ(text.find("# seed"), std::string::npos);
  EXPECT_TRUE(text.ends_with("----\nok\n")) << text;
  expect_same(t, parse_trace(text));
}

TEST(TraceFormat, ToleratesBlankLinesTrailingWhitespaceCrlfAndComments) {
  std::string text = format_trace(sample());
  text = std::regex_replace(text, std::regex("\n"), "  \t\r\n\r\n");
  text = std::regex_replace(text, std::regex("fire n1"), "# a reviewer's note\r\nfire n1");
  expect_same(sample(), parse_trace("\n\n" + text + "\n\n"));
}

TEST(TraceFormat, AcceptsTheCheckerCliHeaderVariant) {
  // cmd/zabcheck writes `# search:` instead of a second `# reproduce:`, and `digest none` when
  // the last step tripped an assertion.
  std::string text = format_trace(sample());
  text = std::regex_replace(text, std::regex("# reproduce: zabcheck check"),
                            "# search: zabcheck check");
  text = std::regex_replace(text, std::regex("digest [0-9a-f]+"), "digest none");
  const Trace t = parse_trace(text);
  EXPECT_EQ(t.actions.size(), 3u);
  EXPECT_FALSE(t.digest.has_value());
}

TEST(TraceFormat, JsonRoundTrip) {
  const Trace t = sample();
  const nlohmann::json j = trace_to_json(t, "cnl.trace");
  EXPECT_EQ(j.at("format"), "zabcheck-trace");
  EXPECT_EQ(j.at("version"), 1);
  EXPECT_EQ(j.at("digest"), "00ab12cd34ef5678");
  EXPECT_EQ(j.at("reproduce").at("replay"), "zabcheck replay cnl.trace");
  expect_same(t, trace_from_json(j));
  expect_same(t, parse_trace(j.dump(2)));  // parse_trace recognises the JSON form
}

TEST(TraceFormat, FilesRoundTripAndMissingFilesAreNamed) {
  const auto dir = fresh_dir("format");
  write_trace(dir / "t.trace", sample());
  write_trace(dir / "t.json", sample());
  expect_same(sample(), read_trace(dir / "t.trace"));
  expect_same(sample(), read_trace(dir / "t.json"));
  try {
    read_trace(dir / "missing.trace");
    FAIL() << "a missing file must throw";
  } catch (const TraceError& e) {
    EXPECT_NE(std::string(e.what()).find("missing.trace: cannot open"), std::string::npos)
        << e.what();
  }
}

// Replaces line `line` (1-based) of the sample's text, or deletes it when `with` is nullopt.
std::string edit_line(int line, std::optional<std::string> with) {
  std::istringstream in(format_trace(sample()));
  std::string out, l;
  for (int n = 1; std::getline(in, l); ++n) {
    if (n != line)
      out += l + "\n";
    else if (with)
      out += *with + "\n";
  }
  return out;
}

struct Malformed {
  std::string name;
  std::string text;
  int line;
  std::string message;  // a fragment of what() that says what is wrong
};

std::vector<Malformed> malformed_cases() {
  const std::string good = format_trace(sample());
  return {
      {"empty", "\n  \n", 0, "empty"},
      {"not a trace", "hello\n", 1, "# zabcheck-trace 1"},
      {"future version", edit_line(1, "# zabcheck-trace 2"), 1,
       "unsupported trace format version 2"},
      {"bad version", edit_line(1, "# zabcheck-trace one"), 1, "bad format version"},
      {"header without colon", edit_line(3, "# just words"), 3, "expected '# key: value'"},
      {"unknown property", edit_line(2, "# property: no-such-thing"), 2, "unknown property"},
      {"liveness property", edit_line(2, "# property: leader-eventually"), 2, "liveness"},
      {"config not JSON", edit_line(4, "# config: {\"servers\": 3,"), 4, "not valid JSON"},
      {"config out of range", edit_line(4, "# config: {\"servers\": 9}"), 4, "bad configuration"},
      {"config wrong type", edit_line(4, "# config: {\"servers\": \"three\"}"), 4,
       "must be an integer"},
      {"bugs disagree", edit_line(5, "# bugs: zk-4643"), 5, "disagrees"},
      {"bad seed", edit_line(6, "# seed: -1"), 6, "not an unsigned integer"},
      {"duplicate property", edit_line(3, "# property: committed-never-lost"), 3, "duplicate"},
      {"missing property", edit_line(2, std::nullopt), 1, "no '# property"},
      {"missing config", edit_line(4, std::nullopt), 1, "no '# config"},
      {"missing separator", good.substr(0, good.find("----")), 13, "without the '----'"},
      {"bad separator", edit_line(13, "---"), 13, "exactly '----'"},
      {"missing verdict", good.substr(0, good.find("----") + 5), 13, "expected the verdict"},
      {"bad verdict", edit_line(14, "broken committed-never-lost"), 14,
       "expected 'ok' or 'violates"},
      {"verdict for another property", edit_line(14, "violates total-order: x"), 14,
       "header says 'committed-never-lost'"},
      {"bad digest", edit_line(15, "digest xyz"), 15, "is not 16 hex digits"},
      {"long digest", edit_line(15, "digest 00112233445566778"), 15, "has 17 hex digits"},
      {"short digest", edit_line(15, "digest 00ab12"), 15, "has 6 hex digits, not 16"},
      {"junk after digest", good + "more\n", 16, "unexpected line after the verdict"},
  };
}

TEST(TraceFormat, MalformedTextIsRejectedNamingTheLine) {
  for (const auto& c : malformed_cases()) {
    SCOPED_TRACE(c.name);
    try {
      parse_trace(c.text);
      ADD_FAILURE() << "accepted:\n" << c.text;
    } catch (const TraceError& e) {
      EXPECT_EQ(e.line, c.line) << e.what();
      EXPECT_NE(std::string(e.what()).find(c.message), std::string::npos) << e.what();
      if (c.line > 0) {
        EXPECT_TRUE(std::string(e.what()).starts_with(fmt::format("line {}: ", c.line)))
            << e.what();
      }
    }
  }
}

TEST(TraceFormat, MalformedJsonIsRejectedNamingTheField) {
  const nlohmann::json good = trace_to_json(sample());
  auto without = [&](const char* key) {
    auto j = good;
    j.erase(key);
    return j.dump();
  };
  auto with = [&](const nlohmann::json::json_pointer& at, nlohmann::json v) {
    auto j = good;
    j[at] = std::move(v);
    return j.dump();
  };
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{\"format\": ", "does not parse"},
      {"{}", "no 'format' field"},
      {without("actions"), "no 'actions' field"},
      {without("config"), "no 'config' field"},
      {with("/version"_json_pointer, 7), "unsupported trace format version 7"},
      {with("/actions/1"_json_pointer, 5), "'actions[1]' must be a string"},
      {with("/property/id"_json_pointer, "nope"), "unknown property 'nope'"},
      {with("/config/servers"_json_pointer, 0), "bad configuration"},
      {with("/expected/verdict"_json_pointer, "maybe"), "must be \"violates\" or \"ok\""},
      {with("/digest"_json_pointer, "0xff"), "'digest': the digest '0xff' is not 16 hex digits"},
      {with("/seed"_json_pointer, -3), "'seed' must be an unsigned integer"},
      {with("/bugs"_json_pointer, nlohmann::json::array()), "disagrees"},
  };
  EXPECT_THROW(trace_from_json(nlohmann::json::array()), TraceError);
  for (const auto& [text, message] : cases) {
    SCOPED_TRACE(text);
    try {
      parse_trace(text);
      ADD_FAILURE() << "accepted";
    } catch (const TraceError& e) {
      EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace zab::cx::testing
