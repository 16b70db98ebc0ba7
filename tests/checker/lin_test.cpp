// zabcheck lin's model and search on hand-written histories: each one a sentence about what a
// ZooKeeper client may or may not observe, and the parser's refusals.
#include <gtest/gtest.h>

#include <sstream>

#include "checker/lin/history.h"
#include "checker/lin/report.h"
#include "checker/lin/search.h"
#include "tests/checker/lin_histories.h"

namespace zab::lin {
namespace {

using lin_testing::endless_history;
using lin_testing::op;

History parse(const std::string& text) {
  std::istringstream in(text);
  return parse_history(in, "test");
}

CheckResult check(const History& h, double time_limit_s = 30) {
  Limits limits;
  limits.time_limit_s = time_limit_s;
  return check_history(h, limits);
}

Verdict verdict(const std::string& text) {
  return check(parse(text)).verdict;
}

TEST(Lin, SequentialWritesAndReadsAreLinearizable) {
  EXPECT_EQ(
      verdict(op(1, "write", R"("value":"x","invoke":0,"complete":1,"outcome":"ok")") +
              op(1, "read", R"("value":"x","version":1,"invoke":2,"complete":3,"outcome":"ok")") +
              op(2, "write", R"("value":"y","version":2,"invoke":4,"complete":5,"outcome":"ok")") +
              op(2, "read", R"("value":"y","invoke":6,"complete":7,"outcome":"ok")")),
      Verdict::kLinearizable);
}

TEST(Lin, ReadBeforeAnyWriteSeesTheEmptyZnode) {
  EXPECT_EQ(
      verdict(op(1, "read", R"("value":"","version":0,"invoke":0,"complete":1,"outcome":"ok")")),
      Verdict::kLinearizable);
  EXPECT_EQ(verdict(op(1, "read", R"("value":"x","invoke":0,"complete":1,"outcome":"ok")")),
            Verdict::kNotLinearizable);
}

TEST(Lin, StaleReadAfterACompletedWriteIsNotLinearizable) {
  const History h =
      parse(op(1, "write", R"("value":"x","invoke":0,"complete":10,"outcome":"ok")") +
            op(1, "write", R"("value":"y","invoke":20,"complete":30,"outcome":"ok")") +
            op(2, "read", R"("value":"x","invoke":31,"complete":40,"outcome":"ok")"));
  const CheckResult r = check(h);
  ASSERT_EQ(r.verdict, Verdict::kNotLinearizable);
  ASSERT_EQ(r.keys.size(), 1u);
  const KeyResult& k = r.keys[0];
  EXPECT_EQ(k.key, "/a");
  EXPECT_EQ(k.prefix, (std::vector<size_t>{0, 1}));
  ASSERT_TRUE(k.unplaceable);
  EXPECT_EQ(*k.unplaceable, 2u);
  const std::string text = report_text(h, r);
  EXPECT_NE(text.find("cannot be placed: line 3"), std::string::npos) << text;
  EXPECT_NE(text.find("state after the prefix: \"y\" v2"), std::string::npos) << text;
}

TEST(Lin, ConcurrentReadsMaySeeTheOldOrTheNewValue) {
  const std::string write =
      op(1, "write", R"("value":"x","invoke":0,"complete":1,"outcome":"ok")") +
      op(1, "write", R"("value":"y","invoke":10,"complete":20,"outcome":"ok")");
  EXPECT_EQ(
      verdict(write + op(2, "read", R"("value":"x","invoke":11,"complete":12,"outcome":"ok")") +
              op(3, "read", R"("value":"y","invoke":13,"complete":14,"outcome":"ok")")),
      Verdict::kLinearizable);
  // Once one read saw the new value, a read that starts after it ended may not see the old one.
  EXPECT_EQ(
      verdict(write + op(2, "read", R"("value":"y","invoke":11,"complete":12,"outcome":"ok")") +
              op(3, "read", R"("value":"x","invoke":13,"complete":14,"outcome":"ok")")),
      Verdict::kNotLinearizable);
}

TEST(Lin, ACasSucceedsOnlyAtTheExpectedVersion) {
  const std::string w = op(1, "write", R"("value":"x","invoke":0,"complete":1,"outcome":"ok")");
  EXPECT_EQ(
      verdict(w +
              op(2, "cas",
                 R"("value":"y","expected_version":1,"invoke":2,"complete":3,"outcome":"ok")") +
              op(2, "read", R"("value":"y","version":2,"invoke":4,"complete":5,"outcome":"ok")")),
      Verdict::kLinearizable);
  EXPECT_EQ(
      verdict(w + op(2, "cas",
                     R"("value":"y","expected_version":0,"invoke":2,"complete":3,"outcome":"ok")")),
      Verdict::kNotLinearizable);
}

TEST(Lin, AFailedCasSawAnotherVersionAtItsLinearizationPoint) {
  const std::string w = op(1, "write", R"("value":"x","invoke":0,"complete":1,"outcome":"ok")");
  // BadVersion at version 1 with expected 1: impossible when nothing else runs.
  EXPECT_EQ(
      verdict(w +
              op(2, "cas",
                 R"("value":"y","expected_version":1,"invoke":2,"complete":3,"outcome":"fail")")),
      Verdict::kNotLinearizable);
  // A concurrent write moved the version first: the failure is explained.
  EXPECT_EQ(
      verdict(w +
              op(2, "cas",
                 R"("value":"y","expected_version":1,"invoke":2,"complete":9,"outcome":"fail")") +
              op(3, "write", R"("value":"z","invoke":3,"complete":4,"outcome":"ok")")),
      Verdict::kLinearizable);
  // A failed cas changes nothing: a later read still sees x.
  EXPECT_EQ(
      verdict(w +
              op(2, "cas",
                 R"("value":"y","expected_version":5,"invoke":2,"complete":3,"outcome":"fail")") +
              op(2, "read", R"("value":"y","invoke":4,"complete":5,"outcome":"ok")")),
      Verdict::kNotLinearizable);
}

TEST(Lin, AnUnknownWriteMayTakeEffectLateOrNever) {
  const std::string w = op(1, "write", R"("value":"x","invoke":0,"outcome":"unknown")");
  // Never.
  EXPECT_EQ(verdict(w + op(2, "read", R"("value":"","invoke":100,"complete":101,"outcome":"ok")")),
            Verdict::kLinearizable);
  // Long after its client gave up, and then it stays.
  EXPECT_EQ(verdict(w + op(2, "read", R"("value":"","invoke":100,"complete":101,"outcome":"ok")") +
                    op(2, "read", R"("value":"x","invoke":200,"complete":201,"outcome":"ok")")),
            Verdict::kLinearizable);
  EXPECT_EQ(verdict(w + op(2, "read", R"("value":"x","invoke":100,"complete":101,"outcome":"ok")") +
                    op(2, "read", R"("value":"","invoke":200,"complete":201,"outcome":"ok")")),
            Verdict::kNotLinearizable);
  // But never before it was invoked.
  EXPECT_EQ(verdict(op(2, "read", R"("value":"x","invoke":0,"complete":1,"outcome":"ok")") +
                    op(1, "write", R"("value":"x","invoke":5,"outcome":"unknown")")),
            Verdict::kNotLinearizable);
}

TEST(Lin, AnUnknownCasTakesEffectOnlyAtItsVersion) {
  const std::string cas =
      op(1, "cas", R"("value":"y","expected_version":1,"invoke":0,"outcome":"unknown")");
  EXPECT_EQ(verdict(cas + op(2, "read", R"("value":"y","invoke":10,"complete":11,"outcome":"ok")")),
            Verdict::kNotLinearizable);
  EXPECT_EQ(
      verdict(cas + op(2, "write", R"("value":"x","invoke":5,"complete":6,"outcome":"ok")") +
              op(2, "read", R"("value":"y","version":2,"invoke":10,"complete":11,"outcome":"ok")")),
      Verdict::kLinearizable);
}

TEST(Lin, KeysAreCheckedApart) {
  const History h = parse(
      R"({"process":1,"op":"write","key":"/a","value":1,"invoke":0,"complete":1,"outcome":"ok"}
{"process":1,"op":"write","key":"/b","value":2,"invoke":2,"complete":3,"outcome":"ok"}
{"process":2,"op":"read","key":"/b","value":2,"invoke":4,"complete":5,"outcome":"ok"}
{"process":2,"op":"read","key":"/a","value":"1","invoke":6,"complete":7,"outcome":"ok"}
)");
  const CheckResult r = check(h);
  ASSERT_EQ(r.keys.size(), 2u);
  EXPECT_EQ(r.keys[0].verdict, Verdict::kNotLinearizable);  // "1" is not 1
  EXPECT_EQ(r.keys[1].verdict, Verdict::kLinearizable);
  EXPECT_EQ(r.verdict, Verdict::kNotLinearizable);
}

TEST(Lin, AHugeConcurrentHistoryIsUndecidedAtTheTimeLimit) {
  // 60 concurrent writes and a read of a value none wrote, at version 61 (so every subset is
  // worth trying): 2^60 subsets, cut after 0.3 s.
  const std::string text = endless_history(60);
  const auto start = std::chrono::steady_clock::now();
  const CheckResult r = check(parse(text), 0.3);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(r.verdict, Verdict::kUndecided);
  EXPECT_EQ(r.keys[0].cut, "time-limit");
}

TEST(Lin, TheMemoryLimitIsACutToo) {
  const std::string text = endless_history(30);
  Limits limits;
  limits.cache_entries_max = 1000;
  const CheckResult r = check_history(parse(text), limits);
  EXPECT_EQ(r.verdict, Verdict::kUndecided);
  EXPECT_EQ(r.keys[0].cut, "memory-limit");
  EXPECT_LE(r.cache_entries, 1000u);
}

TEST(Lin, TheMemoryLimitBoundsEachKeyNotTheirSum) {
  // 20 keys of 10 sequential writes: 10 memoised states each, 200 in all, under a limit of 50.
  std::string text;
  for (int key = 0; key < 20; ++key)
    for (int i = 0; i < 10; ++i)
      text += "{\"process\":1,\"op\":\"write\",\"key\":\"/k" + std::to_string(key) +
              "\",\"value\":1,\"invoke\":" + std::to_string(2 * i) +
              ",\"complete\":" + std::to_string(2 * i + 1) + ",\"outcome\":\"ok\"}\n";
  Limits limits;
  limits.cache_entries_max = 50;
  const CheckResult r = check_history(parse(text), limits);
  EXPECT_EQ(r.verdict, Verdict::kLinearizable);
  EXPECT_EQ(r.cache_entries, 200u);
  EXPECT_EQ(r.cache_entries_peak, 10u);
}

void expect_refused(const std::string& line, const std::string& message) {
  SCOPED_TRACE(line);
  try {
    parse("\n" + line + "\n");
    ADD_FAILURE() << "accepted";
  } catch (const HistoryError& e) {
    EXPECT_EQ(e.line(), 2u);
    EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
  }
}

TEST(Lin, MalformedLinesAreRefusedWithTheirLineNumber) {
  const std::pair<std::string, std::string> kCases[] = {
      {"{", "not valid JSON"},
      {"[1]", "not a JSON object"},
      {"\xff\xfe", "not UTF-8"},
      {std::string(100000, '['), "nested too deeply"},
      {R"({"process":1,"op":"delete","key":"/a","invoke":0,"complete":1,"outcome":"ok"})",
       "\"op\" must be one of read, write, cas"},
      {R"({"process":1,"op":"read","key":"/a","invoke":0,"complete":1,"outcome":"ok"})",
       "missing \"value\""},
      {R"({"process":1,"op":"write","key":"/a","value":"x","invoke":5,"complete":1,"outcome":"ok"})",
       "\"complete\" must be an integer >= 5"},
      {R"({"process":1,"op":"write","key":"/a","value":"x","invoke":0,"outcome":"ok"})",
       "missing \"complete\""},
      {R"({"process":1,"op":"cas","key":"/a","value":"x","invoke":0,"complete":1,"outcome":"ok"})",
       "missing \"expected_version\""},
      {R"({"process":1,"op":"cas","key":"/a","value":"x","expected_version":-1,"invoke":0,"complete":1,"outcome":"ok"})",
       "that is a write"},
      {R"({"process":1,"op":"write","key":"/a","value":{"a":1},"invoke":0,"complete":1,"outcome":"ok"})",
       "\"value\" must be a string or an integer"},
      {R"({"process":1,"op":"write","key":"/a","value":"x","invoke":0,"complete":1,"outcome":"ok","expected":3})",
       "unknown field \"expected\""},
      {R"({"process":1,"op":"write","key":"/a","value":"x","invoke":18446744073709551615,"complete":1,"outcome":"ok"})",
       "\"invoke\" must be an integer >= 0"},
  };
  for (const auto& [line, message] : kCases)
    expect_refused(line, message);
}

TEST(Lin, TheTimelineEscapesWhatTheHistorySays) {
  const History h = parse(
      R"({"process":"<b>","op":"write","key":"/<script>&","value":"x","invoke":0,"complete":1,"outcome":"ok"}
{"process":2,"op":"read","key":"/<script>&","value":"\"</svg>","invoke":2,"complete":3,"outcome":"ok"}
)");
  const CheckResult r = check(h);
  ASSERT_EQ(r.verdict, Verdict::kNotLinearizable);
  const std::string svg = timeline_svg(h, r.keys[0]);
  EXPECT_EQ(svg.find("<script>"), std::string::npos) << svg;
  EXPECT_EQ(svg.find("<b>"), std::string::npos) << svg;
  EXPECT_EQ(svg.find("</svg>"), svg.size() - 7) << svg;  // only the closing tag
  EXPECT_NE(svg.find("/&lt;script&gt;&amp;"), std::string::npos) << svg;
  EXPECT_NE(svg.find("class=\"op unplaceable\""), std::string::npos) << svg;
}

TEST(Lin, AHugeValueIsCheckedAndNotEchoedWhole) {
  const std::string big(5 << 20, 'v');
  const History h =
      parse(op(1, "write", "\"value\":\"" + big + R"(","invoke":0,"complete":1,"outcome":"ok")") +
            op(2, "read", R"("value":"small","invoke":2,"complete":3,"outcome":"ok")"));
  const CheckResult r = check(h);
  EXPECT_EQ(r.verdict, Verdict::kNotLinearizable);
  EXPECT_LT(report_text(h, r).size(), 4000u);
  EXPECT_LT(timeline_svg(h, r.keys[0]).size(), 8000u);
}

}  // namespace
}  // namespace zab::lin
