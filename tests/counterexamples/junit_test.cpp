// JUnit XML: well-formed whatever the findings contain, one testcase per property, failures
// carry the finding, vacuous properties are skipped.
#include "counterexamples/junit.h"

#include <gtest/gtest.h>

#include <regex>

#include "counterexamples/escape.h"
#include "tests/counterexamples/cx_fixture.h"
#include "tests/counterexamples/xml_check.h"

namespace zab::cx::testing {
namespace {

int count(const std::string& text, const std::string& needle) {
  int n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++n;
  return n;
}

TEST(XmlCheck, RejectsWhatIsNotWellFormed) {
  EXPECT_EQ(xml_problem("<a><b/></a>"), "");
  EXPECT_NE(xml_problem("<a><b></a>"), "");
  EXPECT_NE(xml_problem("<a>x & y</a>"), "");
  EXPECT_NE(xml_problem("<a x=\"1></a>"), "");
  EXPECT_NE(xml_problem("<a>\x01</a>"), "");
  EXPECT_NE(xml_problem("<a/><b/>"), "");
}

TEST(Junit, EscapesEverythingAFindingCanContain) {
  const std::string nasty = "a<b & c>\"d\" 'e' \x01\x1f end";
  TestSuite suite{"suite <&>", {}, 0.5};
  suite.cases.push_back(TestCase{"p\"1", "cls&", CaseStatus::kFailed, nasty, 0.25});
  suite.cases.push_back(TestCase{"p2", "cls", CaseStatus::kSkipped, nasty, 0});
  suite.cases.push_back(TestCase{"p3", "cls", CaseStatus::kPassed, "", 0.000001});
  const std::string xml = junit_xml(suite);
  EXPECT_EQ(xml_problem(xml), "") << xml;
  EXPECT_NE(xml.find("a&lt;b &amp; c&gt;&quot;d&quot; &apos;e&apos; \xef\xbf\xbd\xef\xbf\xbd end"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\" time=\"0.500000\""),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<testcase name=\"p3\" classname=\"cls\" time=\"0.000001\"/>"),
            std::string::npos);
}

TEST(Junit, OneCasePerPropertyForAViolatingTrace) {
  const Trace trace = commit_before_quorum_run().trace();
  const TestSuite suite = junit_for_trace(trace, "cnl.trace");
  const std::string xml = junit_xml(suite);
  EXPECT_EQ(xml_problem(xml), "") << xml;

  const auto safety = props::PropertySet::all_safety();
  EXPECT_EQ(suite.cases.size(), safety.properties().size() + 1);  // + assertion
  EXPECT_EQ(count(xml, "<testcase "), static_cast<int>(suite.cases.size()));
  for (const auto* p : safety.properties())
    EXPECT_NE(xml.find(fmt::format("<testcase name=\"{}\"", p->id)), std::string::npos) << p->id;

  const auto find = [&](std::string_view id) {
    return *std::find_if(suite.cases.begin(), suite.cases.end(),
                         [&](const TestCase& c) { return c.name == id; });
  };
  const TestCase& lost = find("committed-never-lost");
  EXPECT_EQ(lost.status, CaseStatus::kFailed);
  EXPECT_EQ(lost.message, fmt::format("step {}: leader n2 of epoch 2 lacks committed <1,1>: n2 []",
                                      trace.actions.size()));
  EXPECT_NE(xml.find("lacks committed &lt;1,1&gt;"), std::string::npos);
  EXPECT_EQ(find("assertion").status, CaseStatus::kPassed);
  // The new leader is established without <1,1>: Zab's PrimaryIntegrity fails at the same step.
  EXPECT_EQ(find("primary-integrity").status, CaseStatus::kFailed);
  EXPECT_EQ(find("single-leader-per-epoch").status, CaseStatus::kPassed);
  EXPECT_EQ(find("total-order").status, CaseStatus::kPassed);
  for (const auto& c : suite.cases)
    EXPECT_GE(c.time_seconds, 0.0);
  EXPECT_GT(suite.time_seconds, 0.0);
  EXPECT_TRUE(std::regex_search(xml, std::regex("time=\"[0-9]+\\.[0-9]{6}\"")));
}

TEST(Junit, PropertiesWhoseGoalsThePathNeverReachesAreSkippedAsVacuous) {
  Trace trace = commit_before_quorum_run().trace();
  trace.actions.erase(std::find(trace.actions.begin(), trace.actions.end(), "client write n3"),
                      trace.actions.end());
  const TestSuite suite = junit_for_trace(trace, "prefix.trace");
  const auto total_order = std::find_if(suite.cases.begin(), suite.cases.end(),
                                        [](const TestCase& c) { return c.name == "total-order"; });
  ASSERT_NE(total_order, suite.cases.end());
  EXPECT_EQ(total_order->status, CaseStatus::kSkipped);
  EXPECT_EQ(total_order->message,
            "vacuous: no state on this path reached write-committed, replicated");
  const std::string xml = junit_xml(suite);
  EXPECT_NE(xml.find("<skipped message=\"vacuous: no state on this path reached "
                     "write-committed, replicated\"/>"),
            std::string::npos)
      << xml;
  for (const auto& c : suite.cases)
    EXPECT_NE(c.status, CaseStatus::kFailed) << c.name;
}

TEST(Junit, InconsistentTraceAddsAFailingReplayCase) {
  Trace trace = commit_before_quorum_run().trace();
  trace.config.bugs.clear();
  const TestSuite suite = junit_for_trace(trace, "cnl.trace");
  const auto& last = suite.cases.back();
  EXPECT_EQ(last.name, "replay");
  EXPECT_EQ(last.status, CaseStatus::kFailed);
  EXPECT_NE(last.message.find("no enabled action is named 'apply n3'"), std::string::npos);
  EXPECT_EQ(xml_problem(junit_xml(suite)), "");
}

TEST(Escape, DotAndMarkdown) {
  EXPECT_EQ(dot_escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
  EXPECT_EQ(markdown_code("a|b`c\nd"), "a\\|bc d");
}

}  // namespace
}  // namespace zab::cx::testing
