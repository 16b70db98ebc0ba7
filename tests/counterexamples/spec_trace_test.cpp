// Spec traces outside `zabcheck spec`: the text form round trip and its errors, the replay, the
// shrinker (1-minimal, budgets cut, the same property) and the reports (Markdown, HTML with the
// role chart, DOT), on traces the explorers really find.
#include "counterexamples/spec_trace.h"

#include <gtest/gtest.h>

#include "checker/search/bfs.h"
#include "checker/search/random_walk.h"
#include "counterexamples/spec_report.h"
#include "counterexamples/spec_shrink.h"
#include "counterexamples/trace.h"
#include "tests/counterexamples/cx_fixture.h"

namespace zab::cx::testing {
namespace {

spec::SpecConfig buggy(spec::SpecBug bug) {
  spec::SpecConfig c;
  c.bug = bug;
  return c;
}

// The first violating random walk's trace, unshrunk: long and full of steps that do not matter.
SpecTrace walk_trace(const spec::SpecConfig& config, uint64_t seed) {
  const spec::SpecModel model(config);
  search::RandomWalkOptions o;
  o.seed = seed;
  o.walks = 5000;
  const auto r = search::simulate(model, model.start(), o);
  if (!r.failure) throw std::runtime_error("no walk violated a property");
  return SpecTrace{
      config, r.failure->violation->property, r.failure->violation->detail, "random walk",
      "",     r.failure->trace_names};
}

SpecTrace bfs_trace(const spec::SpecConfig& config) {
  const spec::SpecModel model(config);
  search::SearchOptions o;
  o.threads = 2;
  const auto r = search::bfs(model, model.start(), o);
  if (!r.violation) throw std::runtime_error("BFS found no violation");
  return SpecTrace{config,
                   r.violation->property,
                   r.violation->detail,
                   "bfs",
                   "",
                   search::name_trace(model, model.start(), r.trace)};
}

TEST(SpecTrace, TheTextFormReadsBackAsWritten) {
  SpecTrace t = bfs_trace(buggy(spec::SpecBug::kNoSync));
  t.config.properties = {"committed-never-lost"};
  t.reproduce = "zabcheck spec --bug no-sync";
  const std::string text = format_spec_trace(t, "a b.trace");
  EXPECT_NE(text.find("# reproduce: zabcheck replay 'a b.trace'\n"), std::string::npos) << text;
  const SpecTrace back = parse_spec_trace(text);
  EXPECT_EQ(back.config.flags(), t.config.flags());
  EXPECT_EQ(back.config.properties, t.config.properties);
  EXPECT_EQ(back.property, t.property);
  EXPECT_EQ(back.detail, t.detail);
  EXPECT_EQ(back.found_by, t.found_by);
  EXPECT_EQ(back.reproduce, t.reproduce);
  EXPECT_EQ(back.actions, t.actions);
  std::string crlf;
  for (const char c : text)
    crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  EXPECT_EQ(parse_spec_trace(crlf).actions, t.actions);
}

TEST(SpecTrace, MalformedHeadersNameTheLine) {
  const std::string head = "# zabcheck-trace 1\n# model: spec\n# property: prefix-agreement\n";
  const std::pair<std::string, std::string> cases[] = {
      {head + "# config: {\"servers\":3\n----\nviolates x: y\n", "line 4: the configuration"},
      {head + "# config: [1]\n----\nviolates x: y\n", "line 4: config: not a JSON object"},
      {head + "# config: {\"servers\":9,\"txns\":1,\"crashes\":1,\"restarts\":1,\"timeouts\":1,"
              "\"max_epoch\":2,\"bug\":\"none\"}\n----\nviolates x: y\n",
       "line 4: config: --servers 9 is outside 1..5"},
      {head + "elect s1\n", "no '# config:' line"},
  };
  for (const auto& [text, message] : cases) {
    try {
      parse_spec_trace(text);
      ADD_FAILURE() << "accepted: " << text;
    } catch (const TraceError& e) {
      EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
    }
  }
}

// Found by tests/fuzz's trace target: a property name holding ": " made the detail start inside
// it, so formatting what was read wrote a different line each time.
TEST(SpecTrace, TheVerdictRepeatsTheHeadersProperty) {
  const std::string head =
      "# zabcheck-trace 1\n# model: spec\n# property: a: b\n# config: {\"servers\":3,\"txns\":1,"
      "\"crashes\":1,\"restarts\":1,\"timeouts\":1,\"max_epoch\":2,\"bug\":\"none\"}\n----\n";
  const SpecTrace t = parse_spec_trace(head + "violates a: b: c: d\n");
  EXPECT_EQ(t.property, "a: b");
  EXPECT_EQ(t.detail, "c: d");
  EXPECT_EQ(format_spec_trace(parse_spec_trace(format_spec_trace(t, "t")), "t"),
            format_spec_trace(t, "t"));
  EXPECT_EQ(parse_spec_trace(head + "violates a: b\n").detail, "");
  for (const std::string verdict : {"violates a: bc: d\n", "violates x: y\n"}) {
    try {
      parse_spec_trace(head + verdict);
      ADD_FAILURE() << "accepted: " << verdict;
    } catch (const TraceError& e) {
      EXPECT_NE(std::string(e.what()).find("line 6: the verdict names another property than "
                                           "'# property: a: b'"),
                std::string::npos)
          << e.what();
    }
  }
}

TEST(SpecTrace, ReplayStopsAtTheViolationOrTheLineThatIsNotEnabled) {
  const SpecTrace t = bfs_trace(buggy(spec::SpecBug::kCommitWithoutQuorum));
  const SpecReplay r = replay_spec(t);
  ASSERT_TRUE(r.reproduces(t));
  EXPECT_EQ(r.violation_step, t.actions.size());
  EXPECT_EQ(r.taken, t.actions);

  SpecTrace fixed = t;
  fixed.config.bug = spec::SpecBug::kNone;
  const SpecReplay on_fixed = replay_spec(fixed);
  EXPECT_FALSE(on_fixed.reproduces(fixed));

  SpecTrace broken = t;
  broken.actions.insert(broken.actions.begin() + 1, "commit s9");
  const SpecReplay strict = replay_spec(broken);
  EXPECT_EQ(strict.outcome, ReplayOutcome::kInconsistent);
  EXPECT_NE(strict.problem.find("step 2: 'commit s9' is not enabled"), std::string::npos)
      << strict.problem;
  SpecReplayOptions lenient;
  lenient.lenient = true;
  EXPECT_TRUE(replay_spec(broken, lenient).reproduces(broken));
}

// A lenient replay of `lines` under `config` reproduces the trace's property.
bool reproduces(const SpecTrace& t, const std::vector<std::string>& lines) {
  SpecTrace c = t;
  c.actions = lines;
  SpecReplayOptions lenient;
  lenient.lenient = true;
  return replay_spec(c, lenient).reproduces(c);
}

TEST(SpecShrink, AWalkShrinksToAOneMinimalTraceOfTheSameProperty) {
  // The other two mutations are deeper than blind walks reach (issue 17).
  for (const auto bug :
       {spec::SpecBug::kCommitWithoutQuorum, spec::SpecBug::kElectionIgnoresHistory,
        spec::SpecBug::kNoSync, spec::SpecBug::kCounterRestarts}) {
    SCOPED_TRACE(std::string(spec::to_string(bug)));
    spec::SpecConfig config = buggy(bug);
    config.txns = 2;
    const SpecTrace walk = walk_trace(config, 7);
    const SpecShrinkResult r = shrink_spec(walk);
    EXPECT_EQ(r.trace.property, walk.property);
    EXPECT_LE(r.length_after, r.length_before);
    EXPECT_EQ(r.length_after, r.trace.actions.size());
    EXPECT_FALSE(r.replays_exhausted);
    EXPECT_TRUE(replay_spec(r.trace).reproduces(r.trace));
    // 1-minimal: without any one of its lines the violation is gone.
    for (size_t i = 0; i < r.trace.actions.size(); ++i) {
      auto fewer = r.trace.actions;
      fewer.erase(fewer.begin() + static_cast<std::ptrdiff_t>(i));
      EXPECT_FALSE(reproduces(r.trace, fewer)) << "line " << i + 1 << " is not needed";
    }
    // The budgets are what the trace spends: none above the original's, txns cut to use.
    EXPECT_LE(r.trace.config.txns, walk.config.txns);
    EXPECT_LE(r.trace.config.crashes, walk.config.crashes);
    if (r.length_after < r.length_before) {
      EXPECT_NE(r.trace.found_by.find("shrunk from"), std::string::npos);
    }
  }
}

// Shortcuts (search::shortcut) take out the detours delta debugging keeps: every shrunk walk is
// within 1.25x of BFS's shortest counterexample for the same configuration (issue 17's target).
TEST(SpecShrink, ShrunkWalksAreNearShortest) {
  for (const auto bug :
       {spec::SpecBug::kCommitWithoutQuorum, spec::SpecBug::kElectionIgnoresHistory,
        spec::SpecBug::kNoSync, spec::SpecBug::kCounterRestarts})
    for (const uint64_t seed : {1, 7}) {
      SCOPED_TRACE(fmt::format("{} seed {}", spec::to_string(bug), seed));
      spec::SpecConfig config = buggy(bug);
      config.txns = 2;
      const SpecTrace walk = walk_trace(config, seed);
      const SpecShrinkResult r = shrink_spec(walk);
      spec::SpecConfig same_property = config;
      same_property.properties = {walk.property};
      const size_t shortest = bfs_trace(same_property).actions.size();
      EXPECT_LE(r.length_after * 4, shortest * 5)
          << r.length_after << " actions, BFS " << shortest << "; walk " << walk.actions.size();
    }
}

TEST(SpecShrink, AShortestTraceComesBackAsLongAndTheWrongTraceIsRefused) {
  const SpecTrace bfs = bfs_trace(buggy(spec::SpecBug::kSkipEpochAckQuorum));
  const SpecShrinkResult r = shrink_spec(bfs);
  EXPECT_EQ(r.length_after, bfs.actions.size());

  SpecTrace fixed = bfs;
  fixed.config.bug = spec::SpecBug::kNone;
  EXPECT_THROW(shrink_spec(fixed), ShrinkError);
  SpecTrace broken = bfs;
  broken.actions.insert(broken.actions.begin(), "crash s7");
  EXPECT_THROW(shrink_spec(broken), ShrinkError);
}

TEST(SpecShrink, FewerServersWhenTheBugNeedsFewer) {
  // The zxid counter bug needs one leader and two proposals: a single server shows it.
  spec::SpecConfig config = buggy(spec::SpecBug::kCounterRestarts);
  config.txns = 2;
  const SpecShrinkResult r = shrink_spec(walk_trace(config, 3));
  EXPECT_EQ(r.trace.property, "zxid-monotonic");
  EXPECT_LT(r.trace.config.servers, 3) << r.trace.config.flags();
  EXPECT_EQ(r.trace.config.crashes, 0) << r.trace.config.flags();
}

TEST(SpecReport, EveryStepEveryServerAndTheViolation) {
  const SpecTrace t = bfs_trace(buggy(spec::SpecBug::kCommitWithoutQuorum));
  const SpecRecording rec = record_spec(t, "cwq.trace");
  ASSERT_EQ(rec.steps.size(), t.actions.size());
  EXPECT_EQ(rec.result.outcome, ReplayOutcome::kViolated);

  const std::string md = spec_report_markdown(rec);
  EXPECT_NE(md.find("| step | action | s1 | s2 | s3 |"), std::string::npos) << md;
  EXPECT_NE(md.find(spec_verdict_sentence(rec)), std::string::npos);
  EXPECT_NE(md.find(fmt::format("| ⚠ {} |", t.actions.size())), std::string::npos);
  EXPECT_NE(md.find("zabcheck replay cwq.trace"), std::string::npos);

  const std::string html = spec_report_html(rec);
  EXPECT_NE(html.find("<svg class=\"roles\""), std::string::npos);
  // One cell per server and state (the start, then every step), plus the legend's four.
  const size_t cells = 3 * (t.actions.size() + 1);
  size_t rects = 0;
  for (size_t at = html.find("<rect class=\""); at != std::string::npos;
       at = html.find("<rect class=\"", at + 1))
    ++rects;
  EXPECT_EQ(rects, cells + 4 + 1);  // and the violation's frame
  EXPECT_NE(html.find("class=\"verdict violated\""), std::string::npos);

  const std::string dot = spec_path_dot(rec);
  EXPECT_NE(dot.find(fmt::format("s{} -> s{}", t.actions.size() - 1, t.actions.size())),
            std::string::npos);
  EXPECT_NE(dot.find("VIOLATED " + t.property), std::string::npos);

  const auto dir = fresh_dir("spec-report");
  const auto files = write_spec_report(rec, dir / "out");
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(slurp(files[0]), md);
}

TEST(SpecReport, AnInconsistentTraceSaysWhere) {
  SpecTrace t = bfs_trace(buggy(spec::SpecBug::kNoSync));
  t.actions.insert(t.actions.begin() + 2, "propose s3");
  const SpecRecording rec = record_spec(t);
  EXPECT_EQ(rec.result.outcome, ReplayOutcome::kInconsistent);
  EXPECT_EQ(rec.steps.size(), 2u);
  EXPECT_NE(spec_verdict_sentence(rec).find("step 3: 'propose s3' is not enabled"),
            std::string::npos)
      << spec_verdict_sentence(rec);
  EXPECT_NE(spec_report_html(rec).find("class=\"verdict inconsistent\""), std::string::npos);
}

}  // namespace
}  // namespace zab::cx::testing
